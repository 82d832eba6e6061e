import { describe, expect, it } from 'vitest';
import { OpenAITranscriber } from '../../src/pipeline/transcribe/openaiTranscriber.js';
import { FakeOpenAI } from '../fakes/openai/FakeOpenAI.js';
import { fakeForFile } from '../helpers/fakeForFile.js';
import { fastRetry, wav } from './providerTestKit.js';
import { transcriptVector, transcriptVectors } from './transcriptVectors.js';

const fake = fakeForFile(FakeOpenAI);

const transcriber = () => new OpenAITranscriber({ apiKey: 'sk-test', baseUrl: fake().url, model: 'whisper-1', retry: fastRetry() });

describe('OpenAITranscriber through the openai SDK keeps replies it used to lose', () => {
  it('whisper.cpp server with token timestamps off: words without start/end are dropped, the answer is kept', async () => {
    const vector = transcriptVector('whispercpp-server-no-timestamps.json');
    fake().script('transcriptions', { json: vector.reply });
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(fake().callsTo('transcriptions')).toHaveLength(1);
    expect(t).toMatchObject({ text: "I'd use a queue.", language: 'en', durationSec: 2, words: [], transcriber: 'openai:whisper-1' });
    expect(t.segments.map((s) => s.text)).toEqual(["I'd use a queue."]);
  });

  it('Pydantic-style server: words null, nulls in segments, duration as a string', async () => {
    const vector = transcriptVector('pydantic-nulls.json');
    fake().script('transcriptions', { json: vector.reply });
    const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
    expect(fake().callsTo('transcriptions')).toHaveLength(1);
    expect(t).toMatchObject({ text: 'Latency dropped by half.', language: 'en', durationSec: 12.5, words: [] });
  });

  for (const vector of transcriptVectors()) {
    it(`every vector over HTTP: ${vector.file}`, async () => {
      fake().script('transcriptions', { json: vector.reply });
      const t = await transcriber().transcribe({ wav: wav(1), durationSec: 1 });
      expect({ text: t.text, language: t.language, durationSec: t.durationSec, words: t.words }).toEqual({
        text: vector.expected.text,
        language: vector.expected.language,
        durationSec: vector.expected.durationSec,
        words: vector.expected.words,
      });
    });
  }
});
