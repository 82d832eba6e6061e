import { randomUUID } from 'node:crypto';

/*
 * Branded ids: each kind of id is its own type, so passing a platform's user id where the database's user id is
 * wanted (both are "a user id") does not compile. The functions below are the only way to make one: adapters call
 * them on what their platform hands in, repositories get them from the rows (the schema declares them with
 * `$type`), and tests through the same functions.
 */
declare const idKind: unique symbol;
type Branded<Base, Kind extends string> = Base & { readonly [idKind]: Kind };

/** `users.id`: one person on one platform, as this database numbers them. */
export type UserId = Branded<number, 'UserId'>;
/** `workspaces.id`: a guild, a Slack team or this computer, as this database numbers them. */
export type WorkspaceId = Branded<number, 'WorkspaceId'>;
/** `sessions.id`: a round, drill or rehearsal (a UUID). */
export type SessionId = Branded<string, 'SessionId'>;
/** `questions.id`. */
export type QuestionId = Branded<number, 'QuestionId'>;
/** `answers.id`. */
export type AnswerId = Branded<number, 'AnswerId'>;
/** The platform's own id for a person: a Discord snowflake, a Slack `U…` id, the CLI's user name. */
export type PlatformUserId = Branded<string, 'PlatformUserId'>;
/** The platform's own id for a workspace: a guild snowflake (or `dm:<user>`), a Slack team `T…`, the CLI's `local`. */
export type PlatformWorkspaceId = Branded<string, 'PlatformWorkspaceId'>;

/** Thrown when something that should be an id is not one: a bug or a corrupt row, never a person's input. */
export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
}

function rowId(kind: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidIdError(`${kind} must be a positive integer, got ${String(value)}`);
  return value;
}

function textId(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidIdError(`${kind} must be a non-empty string`);
  return value;
}

export const userId = (value: number): UserId => rowId('UserId', value) as UserId;
export const workspaceId = (value: number): WorkspaceId => rowId('WorkspaceId', value) as WorkspaceId;
export const questionId = (value: number): QuestionId => rowId('QuestionId', value) as QuestionId;
export const answerId = (value: number): AnswerId => rowId('AnswerId', value) as AnswerId;
export const sessionId = (value: string): SessionId => textId('SessionId', value) as SessionId;
export const platformUserId = (value: string): PlatformUserId => textId('PlatformUserId', value) as PlatformUserId;
export const platformWorkspaceId = (value: string): PlatformWorkspaceId => textId('PlatformWorkspaceId', value) as PlatformWorkspaceId;

/** A new session's id. */
export function newSessionId(): SessionId {
  return randomUUID() as SessionId;
}
