import { answerId as toAnswerId, sessionId as toSessionId, type AnswerId, type SessionId } from '../ids.js';

/** Button and modal ids carry the action and the session they act on: `ic:<action>:<sessionId>`. */
export const ACTIONS = ['join', 'start', 'cancel', 'done', 'repeat', 'skip', 'end', 'answer', 'forget', 'keep', 'replay'] as const;
export type Action = (typeof ACTIONS)[number];
/** Actions about the person, not a round (forget-me's confirmation): their ids carry no session. */
export type PersonAction = Extract<Action, 'forget' | 'keep'>;
/** Actions on one answer ("Hear it without the ums"): `ic:replay:<answerId>`. */
export type AnswerAction = Extract<Action, 'replay'>;
export type SessionAction = Exclude<Action, PersonAction | AnswerAction>;

export type ParsedAction =
  | { action: PersonAction; sessionId?: undefined }
  | { action: AnswerAction; answerId: AnswerId; sessionId?: undefined }
  | { action: SessionAction; sessionId: SessionId };

/** The button id of an answer's replay. */
export function replayActionId(answer: AnswerId): string {
  return `ic:replay:${answer}`;
}

export function actionId(action: PersonAction): string;
export function actionId(action: SessionAction, sessionId: SessionId): string;
export function actionId(action: Action, sessionId?: SessionId): string {
  return `ic:${action}:${sessionId ?? ''}`;
}

const isPersonAction = (action: Action): action is PersonAction => action === 'forget' || action === 'keep';

/** The action and session of a button or modal id; undefined for ids that are not ours or lack their session. */
export function parseActionId(id: string): ParsedAction | undefined {
  const [prefix, action, ...rest] = id.split(':');
  if (prefix !== 'ic' || !action || !(ACTIONS as readonly string[]).includes(action)) return undefined;
  const known = action as Action;
  if (isPersonAction(known)) return { action: known };
  if (known === 'replay') {
    const id = Number(rest.join(':'));
    return Number.isSafeInteger(id) && id > 0 ? { action: known, answerId: toAnswerId(id) } : undefined;
  }
  const session = rest.join(':');
  return session === '' ? undefined : { action: known, sessionId: toSessionId(session) };
}
