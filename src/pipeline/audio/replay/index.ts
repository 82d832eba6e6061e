export { applyCuts, JOINT_FADE_SEC, type CutAudio } from './applyCuts.js';
export { encodeOggOpus, oggOpusDurationSec } from './encodeOggOpus.js';
export { mergeSpans, REPLAY_CUT, replayCuts, type ReplayCutInput } from './replayCuts.js';
export { voiceWaveform } from './waveform.js';
