/** What a chat user is told when transcription failed: the answer row stays and is retried (see toUserError). */
export const TRANSCRIBER_FAILED_MESSAGE =
  "Transcription is slow right now; your answer is saved and I'll post feedback as soon as it's ready.";
