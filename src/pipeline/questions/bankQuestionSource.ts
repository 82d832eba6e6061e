import { bankQuestions } from './questionBank.js';
import type { Question, QuestionRequest, QuestionSource } from './types.js';

export interface BankQuestionSourceOptions {
  /** Source of randomness in [0, 1); tests pass a seeded one. */
  random?: () => number;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a !== undefined && b !== undefined) {
      items[i] = b;
      items[j] = a;
    }
  }
  return items;
}

function matchesTopic(question: Question, topics: readonly string[]): boolean {
  const haystack = `${question.category} ${question.text}`.toLowerCase();
  return topics.some((t) => haystack.includes(t.toLowerCase()));
}

/**
 * The offline question bank. Prefers questions the user has not had, at the asked difficulty and topics;
 * relaxes difficulty and topics before it repeats anything.
 */
export class BankQuestionSource implements QuestionSource {
  readonly name = 'bank';
  private readonly random: () => number;

  constructor(options: BankQuestionSourceOptions = {}) {
    this.random = options.random ?? Math.random;
  }

  async generate(request: QuestionRequest): Promise<Question[]> {
    const all = bankQuestions(request.role);
    const fresh = all.filter((q) => !request.exclude.has(q.id));
    const topics = request.topics?.filter((t) => t.trim() !== '') ?? [];
    const tiers: ((q: Question) => boolean)[] = [
      (q) => (!request.difficulty || q.difficulty === request.difficulty) && (topics.length === 0 || matchesTopic(q, topics)),
      (q) => !request.difficulty || q.difficulty === request.difficulty,
      (q) => topics.length === 0 || matchesTopic(q, topics),
      () => true,
    ];
    const picked: Question[] = [];
    const seen = new Set<string>();
    for (const pool of [fresh, all]) {
      for (const tier of tiers) {
        for (const q of shuffle(pool.filter(tier), this.random)) {
          if (picked.length >= request.count) return picked;
          if (seen.has(q.id)) continue;
          seen.add(q.id);
          picked.push(q);
        }
      }
    }
    return picked;
  }
}
