import type { FakeState } from '../FakeState.js';
import type { InteractionStore } from '../InteractionStore.js';
import type { JsonObject } from '../json.js';
import type { MessageActions } from '../MessageActions.js';
import type { MessageStore } from '../MessageStore.js';
import type { Payloads } from '../Payloads.js';
import { apiError, type RestReply } from '../RestRouter.js';

/** Everything REST handlers may read or change. */
export interface RouteDeps {
  readonly state: FakeState;
  readonly messages: MessageStore;
  readonly interactions: InteractionStore;
  readonly payloads: Payloads;
  readonly actions: MessageActions;
  dispatch(event: string, data: JsonObject): void;
  gatewayUrl(): string;
  /** `shards` and `max_concurrency` of `GET /gateway/bot`. */
  gatewaySharding(): { shards: number; maxConcurrency: number };
  applicationFlags(): number;
  /** Discord rejects an initial response after 3 s; 0 disables the check. */
  callbackDeadlineMs(): number;
  nextSeq(): number;
}

export const unknownChannel = (): RestReply => apiError(404, 10003, 'Unknown Channel');
export const unknownMessage = (): RestReply => apiError(404, 10008, 'Unknown Message');
export const unknownInteraction = (): RestReply => apiError(404, 10062, 'Unknown interaction');
export const unknownWebhook = (): RestReply => apiError(404, 10015, 'Unknown Webhook');
