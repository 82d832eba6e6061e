/** The one rate audio is held at after decoding: what speech-to-text services want, and a third of the Opus clock. */
export const SAMPLE_RATE = 16000;
/** Opus and RTP count time in 48 kHz ticks whatever the coded bandwidth. */
export const OPUS_CLOCK_RATE = 48000;
/** 48 kHz ticks per 16 kHz sample. */
export const TICKS_PER_SAMPLE = OPUS_CLOCK_RATE / SAMPLE_RATE;
/** Answers longer than this are refused (files) or cut (live); the `MAX_ANSWER_SECONDS` default. */
export const DEFAULT_MAX_DURATION_SEC = 300;
/** Files above this many bytes are refused before decoding; the `MAX_AUDIO_BYTES` default. */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
/** Silence after speech that ends a live answer; the `SILENCE_END_SECONDS` default. */
export const DEFAULT_END_SILENCE_SEC = 4;
/**
 * Containers round durations and encoders pad the last frame, so a clip "of 5 minutes" may measure a little more.
 * This much is forgiven before refusing it.
 */
export const DURATION_GRACE_SEC = 1;
