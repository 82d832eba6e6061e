/** What a person is told when voice answers are off, or when a recording held no speech. */
export const NO_TRANSCRIBER_MESSAGE =
  'Voice answers are turned off on this server (`TRANSCRIBER_PROVIDER=none`). An admin can turn them on — text answers work now.';
export const NO_SPEECH_MESSAGE = "I couldn't hear any speech in that recording. Check your microphone and try again, or reply with text.";
