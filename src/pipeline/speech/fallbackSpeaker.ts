import { FallbackPair } from '../providers/fallback.js';
import type { Speaker, SpeechAudio } from './types.js';

/** A cloud voice with the offline one behind it; `SpeechAudio.speaker` says which one spoke. */
export class FallbackSpeaker extends FallbackPair<Speaker> implements Speaker {
  protected readonly role = 'speaker';

  speak(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    return this.withFallback(
      (primary) => primary.speak(text, signal),
      (fallback) => fallback.speak(text, signal),
      signal,
    );
  }
}
