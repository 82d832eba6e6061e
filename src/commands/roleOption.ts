import { UserFacingError } from '../errors.js';
import { DIFFICULTIES, ROLES, isDifficulty, isRole, type Difficulty, type Role } from '../pipeline/questions/types.js';

export function parseRole(value: string | undefined): Role {
  if (value === undefined) throw new UserFacingError('unknown_role', `--role is required: one of ${ROLES.join(', ')}.`);
  const normalised = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const alias: Record<string, Role> = { 'full-stack': 'fullstack', ml: 'data-ml', data: 'data-ml', sre: 'devops', pm: 'product', behavioural: 'behavioral' };
  const role = alias[normalised] ?? normalised;
  if (!isRole(role)) throw new UserFacingError('unknown_role', `Unknown role "${value}". Pick one of: ${ROLES.join(', ')}.`);
  return role;
}

export function parseDifficulty(value: string | undefined, fallback: Difficulty = 'mid'): Difficulty {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (!isDifficulty(v)) throw new UserFacingError('unknown_difficulty', `Unknown difficulty "${value}". Pick one of: ${DIFFICULTIES.join(', ')}.`);
  return v;
}
