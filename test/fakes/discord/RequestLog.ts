import type { ChangeNotifier } from './ChangeNotifier.js';
import type { RecordedRequest } from './types.js';

/** Every REST call the bot made, in arrival order. */
export class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private seq = 0;

  constructor(private readonly notifier: ChangeNotifier) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  add(request: RecordedRequest): void {
    this.entries.push(request);
    this.notifier.notify();
  }

  get all(): readonly RecordedRequest[] {
    return this.entries;
  }

  /** Resolves with the first recorded request (past or future) matching the predicate. */
  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return this.notifier.waitUntil(
      () => this.entries.find(predicate),
      timeoutMs,
      () => `a matching REST request; recorded so far:\n${this.describeRecent()}`,
    );
  }

  describeRecent(count = 15): string {
    const recent = this.entries.slice(-count);
    if (recent.length === 0) return '  (none)';
    return recent.map((r) => `  #${r.seq} ${r.method} ${r.path} → ${r.status}`).join('\n');
  }
}
