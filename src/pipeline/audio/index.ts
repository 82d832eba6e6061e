export type { AnswerAudio, AudioMetrics, EndReason, LiveAnswerAudio, PauseStats, RtpOpusPacket, TimeSpan, TimelineStats } from './types.js';
export {
  DEFAULT_END_SILENCE_SEC,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DURATION_SEC,
  SAMPLE_RATE,
} from './constants.js';
export { describeDuration } from './audioErrors.js';
export { decodeAudioFile, type DecodeAudioOptions } from './decodeAudioFile.js';
export { PacketTimeline, type PacketTimelineOptions } from './PacketTimeline.js';
export { EndOfAnswerDetector, type EndOfAnswerOptions } from './EndOfAnswerDetector.js';
export { detectSpeech, EnergyVad, type EnergyVadOptions } from './EnergyVad.js';
export { measureAudio } from './measureAudio.js';
export { MIN_PAUSE_SEC, pausesBetween } from './pauseStats.js';
export { encodeWav, trimRange, TRIM_MARGIN_SEC, type EncodeWavOptions } from './encodeWav.js';
export { wavChunks, wavUpload, type WavUpload } from './wavUpload.js';
export { resampleMono, SpeexResampler } from './SpeexResampler.js';
export { readWavMono } from './readWavMono.js';
export { sniffContainer, type ContainerKind } from './sniffContainer.js';
