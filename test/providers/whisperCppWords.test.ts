import { describe, expect, it } from 'vitest';
import { normalizeTranscript } from '../../src/pipeline/transcribe/normalizeTranscript.js';
import { whisperWordsToRaw } from '../../src/pipeline/transcribe/whisperCppWords.js';

/** whisper.cpp word segments as the worker returns them: text with its leading space, times in 1/100 s. */
const piece = (text: string, start: number, end: number) => ({ text, start, end });

/** `text` as the worker returns it when each space-led word is one piece, timed by `times` ([start, end] each). */
function spokenWordByWord(text: string, times: ReadonlyArray<readonly [number, number]>) {
  const words = text.split(/(?= )/);
  if (words.length !== times.length) throw new Error(`${words.length} words but ${times.length} times`);
  return whisperWordsToRaw(text, times.map(([start, end], i) => piece(words[i] ?? '', start, end)));
}

describe('whisper.cpp word segments → Transcript', () => {
  it('turns each word segment into a timed word and keeps the decoded text', () => {
    const raw = spokenWordByWord(' So the cache, um, helped.', [[0, 30], [30, 52], [52, 110], [180, 240], [250, 320]]);
    const transcript = normalizeTranscript(raw, 'whisper.cpp:test.bin', { durationSec: 3.5 });
    expect(transcript.text).toBe('So the cache, um, helped.');
    expect(transcript.words).toEqual([
      { word: 'So', start: 0, end: 0.3 },
      { word: 'the', start: 0.3, end: 0.52 },
      { word: 'cache,', start: 0.52, end: 1.1 },
      { word: 'um,', start: 1.8, end: 2.4 },
      { word: 'helped.', start: 2.5, end: 3.2 },
    ]);
    expect(transcript.durationSec).toBe(3.5);
    expect(transcript.segments).toEqual([{ start: 0, end: 3.2, text: 'So the cache, um, helped.' }]);
  });

  it('starts a new segment after a sentence end and after a pause of a second or more', () => {
    const raw = spokenWordByWord(' First one. Then a pause here', [[0, 40], [40, 80], [100, 140], [140, 150], [300, 350], [350, 400]]);
    expect(raw.segments?.map((s) => [s.text, s.start, s.end])).toEqual([
      ['First one.', 0, 0.8],
      ['Then a', 1, 1.5],
      ['pause here', 3, 4],
    ]);
  });

  it('drops special tokens and empty pieces, and never lets a word start before the previous one ended', () => {
    const raw = whisperWordsToRaw(' Hello world', [
      piece(' [_BEG_]', 0, 0),
      piece(' Hello', 10, 60),
      piece('', 60, 60),
      piece(' world', 55, 50),
      piece('<|endoftext|>', 90, 90),
    ]);
    expect(raw.words).toEqual([
      { word: 'Hello', start: 0.1, end: 0.6 },
      { word: 'world', start: 0.6, end: 0.6 },
    ]);
  });

  it('keeps every word inside the audio when the decoder emits timestamps past its end', () => {
    const raw = whisperWordsToRaw(' ravis now', [piece(' ravis', 84, 1974), piece(' now', 1974, 2500)], 10);
    expect(raw.words).toEqual([
      { word: 'ravis', start: 0.84, end: 10 },
      { word: 'now', start: 10, end: 10 },
    ]);
  });

  it('rebuilds the text from the words when whisper.cpp returned none', () => {
    const raw = whisperWordsToRaw('  ', [piece(' Redis', 0, 50), piece(' helps', 50, 90)]);
    expect(raw.text).toBe('Redis helps');
  });

  it('removes a hallucinated phrase and its words, judged on the rebuilt segment rather than word by word', () => {
    const raw = spokenWordByWord(' We shard by user. Thank you for watching.', [[0, 20], [20, 60], [60, 70], [70, 120], [400, 420], [420, 440], [440, 460], [460, 520]]);
    const transcript = normalizeTranscript(raw, 'whisper.cpp:test.bin');
    expect(transcript.text).toBe('We shard by user.');
    expect(transcript.words.map((w) => w.word)).toEqual(['We', 'shard', 'by', 'user.']);
  });

  it('gives an empty transcript for no words at all', () => {
    const transcript = normalizeTranscript(whisperWordsToRaw('', []), 'whisper.cpp:test.bin', { durationSec: 2 });
    expect(transcript).toMatchObject({ text: '', words: [], segments: [], durationSec: 2 });
  });
});
