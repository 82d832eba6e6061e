// storage: SQLite and PostgreSQL
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PlatformIdentity } from '../../src/db/repositories/identityRepository.js';
import type { UserRow } from '../../src/db/schema.js';
import {
  InvalidIdError,
  answerId,
  platformUserId,
  questionId,
  sessionId,
  userId,
  workspaceId,
  type AnswerId,
  type PlatformUserId,
  type QuestionId,
  type SessionId,
  type UserId,
  type WorkspaceId,
} from '../../src/ids.js';
import { createTempDatabase } from '../helpers/tempDb.js';
import { person } from '../helpers/ids.js';

// The checks that matter here run in `tsc` (every `@ts-expect-error` must be an error, or the typecheck fails);
// vitest runs the same file for the runtime half: the constructors refuse what is not an id.
describe('branded ids', () => {
  it('the internal and the platform user id are different types, and neither is a plain number or string', () => {
    expectTypeOf<UserId>().not.toEqualTypeOf<PlatformUserId>();
    expectTypeOf<UserId>().not.toMatchTypeOf<PlatformUserId>();
    expectTypeOf<number>().not.toMatchTypeOf<UserId>();
    expectTypeOf<string>().not.toMatchTypeOf<PlatformUserId>();
    expectTypeOf<SessionId>().not.toMatchTypeOf<PlatformUserId>();
    expectTypeOf<QuestionId>().not.toMatchTypeOf<AnswerId>();
    expectTypeOf<UserId>().not.toMatchTypeOf<WorkspaceId>();
    // An id still reads as what it is underneath: it can be logged, compared and put in SQL.
    expectTypeOf<UserId>().toMatchTypeOf<number>();
    expectTypeOf<SessionId>().toMatchTypeOf<string>();
  });

  it('rows carry them: a stored user has a UserId and a PlatformUserId', () => {
    expectTypeOf<UserRow['id']>().toEqualTypeOf<UserId>();
    expectTypeOf<UserRow['platformUserId']>().toEqualTypeOf<PlatformUserId>();
    expectTypeOf<PlatformIdentity['id']>().toEqualTypeOf<PlatformUserId>();
  });

  it('mixing them does not compile', async () => {
    const db = await createTempDatabase();
    try {
      const user = await db.repos.identity.upsertUser(person('discord', '123456789012345678', 'ana'));
      // The wrong calls are for the compiler only: at run time a snowflake where an integer id goes is a query error on
      // Postgres (out of range) and no row on SQLite, so they are type-checked here and never called.
      const wrongCalls = async () => {
        // @ts-expect-error — a snowflake is not the database's user id
        await db.repos.identity.getUser(user.platformUserId);
        // @ts-expect-error — nor is a plain number
        await db.repos.identity.getUser(1);
        // @ts-expect-error — the database's user id is not the platform's
        await db.repos.identity.findUser('discord', user.id);
        // @ts-expect-error — a plain string is not a platform user id either: adapters build one with platformUserId()
        await db.repos.identity.findUser('discord', '123456789012345678');
        // @ts-expect-error — a user id is not a workspace id
        await db.repos.identity.getWorkspace(user.id);
        // @ts-expect-error — a question id is not an answer id
        await db.repos.answers.get(questionId(1));
        // @ts-expect-error — a plain string is not a session id
        await db.repos.sessions.get('s1');
      };
      expect(wrongCalls).toBeTypeOf('function');
      expect((await db.repos.identity.getUser(user.id))?.platformUserId).toBe('123456789012345678');
      expect((await db.repos.identity.findUser('discord', user.platformUserId))?.id).toBe(user.id);
    } finally {
      await db.cleanup();
    }
  });

  it('the constructors accept ids and refuse what cannot be one', () => {
    expect(userId(7)).toBe(7);
    expect(sessionId('2f6c')).toBe('2f6c');
    expect(platformUserId('U123')).toBe('U123');
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => userId(bad)).toThrow(InvalidIdError);
      expect(() => workspaceId(bad)).toThrow(InvalidIdError);
      expect(() => answerId(bad)).toThrow(InvalidIdError);
    }
    expect(() => sessionId('')).toThrow(InvalidIdError);
    expect(() => platformUserId('')).toThrow(InvalidIdError);
  });
});
