/** A stretch of the answer, in seconds from its start. */
export interface TimeSpan {
  start: number;
  end: number;
}

export interface PauseStats {
  /** Pauses of at least 1 s between speech. */
  count: number;
  longestSec: number;
  totalSec: number;
}

/** One answer's audio, held as 16 kHz mono signed 16-bit PCM with silences kept. */
export interface AnswerAudio {
  pcm: Int16Array;
  sampleRate: 16000;
  durationSec: number;
  /** Speech found by the VAD. Empty means "no speech". */
  speech: TimeSpan[];
}

export interface AudioMetrics {
  durationSec: number;
  speechSec: number;
  pauses: PauseStats;
  /** Standard deviation of F0 over voiced frames, in semitones; null when too little voiced audio. */
  pitchVariabilitySemitones: number | null;
  /** Standard deviation of frame loudness over speech, in dB; null when no speech. */
  loudnessVariabilityDb: number | null;
}
