// Memory the upload of an answer to a transcriber holds, per minute of answer: the WAV built as one buffer and
// wrapped with the openai SDK's toFile (the route before) against the header plus a view of the captured samples,
// streamed (wavUpload + uploadFile, what OpenAITranscriber sends now). Interleaved, forced GC around each.
import { toFile, toStreamingFile } from 'openai';
import { detectSpeech, encodeWav, wavUpload } from '../src/pipeline/audio/index.js';
import type { AnswerAudio } from '../src/pipeline/audio/types.js';
import { readAudibleWav } from '../src/pipeline/providers/audibleWav.js';
import { uploadFile } from '../src/pipeline/transcribe/openaiTranscriber.js';
import { concat, synthesizeAnswer } from '../test/helpers/audioFixtures.js';
import { interleaved, median, settledMemory } from './interleave.js';

const MINUTES = 5;
const ROUNDS = 7;

/** Bytes of array buffers that building the upload leaves allocated while the request is sent (the result is kept alive until measured). */
async function held(build: () => unknown): Promise<number> {
  const before = await settledMemory();
  const kept: unknown = await build();
  const after = await settledMemory();
  if (kept === undefined) throw new Error('nothing was built');
  return after.arrayBuffers - before.arrayBuffers;
}

export async function run(): Promise<string> {
  const fixture = await synthesizeAnswer();
  const pieces: Int16Array[] = [];
  for (let n = 0; n < MINUTES * 60 * 16000; n += fixture.pcm.length) pieces.push(fixture.pcm);
  const pcm = concat(pieces).slice(0, MINUTES * 60 * 16000);
  const audio: AnswerAudio = { pcm, sampleRate: 16000, durationSec: pcm.length / 16000, speech: detectSpeech(pcm, 16000) };
  const sentBytes = wavUpload(audio, { trim: true }).byteLength;

  const results = await interleaved(
    {
      // The route before: encodeWav copies the samples into one buffer, the audibility check decoded that buffer
      // again (released after the check), and toFile's File copied the buffer once more.
      copy: async () => {
        const wav = encodeWav(audio, { trim: true });
        readAudibleWav(wav);
        return [wav, await toFile(wav, 'answer.wav', { type: 'audio/wav' })];
      },
      view: () => {
        const upload = wavUpload(audio, { trim: true });
        readAudibleWav(upload);
        return [upload, uploadFile(toStreamingFile, upload)];
      },
    },
    { rounds: ROUNDS },
    held,
  );
  const perMin = (bytes: number): string => `${(bytes / 1e6 / MINUTES).toFixed(2)} MB/min`;
  const figure = (name: 'copy' | 'view'): string => perMin(median(results[name]));

  return [
    '## Uploading an answer to the transcriber: memory per minute of answer',
    '',
    `A ${MINUTES}-min answer (16 kHz mono, ${(pcm.byteLength / 1e6).toFixed(2)} MB of samples; ${(sentBytes / 1e6).toFixed(2)} MB of WAV after trimming ` +
      `to its speech) made ready to send to an OpenAI-compatible transcriber. Growth of \`process.memoryUsage()\` across building ` +
      `the request body's file part, with forced GC before and after and the result kept alive; median of ${ROUNDS} interleaved rounds.`,
    '',
    '| route | held while the request is sent, beyond the captured samples |',
    '|---|---|',
    `| before: \`encodeWav\` (one buffer) + \`toFile\` (a File, which copies it) | ${figure('copy')} |`,
    `| **now: \`wavUpload\` (44-byte header + a view of the samples) streamed with \`toStreamingFile\`** | **${figure('view')}** |`,
    '',
    'Measured as the growth of `process.memoryUsage().arrayBuffers` (where Buffers, typed arrays and File contents live), ' +
      'read once freed buffers are really released (GC repeated until it stops changing). The samples are 1.92 MB per ' +
      'minute; the route before held two more copies of them while the request was sent, and decoded the WAV into a ' +
      'third for the silence check (freed before sending, so not in the figure). RSS is not shown: freed pages from ' +
      'earlier rounds are reused, so it does not move. The streamed body goes out with chunked transfer encoding.',
  ].join('\n');
}
