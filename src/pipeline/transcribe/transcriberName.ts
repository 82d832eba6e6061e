import { TRANSCRIBERS, isOneOf, type Known, type TranscriberKind } from '../../enums.js';

/** How an answer's transcriber is stored: its kind (`answers.transcriber`) and its model (`transcriber_model`). */
export interface TranscriberColumns {
  transcriber: Known<TranscriberKind>;
  transcriberModel: string | null;
}

/**
 * A transcriber's name (`openai:whisper-1`, `whisper.cpp:ggml-base.en.bin`: the kind, then the model, as the
 * transcribers name themselves) as the answer's columns. A kind outside the list is stored as `unknown`, the model kept.
 */
export function transcriberColumns(name: string): TranscriberColumns {
  const colon = name.indexOf(':');
  const kind = colon < 0 ? name : name.slice(0, colon);
  const model = colon < 0 ? null : name.slice(colon + 1) || null;
  return { transcriber: isOneOf(TRANSCRIBERS, kind) ? kind : 'unknown', transcriberModel: model };
}
