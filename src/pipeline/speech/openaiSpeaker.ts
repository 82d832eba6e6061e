import type { OpenAIConnection } from '../providers/openaiClient.js';
import type { OpenAISdk } from '../providers/lazyClients.js';
import { s16leToInt16 } from '../providers/pcm.js';
import { invalidOutput } from '../providers/ProviderError.js';
import { openaiCall } from '../providers/providerCall.js';
import { ProviderSpeaker } from './providerSpeaker.js';
import type { RetryPolicy } from '../providers/retry.js';
import type { SpeechAudio } from './types.js';

/** `response_format: 'pcm'` is headerless s16le mono at this rate. */
export const OPENAI_PCM_RATE = 24_000;

export interface OpenAISpeakerOptions extends OpenAIConnection {
  /** OPENAI_TTS_MODEL, e.g. `gpt-4o-mini-tts`, `tts-1`. */
  model: string;
  /** OPENAI_TTS_VOICE, e.g. `alloy`. */
  voice: string;
  retry: RetryPolicy;
}

const INSTRUCTIONS = 'Speak as a calm, friendly interviewer: clear, unhurried, warm.';

export class OpenAISpeaker extends ProviderSpeaker<OpenAISdk> {
  readonly name = 'openai';

  constructor(options: OpenAISpeakerOptions) {
    super(openaiCall('openai', options, options.retry), options.model, options.voice);
  }

  protected async speakOnce({ client }: OpenAISdk, text: string, signal: AbortSignal): Promise<Omit<SpeechAudio, 'speaker'>> {
    const response = await client.audio.speech.create(
      {
        model: this.model,
        voice: this.voice,
        input: text,
        response_format: 'pcm',
        // Only the gpt-4o TTS models take style instructions; tts-1 and tts-1-hd do not support them.
        ...(this.model.startsWith('gpt-4o') ? { instructions: INSTRUCTIONS } : {}),
      },
      { signal, maxRetries: 0 },
    );
    const pcm = s16leToInt16(new Uint8Array(await response.arrayBuffer()));
    if (pcm.length === 0) throw invalidOutput(this.name, 'the server returned no audio');
    return { pcm, sampleRate: OPENAI_PCM_RATE };
  }
}
