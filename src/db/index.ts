export { openDatabase, first, only, type Database, type Db, type DbHandle, type Dialect, type SqliteDatabase } from './client.js';
export * from './schema.js';
export { createIdentityRepository, type IdentityRepository, type PlatformIdentity, type WorkspaceIdentity } from './repositories/identityRepository.js';
export { createSessionRepository, type SessionRepository, type NewSession } from './repositories/sessionRepository.js';
export { createAnswerRepository, type AnswerRepository, type AnswerRecord } from './repositories/answerRepository.js';
export { createUsageRepository, type UsageRepository, utcDay } from './repositories/usageRepository.js';
export { createProgressRepository, type ProgressRepository } from './repositories/progressRepository.js';
export { createHistoryRepository, type HistoryRepository, type HistoryEntry } from './repositories/historyRepository.js';
export { createPrivacyRepository, type PrivacyRepository } from './repositories/privacyRepository.js';
export { createRoundLeaseRepository, type RoundLeaseRepository } from './repositories/roundLeaseRepository.js';
export { createCooldownRepository, type CooldownRepository } from './repositories/cooldownRepository.js';
export { isUniqueViolation, OPEN_ROUND_PER_CHANNEL } from './uniqueViolation.js';
export { createAnswerQueueRepository, type AnswerQueueRepository, type TransactionSql, ANSWER_DONE_CHANNEL } from './repositories/answerQueueRepository.js';
export { createProgressVersionRepository, type ProgressVersionRepository } from './repositories/progressVersionRepository.js';
export { createStoryCoverageRepository, type StoryCoverageRepository, type StoryCoverageRow, type CompetencyTotals } from './repositories/storyCoverageRepository.js';
export { createPeerRatingRepository, type PeerRatingRepository } from './repositories/peerRatingRepository.js';

import type { Database } from './client.js';
import { createIdentityRepository } from './repositories/identityRepository.js';
import { createSessionRepository } from './repositories/sessionRepository.js';
import { createAnswerRepository } from './repositories/answerRepository.js';
import { createUsageRepository } from './repositories/usageRepository.js';
import { createProgressRepository } from './repositories/progressRepository.js';
import { createHistoryRepository } from './repositories/historyRepository.js';
import { createPrivacyRepository } from './repositories/privacyRepository.js';
import { createRoundLeaseRepository } from './repositories/roundLeaseRepository.js';
import { createCooldownRepository } from './repositories/cooldownRepository.js';
import { createProgressVersionRepository } from './repositories/progressVersionRepository.js';
import { createStoryCoverageRepository } from './repositories/storyCoverageRepository.js';
import { createPeerRatingRepository } from './repositories/peerRatingRepository.js';
import { createAnswerQueueRepository } from './repositories/answerQueueRepository.js';

type AsyncMethods<R> = { [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => Promise<T> : R[K] };

/**
 * Every method of `repository` run through `database.exclusive`: on SQLite no call interleaves into another
 * caller's open transaction on the one connection (see sqliteGate.ts); calls made from inside go straight through.
 */
export function exclusiveRepository<R extends object>(database: Database, repository: R): AsyncMethods<R> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repository)) {
    wrapped[name] =
      typeof value === 'function' ? (...args: unknown[]) => database.exclusive(() => (value as (...a: unknown[]) => Promise<unknown>).apply(repository, args)) : value;
  }
  return wrapped as AsyncMethods<R>;
}

/** Every query the app runs lives in one of these; nothing above src/db sees the connection. */
export function createRepositories(database: Database) {
  return {
    identity: exclusiveRepository(database, createIdentityRepository(database)),
    sessions: exclusiveRepository(database, createSessionRepository(database)),
    answers: exclusiveRepository(database, createAnswerRepository(database)),
    usage: exclusiveRepository(database, createUsageRepository(database)),
    progress: exclusiveRepository(database, createProgressRepository(database)),
    history: exclusiveRepository(database, createHistoryRepository(database)),
    privacy: exclusiveRepository(database, createPrivacyRepository(database)),
    leases: exclusiveRepository(database, createRoundLeaseRepository(database)),
    cooldowns: exclusiveRepository(database, createCooldownRepository(database)),
    progressVersions: exclusiveRepository(database, createProgressVersionRepository(database)),
    stories: exclusiveRepository(database, createStoryCoverageRepository(database)),
    peerRatings: exclusiveRepository(database, createPeerRatingRepository(database)),
    answerQueue: exclusiveRepository(database, createAnswerQueueRepository(database)),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
