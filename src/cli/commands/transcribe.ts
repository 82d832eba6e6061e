import path from 'node:path';
import { UserFacingError } from '../../errors.js';
import { NO_SPEECH_MESSAGE, NO_TRANSCRIBER_MESSAGE } from '../../session/AnswerProcessor.js';
import { audioTooLarge } from '../../pipeline/audio/audioErrors.js';
import { decodeAudioFile } from '../../pipeline/audio/index.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs } from '../args.js';
import { readInputFile } from '../readInputFile.js';
import type { Terminal } from '../terminal.js';
import { showModelDownload } from '../downloadProgress.js';

export async function transcribeCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, true);
  const file = positionals[0];
  if (!file) throw new UserFacingError('bad_usage', 'Usage: interview-coach transcribe FILE [--json]');
  const services = await ctx.services();
  if (!services.transcriber) throw new UserFacingError('no_transcriber', NO_TRANSCRIBER_MESSAGE);
  const maxBytes = services.config.MAX_AUDIO_BYTES;
  const bytes = await readInputFile(file, { maxBytes, tooLarge: (size) => audioTooLarge(size, maxBytes) });
  const audio = await decodeAudioFile(bytes, { fileName: path.basename(file), maxDurationSec: services.config.MAX_ANSWER_SECONDS, maxBytes: services.config.MAX_AUDIO_BYTES });
  if (audio.speech.length === 0) throw new UserFacingError('no_speech', NO_SPEECH_MESSAGE);
  await showModelDownload(services.localModel, term.err);
  const t = await services.answers.transcribeAudio(audio);
  if (values.json) {
    term.out(JSON.stringify({ text: t.text, language: t.language, durationSec: t.durationSec ?? audio.durationSec, words: t.words.map(({ word, start, end }) => ({ word, start, end })), transcriber: t.transcriber }));
  } else {
    term.out(t.text);
    term.err(`(${t.transcriber}, ${audio.durationSec.toFixed(1)} s)`);
  }
  return 0;
}
