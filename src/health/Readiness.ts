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

/**
 * What `/readyz` reports: every registered check passes and the process is not draining. Adapters register their
 * own check (gateway connected, socket open, HTTP listener bound) so the health server knows no platform.
 */
export class Readiness {
  private readonly checks = new Map<string, () => CheckResult>();
  private drainingSince: number | undefined;

  add(name: string, check: () => CheckResult): void {
    this.checks.set(name, check);
  }

  /** From now on the process takes no new work: load balancers and orchestrators stop sending it any. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  report(): ReadinessReport {
    const checks: Record<string, CheckResult> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = check();
      } catch (error) {
        checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }
    const ready = !this.draining && Object.values(checks).every((c) => c.ok);
    return { ready, draining: this.draining, checks };
  }
}
