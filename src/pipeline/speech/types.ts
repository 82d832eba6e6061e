/** Mono signed 16-bit PCM. */
export interface SpeechAudio {
  pcm: Int16Array;
  sampleRate: number;
  speaker: string;
}

export interface Speaker {
  readonly name: string;
  speak(text: string, signal?: AbortSignal): Promise<SpeechAudio>;
}
