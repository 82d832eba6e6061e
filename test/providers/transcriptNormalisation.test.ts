import { describe, expect, it } from 'vitest';
import { languageCode } from '../../src/pipeline/transcribe/languageCodes.js';
import { normalizeTranscript, parseRawTranscription } from '../../src/pipeline/transcribe/normalizeTranscript.js';
import { transcriptVectors } from './transcriptVectors.js';

const vectors = transcriptVectors();

describe('every documented server shape normalises to the expected Transcript', () => {
  it('has the six shapes', () => {
    expect(vectors.map((v) => v.file)).toEqual([
      'groq-verbose-json.json',
      'openai-verbose-json.json',
      'pydantic-nulls.json',
      'segments-only.json',
      'whispercpp-server-no-timestamps.json',
      'whispercpp-server-token-timestamps.json',
    ]);
  });

  for (const vector of vectors) {
    it(vector.file, () => {
      const raw = parseRawTranscription(vector.reply);
      expect(raw, 'the reply was rejected as an unknown shape').toBeDefined();
      if (!raw) return;
      const t = normalizeTranscript(raw, 'test');
      expect(t.text).toBe(vector.expected.text);
      expect(t.language).toBe(vector.expected.language);
      expect(t.durationSec).toBe(vector.expected.durationSec);
      expect(t.words).toEqual(vector.expected.words);
      expect(t.segments).toHaveLength(vector.expected.segments);
    });
  }
});

describe('tolerant parsing', () => {
  it('drops only the words without times and keeps the timed ones', () => {
    const raw = parseRawTranscription({
      text: 'so yes',
      words: [{ word: 'so', start: 0, end: 0.2 }, { word: 'yes', start: null, end: null }, { word: 'x' }, 'junk', null],
    });
    expect(raw?.words).toEqual([{ word: 'so', start: 0, end: 0.2 }]);
  });

  it("treats whisper.cpp's -1 \"no timestamp\" and unreadable numbers as absent", () => {
    const raw = parseRawTranscription({
      text: 'a b',
      duration: 'n/a',
      words: [{ word: 'a', start: -0.01, end: -0.01 }, { word: 'b', start: '0.5', end: '0.9' }],
    });
    expect(raw).toMatchObject({ duration: null, words: [{ word: 'b', start: 0.5, end: 0.9 }] });
  });

  it('drops a segment without times but keeps the reply and its text', () => {
    const raw = parseRawTranscription({ text: 'kept', segments: [{ text: 'kept', start: null, end: 1 }], language: null });
    expect(raw).toMatchObject({ text: 'kept', language: null, segments: [] });
  });

  it('rebuilds the text from the segments when the server sent null', () => {
    const raw = parseRawTranscription({ text: null, segments: [{ text: ' One.', start: 0, end: 1 }, { text: ' Two.', start: 1, end: 2 }] });
    expect(raw && normalizeTranscript(raw, 'test').text).toBe('One. Two.');
  });

  it('still rejects a body with no transcript in it', () => {
    expect(parseRawTranscription({ words: [] })).toBeUndefined();
    expect(parseRawTranscription({ segments: 'x' })).toBeUndefined();
    expect(parseRawTranscription(null)).toBeUndefined();
    expect(parseRawTranscription(42)).toBeUndefined();
  });

  it('uses the known audio duration when the server gives none', () => {
    const raw = parseRawTranscription({ text: 'hi there', duration: null });
    expect(raw && normalizeTranscript(raw, 'test', { durationSec: 3 }).durationSec).toBe(3);
  });
});

describe('languageCode', () => {
  it.each([
    ['english', 'en'],
    ['English', 'en'],
    ['German', 'de'],
    ['haitian creole', 'ht'],
    ['Cantonese', 'yue'],
    ['javanese', 'jv'],
    ['jw', 'jv'],
    ['castilian', 'es'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['pt_BR', 'pt'],
    ['klingon', 'klingon'],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (input, code) => {
    expect(languageCode(input)).toBe(code);
  });
});
