// Worker thread for WhisperCppTranscriber. whisper_full() is synchronous and takes seconds; here it blocks
// this thread instead of the bot's event loop (voice receive, gateway heartbeats).
// Loaded by Node directly (type stripping): erasable syntax only, and no relative runtime imports.
import { parentPort, workerData } from 'node:worker_threads';
import { Whisper, WhisperFullParams, WhisperSamplingStrategy } from '@napi-rs/whisper';
import type { WhisperJob, WhisperReply, WhisperSegment, WhisperWorkerData } from './whisperCppProtocol.js';

/** How long to wait for segment callbacks still queued after whisper_full() returns. */
const SEGMENT_FLUSH_MS = 2000;

const data: Partial<WhisperWorkerData> = typeof workerData === 'object' && workerData !== null ? workerData : {};
if (typeof data.modelPath !== 'string') throw new Error('whisperCppWorker needs workerData.modelPath');
// Never setupLogger(): in @napi-rs/whisper 0.0.4 it aborts the process.
const whisper = new Whisper(data.modelPath, { useGpu: false });

parentPort?.on('message', (job: WhisperJob) => {
  run(job).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) =>
      parentPort?.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});

async function run(job: WhisperJob): Promise<WhisperReply> {
  const params = new WhisperFullParams(WhisperSamplingStrategy.Greedy);
  params.nThreads = job.threads;
  params.language = job.language;
  params.initialPrompt = job.prompt;
  params.printProgress = false;
  params.printRealtime = false;
  params.printTimestamps = false;
  params.printSpecial = false;
  params.suppressBlank = true;
  // Word timestamps: each new segment is one word, timed from its tokens (whisper.cpp's -ml 1 -sow).
  params.tokenTimestamps = true;
  params.maxLen = 1;
  params.splitOnWord = true;
  const segments: WhisperSegment[] = [];
  params.onNewSegment = (segment) => segments.push({ text: segment.text, start: segment.start, end: segment.end });
  const text = whisper.full(params, job.samples);
  // Segments arrive through a queued callback, after full() has returned; wait until they account for the text.
  const target = squash(text);
  const deadline = Date.now() + SEGMENT_FLUSH_MS;
  while (squash(segments.map((s) => s.text).join('')) !== target && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const complete = squash(segments.map((s) => s.text).join('')) === target;
  return { id: job.id, ok: true, text, words: complete ? segments : [] };
}

function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
