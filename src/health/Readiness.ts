/** One part the process needs to do its job: a platform connection, the database. */
export interface CheckResult {
  ok: boolean;
  /** Why not, in words fit for an operator's log (never a secret). */
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, CheckResult>;
}

/** A check answers now (a socket's state) or after asking something (the database). */
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

/** How long `/readyz` waits for all checks together: a check that has not answered by then counts as failed. */
export const READINESS_LIMIT_MS = 2_000;

/**
 * What `/readyz` reports: every registered check passes and the process is not draining. Adapters register their
 * own check (gateway connected, socket open, HTTP listener bound) so the health server knows no platform. The checks
 * run in parallel under one overall time limit, so a database that stops answering makes the process not ready
 * within that limit instead of holding the request.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private drainingSince: number | undefined;

  constructor(private readonly limitMs = READINESS_LIMIT_MS) {}

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** From now on the process takes no new work: load balancers and orchestrators stop sending it any. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  async report(): Promise<ReadinessReport> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${this.limitMs} ms` }), this.limitMs);
    });
    try {
      const entries = await Promise.all(
        [...this.checks].map(async ([name, check]) => [name, await Promise.race([runCheck(check), timedOut])] as const),
      );
      const checks = Object.fromEntries(entries);
      const ready = !this.draining && entries.every(([, c]) => c.ok);
      return { ready, draining: this.draining, checks };
    } finally {
      clearTimeout(timer);
    }
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
