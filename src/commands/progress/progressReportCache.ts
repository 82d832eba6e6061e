import type { PeerRatingRepository } from '../../db/repositories/peerRatingRepository.js';
import type { Database } from '../../db/client.js';
import { exclusiveRepository, type StoryCoverageRepository } from '../../db/index.js';
import type { ProgressRepository } from '../../db/repositories/progressRepository.js';
import { createProgressVersionRepository, type ProgressVersionRepository } from '../../db/repositories/progressVersionRepository.js';
import { buildProgressReport, periodStart, reportBoundaryOffsets, type ProgressReportOptions } from './buildProgressReport.js';
import type { ProgressReport } from './types.js';

/** The repositories bag (with `progress` and `progressVersions`) or the database itself. */
export type CachedProgressSource =
  | Database
  | { progress: ProgressRepository; progressVersions: ProgressVersionRepository; stories: StoryCoverageRepository; peerRatings: PeerRatingRepository };

const DAY_MS = 86_400_000;

interface Stored {
  /** The report holds for any "now" in [from, until). */
  from: number;
  until: number;
  report: ProgressReport;
}

interface UserReports {
  version: number;
  /** By scope (workspace, role, period, trend length), least recently used first. */
  reports: Map<string, Stored>;
}

function scopeKey(options: ProgressReportOptions): string {
  return JSON.stringify([options.workspaceId ?? null, options.role ?? null, options.periodDays ?? null, options.trendSessions ?? null]);
}

function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

/**
 * Built reports by person and scope, valid while the person's data version (users.progress_version, bumped in the
 * transaction of every answer, metrics, evaluation and share-setting write) is the one they were built at, and
 * the clock has not moved an answer across one of the report's time boundaries or into another UTC day. A repeat
 * /progress with nothing new costs one indexed read of the version. Forget-me deletes the user row, so their
 * version reads as missing and their reports are dropped; ids are never reused (AUTOINCREMENT), so no one else's
 * data can ever match an old entry.
 */
export class ProgressReportCache {
  readonly #users = new Map<number, UserReports>();

  constructor(
    private readonly maxUsers = 256,
    private readonly maxReportsPerUser = 16,
  ) {}

  async report(source: CachedProgressSource, options: ProgressReportOptions): Promise<ProgressReport> {
    const versions = 'progress' in source ? source.progressVersions : exclusiveRepository(source, createProgressVersionRepository(source));
    const now = options.now ?? new Date();
    const at = now.getTime();
    // Read before building: a write racing the build then leaves the entry under a version already gone.
    const version = await versions.current(options.userId);
    if (version === undefined) {
      this.#users.delete(options.userId);
      return await buildProgressReport(source, { ...options, now });
    }
    const key = scopeKey(options);
    const mine = this.#users.get(options.userId);
    const hit = mine?.version === version ? mine.reports.get(key) : undefined;
    if (mine && hit && hit.from <= at && at < hit.until) {
      this.#touch(options.userId, mine);
      mine.reports.delete(key);
      mine.reports.set(key, hit);
      return served(hit.report, now, options.periodDays ?? null);
    }
    const report = await buildProgressReport(source, { ...options, now });
    const until = Math.min(
      nextUtcMidnight(at),
      await versions.nextBoundaryCrossing(options.userId, at, reportBoundaryOffsets(options.periodDays ?? null)),
    );
    this.#store(options.userId, version, key, { from: at, until, report });
    return report;
  }

  /** Drops whatever is held about this person. */
  forget(userId: number): void {
    this.#users.delete(userId);
  }

  clear(): void {
    this.#users.clear();
  }

  /** Reports held, over all people. */
  get size(): number {
    let n = 0;
    for (const user of this.#users.values()) n += user.reports.size;
    return n;
  }

  #store(userId: number, version: number, key: string, stored: Stored): void {
    let mine = this.#users.get(userId);
    // Versions only grow: a report built at an older one than held is stale already.
    if (mine && mine.version > version) return;
    if (!mine || mine.version < version) mine = { version, reports: new Map() };
    mine.reports.delete(key);
    mine.reports.set(key, stored);
    while (mine.reports.size > this.maxReportsPerUser) {
      const oldest = mine.reports.keys().next().value;
      if (oldest === undefined) break;
      mine.reports.delete(oldest);
    }
    this.#touch(userId, mine);
  }

  #touch(userId: number, mine: UserReports): void {
    this.#users.delete(userId);
    this.#users.set(userId, mine);
    while (this.#users.size > this.maxUsers) {
      const oldest = this.#users.keys().next().value;
      if (oldest === undefined) break;
      this.#users.delete(oldest);
    }
  }
}

/** The stored report as built at `now`: only the time stamps differ, the figures are the same by construction. */
function served(report: ProgressReport, now: Date, periodDays: number | null): ProgressReport {
  return {
    ...report,
    generatedAt: now.toISOString(),
    scope: { ...report.scope, since: periodStart(now, periodDays)?.toISOString() ?? null },
  };
}

const caches = new WeakMap<object, ProgressReportCache>();

/** `buildProgressReport` through the cache kept for this database (or repositories bag). */
export async function cachedProgressReport(source: CachedProgressSource, options: ProgressReportOptions): Promise<ProgressReport> {
  const owner = 'progress' in source ? source.progressVersions : source;
  let cache = caches.get(owner);
  if (!cache) {
    cache = new ProgressReportCache();
    caches.set(owner, cache);
  }
  return await cache.report(source, options);
}

/** Drops this person's cached reports (forget-me in this process; other processes find their version gone). */
export function forgetCachedProgress(source: CachedProgressSource, userId: number): void {
  caches.get('progress' in source ? source.progressVersions : source)?.forget(userId);
}
