import { withFallback, type FallbackListener } from '../providers/fallback.js';
import type { Speaker, SpeechAudio } from './types.js';

/** A cloud voice with the offline one behind it; `SpeechAudio.speaker` says which one spoke. */
export class FallbackSpeaker implements Speaker {
  readonly name: string;

  constructor(
    readonly primary: Speaker,
    readonly fallback: Speaker,
    private readonly onFallback?: FallbackListener,
  ) {
    this.name = primary.name;
  }

  speak(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    return withFallback(
      () => this.primary.speak(text, signal),
      () => this.fallback.speak(text, signal),
      { role: 'speaker', primary: this.primary.name, fallback: this.fallback.name },
      signal,
      this.onFallback,
    );
  }
}
