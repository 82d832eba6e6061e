import { describe, expect, it } from 'vitest';
import { detectSpeech, resampleMono } from '../../src/pipeline/audio/index.js';
import { EspeakSpeaker } from '../../src/pipeline/speech/espeakSpeaker.js';

const speaker = new EspeakSpeaker();
const seconds = (pcm: Int16Array, rate: number): number => pcm.length / rate;

describe('EspeakSpeaker (espeak-ng WASM)', () => {
  it('speaks a question as 22 050 Hz mono speech', async () => {
    const audio = await speaker.speak('Tell me about a time you disagreed with a teammate.');
    expect(audio.sampleRate).toBe(22050);
    expect(audio.speaker).toBe('espeak-ng:en-us');
    // Ten words at 160 wpm: about 3.75 s of speech.
    expect(seconds(audio.pcm, 22050)).toBeGreaterThan(2);
    expect(seconds(audio.pcm, 22050)).toBeLessThan(6);
    const speech = detectSpeech(resampleMono(audio.pcm, 22050, 16000), 16000);
    const voiced = speech.reduce((sum, s) => sum + s.end - s.start, 0);
    expect(voiced / seconds(audio.pcm, 22050)).toBeGreaterThan(0.7);
  });

  it('follows the speaking rate and the length of the text', async () => {
    const text = 'How does React decide what to re-render when state changes?';
    const slow = await new EspeakSpeaker({ wordsPerMinute: 110 }).speak(text);
    const fast = await new EspeakSpeaker({ wordsPerMinute: 220 }).speak(text);
    expect(seconds(slow.pcm, slow.sampleRate)).toBeGreaterThan(1.5 * seconds(fast.pcm, fast.sampleRate));
    const longer = await speaker.speak(`${text} ${text}`);
    const once = await speaker.speak(text);
    expect(seconds(longer.pcm, 22050)).toBeGreaterThan(1.7 * seconds(once.pcm, 22050));
  });

  it('reads text that looks like command-line options as text', async () => {
    const audio = await speaker.speak('--help -v xx -w /etc/passwd');
    expect(seconds(audio.pcm, audio.sampleRate)).toBeGreaterThan(1);
  });

  it('honours an abort signal and refuses a voice name that is not one', async () => {
    await expect(speaker.speak('Hello', AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(() => new EspeakSpeaker({ voice: 'en; rm -rf' })).toThrow(RangeError);
  });
});
