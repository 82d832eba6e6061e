import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectSpeech, PacketTimeline, resampleMono } from '../../src/pipeline/audio/index.js';
import type { AnswerAudio, TimeSpan } from '../../src/pipeline/audio/types.js';
import { pausesFromWords } from '../../src/pipeline/analyze/timing.js';
import { ChunkedTranscription, ConcurrencyLimit, DEFAULT_CHUNKING, findCut, mergeTranscripts, splitAtPauses } from '../../src/pipeline/transcribe/chunked/index.js';
import { FILLER_PROMPT } from '../../src/pipeline/transcribe/hallucinations.js';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import type { Transcript } from '../../src/pipeline/transcribe/types.js';
import { encodeOpusFrames } from '../fakes/discord/voice/opusFrames.js';
import { errorReply, FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { listeningReply, toneScript, toneWordsPcm, type ToneWord } from '../fakes/openai/listeningTranscription.js';
import { fastRetry } from '../providers/providerTestKit.js';

const chunking = (chunkSpeechSec: number) => ({ ...DEFAULT_CHUNKING, chunkSpeechSec });
const span = (start: number, end: number): TimeSpan => ({ start, end });

describe('where answers are cut', () => {
  // 1 s of speech, 0.5 s of silence, repeated: speech ends at 1, 2.5, 4, …
  const speech = Array.from({ length: 12 }, (_, i) => span(i * 1.5, i * 1.5 + 1));

  it('waits for enough speech, then cuts inside the first pause after it', () => {
    const known = { speech, positionSec: 18, silentUntilSec: 18 };
    const cut = findCut(known, 0, chunking(3));
    // Three seconds of speech end at 4 s; the pause after runs to 4.5 s.
    expect(cut).toBeGreaterThan(4);
    expect(cut).toBeLessThan(4.5);
    expect(findCut({ speech: speech.slice(0, 2), positionSec: 2.6, silentUntilSec: 2.6 }, 0, chunking(3))).toBeNull();
  });

  it('does not cut after the last segment while the speaker is still talking', () => {
    // The VAD is in speech: the silence after the last closed segment is not known to be a pause yet.
    const live = { speech: speech.slice(0, 3), positionSec: 4.4, silentUntilSec: 4 };
    expect(findCut(live, 0, chunking(3))).toBeNull();
    expect(findCut({ ...live, silentUntilSec: 4.35 }, 0, chunking(3))).toBeCloseTo(4.175, 3);
  });

  it('ignores pauses shorter than the minimum and takes the widest gap once a chunk reaches its maximum', () => {
    // Words 0.9 s long with 0.1 s gaps (too short to cut) and one 0.25 s gap at 6.9 s.
    const tight = Array.from({ length: 12 }, (_, i) => span(i + (i >= 7 ? 0.15 : 0), i + 0.9 + (i >= 7 ? 0.15 : 0)));
    const known = { speech: tight, positionSec: 13, silentUntilSec: 13 };
    expect(findCut({ ...known, positionSec: 7.9 }, 0, { chunkSpeechSec: 3, minCutPauseSec: 0.3, maxChunkSec: 8 })).toBeNull();
    const cut = findCut(known, 0, { chunkSpeechSec: 3, minCutPauseSec: 0.3, maxChunkSec: 8 });
    expect(cut).toBeGreaterThan(6.9);
    expect(cut).toBeLessThan(7.15);
  });

  it('never cuts with chunking off', () => {
    expect(findCut({ speech, positionSec: 18, silentUntilSec: 18 }, 0, chunking(0))).toBeNull();
  });

  it('covers a whole file with ranges that meet end to end, every cut in silence', () => {
    const ranges = splitAtPauses(speech, 0, 18, chunking(2));
    expect(ranges.length).toBeGreaterThan(3);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(18);
    for (let i = 1; i < ranges.length; i++) {
      const cut = ranges[i]?.start ?? NaN;
      expect(cut).toBe(ranges[i - 1]?.end);
      expect(speech.some((s) => s.start < cut && cut < s.end)).toBe(false);
    }
  });
});

describe('merging chunk transcripts', () => {
  const part = (words: Array<[string, number, number]>, text = words.map((w) => w[0]).join(' ')): Transcript => ({
    text,
    language: 'en',
    durationSec: null,
    words: words.map(([word, start, end]) => ({ word, start, end })),
    segments: [],
    transcriber: 'openai:whisper-1',
  });

  it('shifts words into answer time, keeps them inside their chunk and in order', () => {
    const merged = mergeTranscripts(
      [
        { offsetSec: 10, endSec: 20, transcript: part([['three', 0.2, 0.5], ['four', 9.8, 10.4]]) },
        { offsetSec: 0, endSec: 10, transcript: part([['one', 0.1, 0.4], ['two', 1, 1.3]]) },
      ],
      20,
      'x',
    );
    expect(merged.text).toBe('one two three four');
    expect(merged.words).toEqual([
      { word: 'one', start: 0.1, end: 0.4 },
      { word: 'two', start: 1, end: 1.3 },
      { word: 'three', start: 10.2, end: 10.5 },
      { word: 'four', start: 19.8, end: 20 },
    ]);
    expect(merged.durationSec).toBe(20);
    expect(merged.language).toBe('en');
  });
});

describe('chunked transcription through the OpenAI client', () => {
  let fake: FakeOpenAI;
  const limit = new ConcurrencyLimit(2);
  const transcriber = () => new OpenAITranscriber({ apiKey: 'sk-test', baseUrl: fake.url, model: 'whisper-1', retry: fastRetry({ maxRetries: 0 }) });

  beforeAll(async () => {
    fake = await FakeOpenAI.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.server.reset();
    fake.setDefault('transcriptions', listeningReply());
  });

  function audioOf(words: readonly ToneWord[], durationSec: number): AnswerAudio {
    const pcm = toneWordsPcm(words, durationSec);
    return { pcm, sampleRate: 16_000, durationSec, speech: detectSpeech(pcm) };
  }

  function expectWordTimeline(result: Transcript, words: readonly ToneWord[]): void {
    expect(result.text).toBe(words.map((w) => `w${w.n}`).join(' '));
    expect(result.words.map((w) => w.word)).toEqual(words.map((w) => `w${w.n}`));
    for (const [i, w] of result.words.entries()) {
      // The VAD's edges (onset frames, hangover) blur each word by a few tens of ms, never more.
      expect(Math.abs(w.start - (words[i]?.start ?? NaN))).toBeLessThan(0.08);
    }
  }

  it('cuts a long file at pauses, sends the pieces two at a time and loses or repeats no word at the borders', async () => {
    const script = toneScript(40, { pausesBefore: { 9: 1.6, 23: 2.4 } });
    const audio = audioOf(script.words, script.durationSec);
    const before = fake.callsTo('transcriptions').length;
    const result = await new ChunkedTranscription(transcriber(), limit, chunking(4)).finish(audio);
    const requests = fake.callsTo('transcriptions').length - before;
    expect(requests).toBeGreaterThanOrEqual(3);
    expectWordTimeline(result, script.words);
    // Pauses measured from the merged words are the ones in the script, wherever the cuts fell.
    const pauses = pausesFromWords(result.words);
    expect(pauses.count).toBe(2);
    expect(pauses.longestSec).toBeCloseTo(2.4, 1);
  });

  it('sends the text of the chunk before as context', async () => {
    const script = toneScript(12);
    await new ChunkedTranscription(transcriber(), new ConcurrencyLimit(1), chunking(1)).finish(audioOf(script.words, script.durationSec));
    const prompts = fake.callsTo('transcriptions').map((r) => r.form?.prompt?.[0] ?? '');
    expect(prompts.length).toBeGreaterThan(2);
    // The first chunk goes with the filler prompt alone; the second also carries the first chunk's words.
    expect(prompts[0]).toBe(FILLER_PROMPT);
    expect(prompts[1]).toMatch(/^Um, uh.* I mean\. w0 w1( w\d+)*$/);
    expect(prompts[2]).not.toContain('w0');
  });

  it('transcribes a live answer while it is spoken: only the tail is left at the end', async () => {
    const script = toneScript(30, { pausesBefore: { 15: 1.5 } });
    const mono = toneWordsPcm(script.words, script.durationSec);
    const frames = encodeOpusFrames(stereo48k(mono));
    let clock = 0;
    const timeline = new PacketTimeline({ endSilenceSec: 4, maxDurationSec: 120, now: () => clock });
    const live = new ChunkedTranscription(transcriber(), limit, chunking(3));
    const startedBeforeEnd: number[] = [];
    for (const [i, opus] of frames.entries()) {
      clock = i * 20;
      timeline.push({ sequence: i & 0xffff, timestamp: (i * 960) >>> 0, opus }, clock);
      if (i % 10 === 0) {
        timeline.poll(clock);
        live.update(timeline);
      }
    }
    startedBeforeEnd.push(live.chunkCount, fake.callsTo('transcriptions').length);
    const audio = timeline.finish();
    expect(live.chunkCount).toBeGreaterThanOrEqual(3);
    const result = await live.finish(audio);
    expect(startedBeforeEnd[0]).toBeGreaterThanOrEqual(3);
    // The chunks cut live cover most of the answer; the tail is what followed the last cut.
    expect(live.cutSec).toBe(audio.durationSec);
    expectWordTimeline(result, script.words);
  });

  it('tries a chunk that failed while the answer was spoken once more at the end, and the answer is complete', async () => {
    const script = toneScript(16);
    const audio = audioOf(script.words, script.durationSec);
    const live = new ChunkedTranscription(transcriber(), new ConcurrencyLimit(1), chunking(2));
    fake.script('transcriptions', errorReply(500));
    // The answer so far, up to its ninth word: at least one chunk is cut and sent (and fails).
    const at = script.words[8]?.end ?? 0;
    live.update({ speech: audio.speech.filter((s) => s.end < at), positionSec: at + 0.5, silentUntilSec: at + 0.5, view: (a, b) => audio.pcm.subarray(a, b) });
    expect(live.chunkCount).toBeGreaterThan(0);
    expectWordTimeline(await live.finish(audio), script.words);
  });

  it('gives up with the error when a chunk fails twice, so the caller keeps the answer for later', async () => {
    fake.script('transcriptions', errorReply(500), errorReply(500), errorReply(500), errorReply(500), errorReply(500), errorReply(500), errorReply(500), errorReply(500));
    const script = toneScript(6);
    await expect(new ChunkedTranscription(transcriber(), new ConcurrencyLimit(1), chunking(60)).finish(audioOf(script.words, script.durationSec))).rejects.toMatchObject({ name: 'ProviderError', failure: 'unavailable' });
  });

  it('a cancelled answer starts nothing more', async () => {
    const script = toneScript(8);
    const chunked = new ChunkedTranscription(transcriber(), limit, chunking(2));
    chunked.cancel();
    const before = fake.callsTo('transcriptions').length;
    await expect(chunked.finish(audioOf(script.words, script.durationSec))).rejects.toThrow(/cancelled/);
    expect(fake.callsTo('transcriptions').length).toBe(before);
  });
});

function stereo48k(mono16k: Int16Array): Buffer {
  const up = resampleMono(mono16k, 16_000, 48_000);
  const out = Buffer.alloc(up.length * 4);
  for (let i = 0; i < up.length; i++) {
    out.writeInt16LE(up[i] ?? 0, 4 * i);
    out.writeInt16LE(up[i] ?? 0, 4 * i + 2);
  }
  return out;
}
