export { ChunkedTranscription, type LiveAudioSource } from './ChunkedTranscription.js';
export { ConcurrencyLimit } from './ConcurrencyLimit.js';
export { mergeTranscripts, type TranscriptPart } from './mergeTranscripts.js';
export { DEFAULT_CHUNKING, findCut, splitAtPauses, type ChunkingOptions, type KnownAudio } from './planChunks.js';
