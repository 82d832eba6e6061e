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

/** Why a live answer ended: the speaker (or host) stopped it, silence after speech, or the length cap. */
export type EndReason = 'stopped' | 'silence' | 'cap';

/** What happened to the packets of one live answer; for logs and for judging a connection. */
export interface TimelineStats {
  packets: number;
  duplicates: number;
  /** Arrived after their slot had been played out as silence. */
  late: number;
  /** Sequence numbers never seen (filled with silence). */
  lost: number;
  decodeErrors: number;
}

/** A live answer rebuilt from RTP Opus packets. */
export interface LiveAnswerAudio extends AnswerAudio {
  endReason: EndReason;
  stats: TimelineStats;
}

/** One RTP packet's payload as a voice receiver hands it over (48 kHz RTP clock). */
export interface RtpOpusPacket {
  /** RTP sequence number, 16 bits, wraps. */
  sequence: number;
  /** RTP timestamp, 32 bits at 48 kHz, wraps. */
  timestamp: number;
  opus: Buffer;
}
