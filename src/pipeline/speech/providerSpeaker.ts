import type { ProviderCall } from '../providers/providerCall.js';
import type { Speaker, SpeechAudio } from './types.js';

/**
 * A cloud voice: each attempt at `speakOnce` runs under the provider's retry policy and error classification,
 * and the audio is labelled `provider:model:voice`.
 */
export abstract class ProviderSpeaker<Sdk> implements Speaker {
  abstract readonly name: string;
  readonly #call: ProviderCall<Sdk>;

  constructor(
    call: ProviderCall<Sdk>,
    protected readonly model: string,
    protected readonly voice: string,
  ) {
    this.#call = call;
  }

  speak(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    return this.#call(async (sdk, attemptSignal) => {
      const { pcm, sampleRate } = await this.speakOnce(sdk, text, attemptSignal);
      return { pcm, sampleRate, speaker: `${this.name}:${this.model}:${this.voice}` };
    }, signal);
  }

  protected abstract speakOnce(sdk: Sdk, text: string, signal: AbortSignal): Promise<Omit<SpeechAudio, 'speaker'>>;
}
