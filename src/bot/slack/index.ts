export { startSlackBot, type SlackBot, type StartSlackBotOptions } from './startSlackBot.js';
export { slackMode, type SlackMode } from './slackMode.js';
export { renderBlocks, BLOCK_LIMITS, type SlackMessage } from './renderBlocks.js';
export { toMrkdwn, toPlainText } from './mrkdwn.js';
export { SlackSurface, type SlackSurfaceOptions } from './SlackSurface.js';
export { COMMANDS } from './slashCommands.js';
