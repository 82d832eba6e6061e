export { openDatabase, type Db, type DbHandle } from './client.js';
export * from './schema.js';
export { createIdentityRepository, type IdentityRepository, type PlatformIdentity } from './repositories/identityRepository.js';
export { createSessionRepository, type SessionRepository, type NewSession } from './repositories/sessionRepository.js';
export { createAnswerRepository, type AnswerRepository, type AnswerRecord } from './repositories/answerRepository.js';
export { createUsageRepository, type UsageRepository, utcDay } from './repositories/usageRepository.js';
export { createProgressRepository, type ProgressRepository } from './repositories/progressRepository.js';
export { createHistoryRepository, type HistoryRepository, type HistoryEntry } from './repositories/historyRepository.js';
export { createPrivacyRepository, type PrivacyRepository } from './repositories/privacyRepository.js';
export { createRoundLeaseRepository, type RoundLeaseRepository } from './repositories/roundLeaseRepository.js';
export { createCooldownRepository, type CooldownRepository } from './repositories/cooldownRepository.js';
export { isUniqueViolation, OPEN_ROUND_PER_CHANNEL } from './uniqueViolation.js';

import type { Db } from './client.js';
import { createIdentityRepository } from './repositories/identityRepository.js';
import { createSessionRepository } from './repositories/sessionRepository.js';
import { createAnswerRepository } from './repositories/answerRepository.js';
import { createUsageRepository } from './repositories/usageRepository.js';
import { createProgressRepository } from './repositories/progressRepository.js';
import { createHistoryRepository } from './repositories/historyRepository.js';
import { createPrivacyRepository } from './repositories/privacyRepository.js';
import { createRoundLeaseRepository } from './repositories/roundLeaseRepository.js';
import { createCooldownRepository } from './repositories/cooldownRepository.js';

/** Every query the app runs lives in one of these; nothing above src/db sees the connection. */
export function createRepositories(db: Db) {
  return {
    identity: createIdentityRepository(db),
    sessions: createSessionRepository(db),
    answers: createAnswerRepository(db),
    usage: createUsageRepository(db),
    progress: createProgressRepository(db),
    history: createHistoryRepository(db),
    privacy: createPrivacyRepository(db),
    leases: createRoundLeaseRepository(db),
    cooldowns: createCooldownRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
