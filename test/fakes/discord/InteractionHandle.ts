import type { ChangeNotifier } from './ChangeNotifier.js';
import type { JsonObject } from './json.js';
import type { MessageStore } from './MessageStore.js';
import type { InteractionRecord, InteractionResponseRecord, StoredMessage } from './types.js';

const DEFAULT_TIMEOUT_MS = 5000;

/** One interaction a test sent, and everything the bot answered to it. */
export class InteractionHandle {
  constructor(
    readonly record: InteractionRecord,
    /** The INTERACTION_CREATE data as dispatched. */
    readonly payload: JsonObject,
    private readonly notifier: ChangeNotifier,
    private readonly messages: MessageStore,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** Callback, webhook edits, follow-ups and deletes, in the order the bot made them. */
  responses(): InteractionResponseRecord[] {
    return [...this.record.responses];
  }

  /** First response (already made or future) matching the predicate; any response when omitted. */
  waitForResponse(
    predicate: (response: InteractionResponseRecord) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<InteractionResponseRecord> {
    return this.notifier.waitUntil(
      () => this.record.responses.find(predicate),
      timeoutMs,
      () => `a matching response to interaction ${this.describe()}; got: ${this.summary()}`,
    );
  }

  /** Resolves once the bot has made at least `count` responses. */
  waitForResponses(count: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<InteractionResponseRecord[]> {
    return this.notifier.waitUntil(
      () => (this.record.responses.length >= count ? this.responses() : undefined),
      timeoutMs,
      () => `${count} responses to interaction ${this.describe()}; got: ${this.summary()}`,
    );
  }

  /** The reply message (created by callback 4/5, or the component's message for 6/7) with edits applied. */
  originalMessage(): StoredMessage | undefined {
    const id = this.record.originalMessageId;
    return id ? this.messages.get(id) : undefined;
  }

  followups(): StoredMessage[] {
    return this.record.followupIds.flatMap((id) => this.messages.get(id) ?? []);
  }

  /** Waits until the original reply satisfies the predicate, e.g. a deferred reply got its content. */
  waitForOriginal(predicate: (message: StoredMessage) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<StoredMessage> {
    return this.notifier.waitUntil(
      () => {
        const message = this.originalMessage();
        return message && predicate(message) ? message : undefined;
      },
      timeoutMs,
      () => `the original reply of interaction ${this.describe()} to match; got: ${this.summary()}`,
    );
  }

  private describe(): string {
    const what = this.record.commandName ? `/${this.record.commandName}` : (this.record.customId ?? `type ${this.record.type}`);
    return `${this.record.id} (${what})`;
  }

  private summary(): string {
    if (this.record.responses.length === 0) return 'no responses';
    return this.record.responses
      .map((r) => (r.kind === 'callback' ? `callback type ${String(r.callbackType)}` : r.kind))
      .join(', ');
  }
}
