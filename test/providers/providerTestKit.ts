import { encodeWav } from '../../src/pipeline/audio/index.js';
import type { Evaluation, EvaluationInput, Evaluator } from '../../src/pipeline/evaluate/types.js';
import type { RetryPolicy } from '../../src/pipeline/providers/retry.js';
import type { Question, QuestionRequest, QuestionSource } from '../../src/pipeline/questions/types.js';
import type { Speaker, SpeechAudio } from '../../src/pipeline/speech/types.js';

export const question: Question = {
  id: 'backend:caching',
  role: 'backend',
  category: 'caching',
  difficulty: 'mid',
  text: 'How would you add caching to a slow read-heavy API?',
  keywords: [
    { term: 'cache invalidation', synonyms: ['invalidate', 'ttl'] },
    { term: 'redis', synonyms: ['memcached'] },
    { term: 'hit rate', synonyms: [] },
  ],
  idealAnswer: 'Measure first, cache hot reads in Redis with a TTL, plan invalidation, watch the hit rate.',
  star: false,
  origin: 'bank',
};

export function validEvaluationJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    score: 7.46,
    criteria: { relevance: 8, depth: 7, structure: 6, clarity: 7 },
    feedback: 'Good use of Redis. Say how you would invalidate entries.',
    keywordsCovered: ['redis', 'made-up-term'],
    ...overrides,
  });
}

export function questionsJson(texts: string[], star = false): string {
  return JSON.stringify({
    questions: texts.map((text) => ({
      text,
      category: 'databases',
      keywords: [{ term: 'index', synonyms: ['b-tree'] }],
      idealAnswer: 'Explain the trade-off and give an example.',
      star,
    })),
  });
}

/** Instant waits that remember what they were asked to wait. */
export function recordingSleep(): { delays: number[]; sleep: NonNullable<RetryPolicy['sleep']> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

export function fastRetry(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxRetries: 2, timeoutMs: 2_000, baseDelayMs: 1, maxDelayMs: 5_000, sleep: async () => undefined, ...overrides };
}

/** Offline stand-ins: tiny implementations of the interfaces, as the bank/rubric/espeak would be. */
export function offlineEvaluator(): Evaluator & { calls: EvaluationInput[] } {
  const calls: EvaluationInput[] = [];
  return {
    name: 'rubric',
    calls,
    async evaluate(input): Promise<Evaluation> {
      calls.push(input);
      return {
        score: 5,
        criteria: { relevance: 5, depth: 5, structure: 5, clarity: 5 },
        feedback: 'offline',
        keywordsCovered: [],
        keywordsMissed: input.question.keywords.map((k) => k.term),
        idealAnswer: input.question.idealAnswer,
        evaluator: 'rubric',
        model: null,
      };
    },
  };
}

export function offlineQuestions(): QuestionSource & { calls: QuestionRequest[] } {
  const calls: QuestionRequest[] = [];
  return {
    name: 'bank',
    calls,
    async generate(request): Promise<Question[]> {
      calls.push(request);
      return Array.from({ length: request.count }, (_, i) => ({ ...question, id: `bank:${i}`, text: `Bank question ${i}?`, role: request.role }));
    },
  };
}

export function offlineSpeaker(): Speaker {
  return {
    name: 'espeak',
    async speak(): Promise<SpeechAudio> {
      return { pcm: new Int16Array(100), sampleRate: 22_050, speaker: 'espeak' };
    },
  };
}

/** 16 kHz mono WAV: a tone (audible) or zeros (silent). */
export function wav(seconds: number, kind: 'tone' | 'silence' = 'tone'): Buffer {
  const pcm = new Int16Array(Math.round(seconds * 16_000));
  if (kind === 'tone') for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
  return encodeWav({ pcm, sampleRate: 16_000, durationSec: seconds, speech: [] });
}

export function textOf(request: { json?: unknown }): string {
  return JSON.stringify(request.json);
}
