import { pausesBetween, round2, speechSeconds } from './pauseStats.js';
import { loudnessVariabilityDb, pitchVariabilitySemitones } from './prosody.js';
import type { AnswerAudio, AudioMetrics } from './types.js';

/** Timing and prosody of an answer, from its speech segments and samples. No speech → zeros and nulls. */
export function measureAudio(audio: AnswerAudio): AudioMetrics {
  const speech = audio.speech;
  return {
    durationSec: round2(audio.durationSec),
    speechSec: speechSeconds(speech),
    pauses: pausesBetween(speech),
    pitchVariabilitySemitones: speech.length ? pitchVariabilitySemitones(audio.pcm, speech) : null,
    loudnessVariabilityDb: speech.length ? loudnessVariabilityDb(audio.pcm, speech) : null,
  };
}
