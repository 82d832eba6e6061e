import { behavioralQuestions } from './bank/behavioral.js';
import { backendQuestions } from './bank/backend.js';
import { dataMlQuestions } from './bank/dataMl.js';
import { devopsQuestions } from './bank/devops.js';
import { frontendQuestions } from './bank/frontend.js';
import { fullstackQuestions } from './bank/fullstack.js';
import { mobileQuestions } from './bank/mobile.js';
import { productQuestions } from './bank/product.js';
import type { BankQuestion, Question, Role } from './types.js';

const RAW: Record<Role, readonly BankQuestion[]> = {
  frontend: frontendQuestions,
  backend: backendQuestions,
  fullstack: fullstackQuestions,
  'data-ml': dataMlQuestions,
  devops: devopsQuestions,
  mobile: mobileQuestions,
  product: productQuestions,
  behavioral: behavioralQuestions,
};

const BANK: Record<Role, readonly Question[]> = Object.fromEntries(
  Object.entries(RAW).map(([role, list]) => [
    role,
    list.map((q): Question => ({ ...q, role: role as Role, origin: 'bank', star: q.star ?? role === 'behavioral' })),
  ]),
) as Record<Role, readonly Question[]>;

export function bankQuestions(role: Role): readonly Question[] {
  return BANK[role];
}

export function findBankQuestion(id: string): Question | undefined {
  const role = id.split(':')[0];
  if (!role || !(role in BANK)) return undefined;
  return BANK[role as Role].find((q) => q.id === id);
}

/** Categories of a role's bank, for autocomplete of topics. */
export function bankCategories(role: Role): string[] {
  return [...new Set(BANK[role].map((q) => q.category))];
}
