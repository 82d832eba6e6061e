import type { FakeTranscript } from './FakeOpenAI.js';

/** One segment of `text` lasting `durationSec`, its words spread evenly over it (each 80 % of its slot). */
export function evenlySpacedTranscript(text: string, durationSec: number): FakeTranscript {
  const words = text.split(' ');
  const step = durationSec / words.length;
  return {
    language: 'english',
    duration: durationSec,
    segments: [
      {
        start: 0,
        end: durationSec,
        text: ` ${text}`,
        no_speech_prob: 0.01,
        avg_logprob: -0.2,
        words: words.map((word, i) => ({ word: word.replace(/[,.]/g, ''), start: i * step, end: i * step + step * 0.8 })),
      },
    ],
  };
}

/** One segment of `text` with its words at the given start times (s), each `wordSec` long, to `durationSec`. */
export function timedTranscript(text: string, words: ReadonlyArray<readonly [string, number]>, durationSec: number, wordSec: number): FakeTranscript {
  return {
    language: 'english',
    duration: durationSec,
    segments: [
      {
        start: words[0]?.[1] ?? 0,
        end: durationSec,
        text: ` ${text}`,
        no_speech_prob: 0.01,
        words: words.map(([word, start]) => ({ word, start, end: start + wordSec })),
      },
    ],
  };
}
