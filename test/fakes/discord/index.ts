export { FakeDiscord } from './FakeDiscord.js';
export type { FakeDiscordOptions, VoiceStateInput } from './fakeDiscordOptions.js';
export type { UserMessageInput, VoiceMessageInput } from './UserMessages.js';
export { failures } from './failures.js';
export { InteractionHandle } from './InteractionHandle.js';
// The interaction inputs (slash command, autocomplete, component, select, modal submit) and the simulator's types.
export type * from './InteractionSimulator.js';
export type { SlashOptionValue } from './interactionPayloads.js';
export type { ModalFieldValue } from './modalSubmit.js';
export type { Json, JsonObject } from './json.js';
export type { Interceptor, RestContext, RestReply, RouteMatcher } from './RestRouter.js';
export type { VoiceServerConfig, VoiceStateRequestListener } from './VoiceSignalling.js';
export { Intent } from './intents.js';
export * from './types.js';
export { shardOfGuild, type ShardPair } from './sharding.js';
