/** What a healthy LLM answers, for the fakes' defaults: questions for question prompts, scores for scoring prompts. */
import type { RecordedRequest } from '../fakes/openai/FakeOpenAI.js';

export const HEALTHY_SCORE = 6.5;

let generated = 0;

export type PromptKind = 'scoring' | 'questions' | 'other';

export function promptKind(request: RecordedRequest): PromptKind {
  const body = request.body.toString('utf8');
  if (body.includes('grading one answer')) return 'scoring';
  if (body.includes('You write interview questions')) return 'questions';
  return 'other';
}

/** JSON text of a valid evaluation. */
export function evaluationJson(score = HEALTHY_SCORE): string {
  return JSON.stringify({
    score,
    criteria: { relevance: score, depth: score, structure: score, clarity: score },
    feedback: 'Clear answer. Say how you would measure the effect.',
    keywordsCovered: [],
  });
}

/** JSON text of `count` valid questions, each new (the product drops questions a person already had). */
export function questionsJson(count: number): string {
  return JSON.stringify({
    questions: Array.from({ length: count }, () => ({
      text: `Generated question number ${++generated}: how would you speed up a slow endpoint?`,
      category: 'performance',
      keywords: [{ term: 'profiling', synonyms: ['measure'] }],
      idealAnswer: 'Measure first, find the bottleneck, fix it, measure again.',
      star: false,
    })),
  });
}

/** The JSON a healthy model returns for this request's prompt. */
export function healthyJson(request: RecordedRequest): string {
  if (promptKind(request) === 'scoring') return evaluationJson();
  const count = Number(/Write (\d+) /.exec(request.body.toString('utf8'))?.[1] ?? '1');
  return questionsJson(count);
}
