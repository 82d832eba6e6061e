import type { GeminiConnection } from '../providers/geminiClient.js';
import type { GeminiSdk } from '../providers/lazyClients.js';
import { readWavMono } from '../audio/readWavMono.js';
import { rateFromMimeType, s16leToInt16 } from '../providers/pcm.js';
import { invalidOutput } from '../providers/ProviderError.js';
import { geminiCall } from '../providers/providerCall.js';
import { ProviderSpeaker } from './providerSpeaker.js';
import type { RetryPolicy } from '../providers/retry.js';
import type { SpeechAudio } from './types.js';

/** Gemini TTS answers with base64 s16le mono PCM, `audio/L16;codec=pcm;rate=24000`. */
export const GEMINI_PCM_RATE = 24_000;

export interface GeminiSpeakerOptions extends GeminiConnection {
  /** GEMINI_TTS_MODEL, e.g. `gemini-3.8-flash-lite-tts`. */
  model: string;
  /** A prebuilt voice name. Default `Kore`. */
  voice?: string;
  retry: RetryPolicy;
}

export class GeminiSpeaker extends ProviderSpeaker<GeminiSdk> {
  readonly name = 'gemini';

  constructor(options: GeminiSpeakerOptions) {
    super(geminiCall('gemini', options, options.retry), options.model, options.voice ?? 'Kore');
  }

  protected async speakOnce({ client, geminiGenerate }: GeminiSdk, text: string, signal: AbortSignal): Promise<Omit<SpeechAudio, 'speaker'>> {
    const response = await geminiGenerate(
      client,
      this.name,
      {
        model: this.model,
        contents: [{ role: 'user', parts: [{ text: `Say calmly, like a friendly interviewer: ${text}` }] }],
        config: {
          responseModalities: ['AUDIO'],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: this.voice } } },
        },
      },
      signal,
    );
    const part = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData?.data);
    const data = part?.inlineData?.data;
    if (!data) throw invalidOutput(this.name, 'the reply has no inline audio');
    const { pcm, sampleRate } = decodeInlineAudio(Buffer.from(data, 'base64'), part.inlineData?.mimeType);
    if (pcm.length === 0) throw invalidOutput(this.name, 'the inline audio is empty');
    return { pcm, sampleRate };
  }
}

/**
 * Raw L16 PCM is what the speech models have sent; Google's 3.8 TTS migration notes say unary replies may
 * carry a whole WAV file instead, so a RIFF header is read rather than played as samples.
 */
function decodeInlineAudio(bytes: Buffer, mimeType: string | undefined): { pcm: Int16Array; sampleRate: number } {
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') {
    try {
      return readWavMono(bytes);
    } catch (error) {
      throw invalidOutput('gemini', 'the inline WAV audio cannot be read', error);
    }
  }
  return { pcm: s16leToInt16(bytes), sampleRate: rateFromMimeType(mimeType, GEMINI_PCM_RATE) };
}
