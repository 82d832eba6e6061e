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

type RepositoryFactories = Record<string, (database: Database) => object>;
type ExclusiveRepositories<F extends RepositoryFactories> = { [K in keyof F]: AsyncMethods<ReturnType<F[K]>> };

/** Each factory's repository over `database`, under the factory's name, every one run through exclusiveRepository. */
function exclusiveRepositories<F extends RepositoryFactories>(database: Database, factories: F): ExclusiveRepositories<F> {
  const repositories: Record<string, unknown> = {};
  for (const [name, create] of Object.entries(factories)) repositories[name] = exclusiveRepository(database, create(database));
  return repositories as ExclusiveRepositories<F>;
}

/** Every query the app runs lives in one of these; nothing above src/db sees the connection. */
export function createRepositories(database: Database) {
  return exclusiveRepositories(database, {
    identity: createIdentityRepository,
    sessions: createSessionRepository,
    answers: createAnswerRepository,
    usage: createUsageRepository,
    progress: createProgressRepository,
    history: createHistoryRepository,
    privacy: createPrivacyRepository,
    leases: createRoundLeaseRepository,
    cooldowns: createCooldownRepository,
    progressVersions: createProgressVersionRepository,
    stories: createStoryCoverageRepository,
    peerRatings: createPeerRatingRepository,
    answerQueue: createAnswerQueueRepository,
  });
}

export type Repositories = ReturnType<typeof createRepositories>;
