/**
 * The words cards use for platform things. Cards are neutral data, but "voice message" is a Discord word (Slack
 * calls them audio clips), so each adapter supplies its own vocabulary and the cards read from it.
 */
export interface CardVocabulary {
  /** A recorded answer sent as a message, with its article: "a voice message" (Discord), "an audio clip" (Slack). */
  recordedAnswer: string;
  /** How the round header names a round answered in the thread (mode `text`). */
  threadRound: string;
}

/** Discord's words, the default. */
export const DEFAULT_VOCABULARY: CardVocabulary = { recordedAnswer: 'a voice message', threadRound: 'text' };
