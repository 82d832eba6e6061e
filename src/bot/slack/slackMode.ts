import { ConfigError, type Config } from '../../config/index.js';

/** Socket Mode needs no public URL; HTTP mode needs Slack to reach `/slack/events` on SLACK_PORT. */
export type SlackMode =
  | { kind: 'socket'; botToken: string; appToken: string }
  | { kind: 'http'; botToken: string; signingSecret: string; port: number };

/** Socket Mode when an app-level token is set, else HTTP with the signing secret; neither is a config error. */
export function slackMode(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_PORT'>): SlackMode {
  const botToken = config.SLACK_BOT_TOKEN;
  if (botToken === undefined) throw new ConfigError('Slack needs SLACK_BOT_TOKEN (xoxb-…). See docs/SLACK.md.');
  if (config.SLACK_APP_TOKEN !== undefined) {
    if (!config.SLACK_APP_TOKEN.startsWith('xapp-')) {
      throw new ConfigError('SLACK_APP_TOKEN must be an app-level token (xapp-…) with the connections:write scope. See docs/SLACK.md.');
    }
    return { kind: 'socket', botToken, appToken: config.SLACK_APP_TOKEN };
  }
  if (config.SLACK_SIGNING_SECRET !== undefined) {
    return { kind: 'http', botToken, signingSecret: config.SLACK_SIGNING_SECRET, port: config.SLACK_PORT };
  }
  throw new ConfigError(
    'Slack needs SLACK_APP_TOKEN (Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP mode on SLACK_PORT). See docs/SLACK.md.',
  );
}
