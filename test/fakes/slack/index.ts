export { FakeSlack, type FakeSlackOptions } from './FakeSlack.js';
export { apiError, httpError, rateLimited } from './failures.js';
export { fileShareMessage, fileSharedEvent, textMessage, threadReply } from './eventBuilders.js';
export type { FileShareMessageEvent, FileSharedEvent, TextMessageEvent } from './eventBuilders.js';
export type { BlockActionResult, BotResponse, EventResult, SendOptions, SlashCommandResult } from './BotDriver.js';
export type { BlockActionParams, SlashCommandParams } from './inboundPayloads.js';
export { slackSignature } from './signRequest.js';
export { loadBolt } from './loadBolt.js';
export type * from './types.js';
