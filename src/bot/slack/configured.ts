import type { Config } from '../../config/index.js';

/** Slack runs with a bot token and a way in (Socket Mode's app token or HTTP's signing secret); loads no Bolt. */
export function slackConfigured(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET'>): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET));
}
