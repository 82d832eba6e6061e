import { parseDifficulty, parseRole } from '../../commands/roleOption.js';
import { UserFacingError } from '../../errors.js';
import { DIFFICULTIES, ROLES, isDifficulty, type Difficulty, type Role } from '../../pipeline/questions/types.js';
import { MAX_QUESTIONS } from '../../session/SessionEngine.js';

export interface RoundArgs {
  role: Role;
  difficulty: Difficulty;
  count: number;
  /** `follow_ups` in the text: one follow-up question after each answer. */
  followUps: boolean;
}

export interface ProgressArgs {
  public: boolean;
  role?: Role;
  periodDays?: number;
}

export const DEFAULT_QUESTIONS = 5;

/** Slack passes everything after the command as one string; `key:value` and `key=value` forms are accepted too. */
function tokens(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => t.replace(/^(role|questions|count|difficulty|level|period)[:=]/i, ''));
}

function usage(command: string, example: string): UserFacingError {
  return new UserFacingError(
    'bad_usage',
    `Usage: \`${command} ${example}\`. Roles: ${ROLES.join(', ')}. Difficulty: ${DIFFICULTIES.join(', ')} (default mid).`,
  );
}

/** `backend`, `backend 3`, `full stack 5 senior`, `role:frontend questions:3`. */
export function parseRoundArgs(text: string, command: string, options: { allowCount: boolean }): RoundArgs {
  const words: string[] = [];
  let count: number | undefined;
  let difficulty: Difficulty | undefined;
  let followUps = false;
  for (const token of tokens(text)) {
    const lower = token.toLowerCase();
    if (/^follow[-_]?ups?([:=](true|yes|on))?$/.test(lower)) {
      followUps = true;
    } else if (/^\d+$/.test(token)) {
      if (!options.allowCount) throw usage(command, '<role> [difficulty]');
      count = Number(token);
    } else if (isDifficulty(lower)) {
      difficulty = parseDifficulty(lower);
    } else {
      words.push(token);
    }
  }
  if (words.length === 0) throw usage(command, options.allowCount ? '<role> [questions] [difficulty]' : '<role> [difficulty]');
  if (count !== undefined && (count < 1 || count > MAX_QUESTIONS)) {
    throw new UserFacingError('bad_question_count', `Pick between 1 and ${MAX_QUESTIONS} questions.`);
  }
  return { role: parseRole(words.join('-')), difficulty: difficulty ?? 'mid', count: count ?? DEFAULT_QUESTIONS, followUps };
}

/** `/progress`, `/progress public`, `/progress backend 30d`. */
export function parseProgressArgs(text: string): ProgressArgs {
  const args: ProgressArgs = { public: false };
  for (const token of tokens(text)) {
    const lower = token.toLowerCase();
    const days = /^(\d+)d(ays?)?$/.exec(lower);
    if (lower === 'public' || lower === 'share' || lower === 'shared') args.public = true;
    else if (lower === 'private') args.public = false;
    else if (days?.[1] !== undefined) args.periodDays = Math.max(1, Math.min(3650, Number(days[1])));
    else args.role = parseRole(lower);
  }
  return args;
}
