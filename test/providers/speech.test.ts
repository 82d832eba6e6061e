import { describe, expect, it } from 'vitest';
import { FallbackSpeaker } from '../../src/pipeline/speech/fallbackSpeaker.js';
import { OpenAISpeaker } from '../../src/pipeline/speech/openaiSpeaker.js';
import { errorReply, FakeOpenAI, sinePcm } from '../fakes/openai/FakeOpenAI.js';
import { fakeForFile } from '../helpers/fakeForFile.js';
import { fastRetry, offlineSpeaker } from './providerTestKit.js';

const fake = fakeForFile(FakeOpenAI);

const speaker = (model = 'gpt-4o-mini-tts', overrides: Parameters<typeof fastRetry>[0] = {}) =>
  new OpenAISpeaker({ apiKey: 'sk-tts', baseUrl: fake().url, model, voice: 'coral', retry: fastRetry(overrides) });

describe('OpenAISpeaker', () => {
  it('asks for raw PCM and returns 24 kHz samples', async () => {
    const pcm = sinePcm(0.5, 24_000, 300);
    fake().script('speech', { raw: pcm, headers: { 'content-type': 'application/octet-stream' } });
    const audio = await speaker().speak('Tell me about a time you failed.');
    expect(fake().callsTo('speech')[0]?.json).toMatchObject({
      model: 'gpt-4o-mini-tts',
      voice: 'coral',
      input: 'Tell me about a time you failed.',
      response_format: 'pcm',
    });
    expect(audio).toMatchObject({ sampleRate: 24_000, speaker: 'openai:gpt-4o-mini-tts:coral' });
    expect(audio.pcm.length).toBe(12_000);
    expect(audio.pcm[7]).toBe(pcm.readInt16LE(14));
  });

  it('sends style instructions only to models that take them', async () => {
    await speaker('gpt-4o-mini-tts').speak('Hi');
    await speaker('tts-1').speak('Hi');
    const [first, second] = fake().callsTo('speech').map((r) => r.json as Record<string, unknown>);
    expect(first?.instructions).toEqual(expect.any(String));
    expect(second).not.toHaveProperty('instructions');
  });

  it('falls back to the offline voice on errors and on empty audio', async () => {
    fake().script('speech', errorReply(500), errorReply(500), errorReply(500));
    const wrapped = new FallbackSpeaker(speaker(), offlineSpeaker());
    expect((await wrapped.speak('Hello')).speaker).toBe('espeak');
    fake().script('speech', { raw: Buffer.alloc(0) }, { raw: Buffer.alloc(1) });
    expect((await wrapped.speak('Hello')).speaker).toBe('espeak');
    expect(fake().callsTo('speech')).toHaveLength(5);
  });
});
