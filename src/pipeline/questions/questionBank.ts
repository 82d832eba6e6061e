import { behavioralQuestions } from './bank/behavioral.js';
import { backendQuestions } from './bank/backend.js';
import { dataMlQuestions } from './bank/dataMl.js';
import { devopsQuestions } from './bank/devops.js';
import { frontendQuestions } from './bank/frontend.js';
import { fullstackQuestions } from './bank/fullstack.js';
import { mobileQuestions } from './bank/mobile.js';
import { productQuestions } from './bank/product.js';
import { type BankQuestion, type Question, type Role } from './types.js';

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

function complete(role: Role, list: readonly BankQuestion[]): readonly Question[] {
  return list.map((q) => ({ ...q, role, origin: 'bank', star: q.star ?? role === 'behavioral' }));
}

const BANK: Record<Role, readonly Question[]> = {
  frontend: complete('frontend', RAW.frontend),
  backend: complete('backend', RAW.backend),
  fullstack: complete('fullstack', RAW.fullstack),
  'data-ml': complete('data-ml', RAW['data-ml']),
  devops: complete('devops', RAW.devops),
  mobile: complete('mobile', RAW.mobile),
  product: complete('product', RAW.product),
  behavioral: complete('behavioral', RAW.behavioral),
};

export function bankQuestions(role: Role): readonly Question[] {
  return BANK[role];
}

/** Categories of a role's bank, for autocomplete of topics. */
export function bankCategories(role: Role): string[] {
  return [...new Set(BANK[role].map((q) => q.category))];
}
