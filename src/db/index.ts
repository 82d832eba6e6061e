export { openDatabase, type Db, type DbHandle } from './client.js';
export * from './schema.js';
export { createIdentityRepository, type IdentityRepository, type PlatformIdentity } from './repositories/identityRepository.js';
export { createSessionRepository, type SessionRepository, type NewSession } from './repositories/sessionRepository.js';
export { createAnswerRepository, type AnswerRepository, type AnswerRecord } from './repositories/answerRepository.js';
export { createUsageRepository, type UsageRepository, utcDay } from './repositories/usageRepository.js';

import type { Db } from './client.js';
import { createIdentityRepository } from './repositories/identityRepository.js';
import { createSessionRepository } from './repositories/sessionRepository.js';
import { createAnswerRepository } from './repositories/answerRepository.js';
import { createUsageRepository } from './repositories/usageRepository.js';

export function createRepositories(db: Db) {
  return {
    identity: createIdentityRepository(db),
    sessions: createSessionRepository(db),
    answers: createAnswerRepository(db),
    usage: createUsageRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
