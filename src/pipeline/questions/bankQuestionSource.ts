import { bankQuestions } from './questionBank.js';
import { orderByCompetency } from './competencyOrder.js';
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
    const picked: { question: Question; level: number }[] = [];
    const seen = new Set<string>();
    const rank = request.competencyRank;
    [fresh, all].forEach((pool, p) => {
      tiers.forEach((tier, t) => {
        for (const q of shuffle(pool.filter(tier), this.random)) {
          if (!rank && picked.length >= request.count) return;
          if (seen.has(q.id)) continue;
          seen.add(q.id);
          picked.push({ question: q, level: p * tiers.length + t });
        }
      });
    });
    if (!rank) return picked.slice(0, request.count).map((p) => p.question);
    // Every question as good a match as the last one needed (fresh, difficulty, topics) competes on competency.
    const needed = picked[Math.min(request.count, picked.length) - 1]?.level ?? 0;
    const pool = picked.filter((p) => p.level <= needed).map((p) => p.question);
    return orderByCompetency(pool, rank, request.previousCompetency ?? null).slice(0, request.count);
  }
}
