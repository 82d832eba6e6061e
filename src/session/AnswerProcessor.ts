import { transcriberColumns } from '../pipeline/transcribe/transcriberName.js';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Repositories, StoryCoverageRow } from '../db/index.js';
import { starBits, storyCoverage } from '../pipeline/evaluate/storyCoverage.js';
import type { AnswerError, AnswerRow, NewMetricsRow, QuestionRow } from '../db/schema.js';
import { UserFacingError } from '../errors.js';
import { analyzeText } from '../pipeline/analyze/analyzeText.js';
import { computeDeliveryScore } from '../pipeline/analyze/deliveryScore.js';
import type { TextAnalysis } from '../pipeline/analyze/types.js';
import { decodeAudioFile, describeDuration, encodeWav, measureAudio, wavChunks, wavUpload } from '../pipeline/audio/index.js';
import { detectHesitations, type Hesitations } from '../pipeline/audio/detectHesitations.js';
import { spokenDisfluency, type SpokenDisfluency } from '../pipeline/analyze/spokenDisfluency.js';
import { timeToFirstWord } from '../pipeline/analyze/firstWord.js';
import type { AnswerAudio } from '../pipeline/audio/types.js';
import type { AudioMetrics } from '../pipeline/audio/types.js';
import type { Evaluation, EvaluationInput, Evaluator } from '../pipeline/evaluate/types.js';
import type { Transcriber, Transcript, TranscriptWord } from '../pipeline/transcribe/types.js';
import { ChunkedTranscription, ConcurrencyLimit, DEFAULT_CHUNKING, type ChunkingOptions } from '../pipeline/transcribe/chunked/index.js';
import type { AnswerResult, AnswerWorkOutcome, SubmitAnswerOptions } from './answerTypes.js';
import type { JobQueue } from '../queue/JobQueue.js';
import { inProcessAnswerQueue } from '../queue/openAnswerQueue.js';
import type { AnswerHandOff } from './answerHandOff.js';
import { HandOffResults, type OwedFeedbackHandler } from './HandOffResults.js';
import { NO_SPEECH_MESSAGE, NO_TRANSCRIBER_MESSAGE } from './answerMessages.js';
import { storedAnswerResult, storedAudioMetrics, storedHesitations } from './storedAnswerResult.js';
import { questionFromRow } from './questionFromRow.js';
import type { UsageLimits } from './UsageLimits.js';
import { TranscriptionFailed } from '../pipeline/transcribe/TranscriptionFailed.js';
import type { AnswerId, UserId, WorkspaceId } from '../ids.js';
import { fillerWordSpans } from '../pipeline/analyze/fillerTimes.js';
import type { ReplayStore } from './ReplayStore.js';

export interface AnswerProcessorDeps {
  repos: Repositories;
  /** Daily transcription allowance; absent means unlimited. */
  limits?: UsageLimits;
  evaluator: Evaluator;
  transcriber: Transcriber | null;
  maxAnswerChars: number;
  /** Set only with STORE_AUDIO: where voice answers wait (as WAV) until they are transcribed. */
  audioDir?: string;
  /** How answers are cut at pauses for transcription (TRANSCRIBE_CHUNK_SECONDS); default 20 s of speech. */
  chunking?: ChunkingOptions;
  /** Transcription requests at once in this process (TRANSCRIBE_CONCURRENCY), shared by every answer. */
  transcriptionLimit?: ConcurrencyLimit;
  /**
   * The queue this process's answers go through once stored: in process (the work runs here, right away; default
   * `inProcessAnswerQueue()`). Its handler, `workOn`, is registered here.
   */
  queue?: JobQueue;
  /** Whether this process takes jobs from `queue` (default true; the bot with BOT_QUEUE_CONCURRENCY=0 does not). */
  worksQueue?: boolean;
  /**
   * ANSWER_QUEUE=pg-boss: an answer is stored with its job in one transaction (voice audio in the database), worked by
   * whichever process takes the job, and `submit` waits for the result to land (docs/SCALING.md).
   */
  handOff?: AnswerHandOff;
  /** Where spoken answers' audio waits, in memory, for "Hear it without the ums"; absent turns it off. */
  replays?: ReplayStore;
}

export type { OwedFeedbackHandler, OwedOutcome } from './HandOffResults.js';

/** What only the process that stored an answer has for it: the audio in memory, a live transcription, who to tell. */
interface LocalWork {
  voice?: { audio: AnswerAudio; metrics: AudioMetrics; live?: ChunkedTranscription; sinceQuestionEndSec?: number };
  onProgress?: SubmitAnswerOptions['onProgress'];
  /** Set by the handler when it ran here. */
  result?: AnswerResult;
}

export { NO_SPEECH_MESSAGE, NO_TRANSCRIBER_MESSAGE } from './answerMessages.js';

/**
 * One answer's way through the pipeline. Each step is written to the database before the next starts:
 * received → transcribed (transcript kept) → metrics → scored. A failure leaves what was captured in place.
 */
export class AnswerProcessor {
  private readonly transcriptionLimit: ConcurrencyLimit;
  private readonly queue: JobQueue;
  /** Answers queued by this process and being worked on here, by id. */
  private readonly local = new Map<AnswerId, LocalWork>();

  /** Hand-off: the results of answers this process stored, waited on or owed. */
  private readonly results: HandOffResults | undefined;

  constructor(private readonly deps: AnswerProcessorDeps) {
    this.transcriptionLimit = deps.transcriptionLimit ?? new ConcurrencyLimit(2);
    this.queue = deps.queue ?? inProcessAnswerQueue();
    if (deps.worksQueue !== false) {
      void this.queue.work(async ({ answerId }) => {
        await this.workOn(answerId);
      });
    }
    this.results = deps.handOff && new HandOffResults(deps.handOff, deps.repos);
  }

  /**
   * Hand-off: who shows an owed answer's outcome when nobody in this process waits for it any more (it was stored
   * before a restart). Registering catches up at once on what landed meanwhile.
   */
  onOwedFeedback(handler: OwedFeedbackHandler): Promise<void> {
    return this.results?.onOwedFeedback(handler) ?? Promise.resolve();
  }

  /**
   * Hand-off: stores the answer, what it needs and its job in one transaction, then waits for whoever takes the job.
   * Voice audio goes into the database (bounded by QUEUE_AUDIO_MAX_BYTES) for a worker on any machine.
   */
  private async handOffAnswer(
    handOff: AnswerHandOff,
    row: Parameters<Repositories['answers']['create']>[0],
    audio?: { audio: AnswerAudio; reservedSec: number | null; measured?: Omit<NewMetricsRow, 'answerId'> },
  ): Promise<AnswerResult> {
    let wav: Buffer | undefined;
    if (audio && !audio.measured) {
      const size = wavUpload(audio.audio).byteLength;
      if (size > handOff.audioMaxBytes) {
        throw new UserFacingError(
          'audio_too_large',
          `That recording is ${describeDuration(audio.audio.durationSec)} long — more than this bot can queue for transcription (${Math.floor(handOff.audioMaxBytes / 32_000)} seconds at most). Send a shorter one, or reply with text.`,
        );
      }
      wav = encodeWav(audio.audio);
    }
    const chargedSec = audio?.reservedSec != null ? { seconds: audio.reservedSec, day: new Date().toISOString().slice(0, 10) } : undefined;
    const extras = { owner: handOff.owner, ...(wav ? { wav } : {}), ...(chargedSec ? { chargedSec } : {}), ...(audio?.measured ? { metrics: audio.measured } : {}) };
    const answer = await this.deps.repos.answerQueue.storeWithJob(row, extras, async (client, answerId) => {
      await handOff.enqueueIn(client, { answerId });
    });
    if (!answer) throw alreadyAnswered();
    if (!this.results) throw new Error('hand-off results are not being listened for');
    return this.results.awaitResult(answer.id);
  }

  /** Hand-off of a voice answer: its seconds counted first (refused → stored as failed, as in process), given back if it is not stored. */
  private async handOffVoice(
    handOff: AnswerHandOff,
    row: Parameters<Repositories['answers']['create']>[0],
    audio: AnswerAudio,
    userId: UserId,
    workspaceId: WorkspaceId,
    live?: { transcription: ChunkedTranscription; sinceQuestionEndSec: number | undefined },
  ): Promise<AnswerResult> {
    const limits = this.deps.limits;
    try {
      await limits?.reserveTranscription(userId, workspaceId, audio.durationSec);
    } catch (error) {
      live?.transcription.cancel();
      const refused = await this.deps.repos.answers.createUnlessAnswered(row);
      if (!refused) throw alreadyAnswered();
      await this.fail(refused, measureAudio(audio), 'quota_exceeded');
      throw error;
    }
    // A live answer was transcribed while it was spoken: its transcript and measures are stored, the worker only scores.
    const carried = live ? await this.liveMeasures(audio, live.transcription, live.sinceQuestionEndSec) : undefined;
    const stored = carried ? { ...row, status: 'transcribed' as const, transcript: carried.transcript, ...transcriberColumns(carried.transcriber) } : row;
    try {
      return await this.handOffAnswer(handOff, stored, { audio, reservedSec: limits ? audio.durationSec : null, ...(carried ? { measured: carried.metrics } : {}) });
    } catch (error) {
      // Not stored (too large, answered already, the database refused): the seconds were never used.
      if (limits && !(await this.deps.repos.answers.findForQuestion(row.questionId, userId))) await limits.recordTranscription(userId, workspaceId, -audio.durationSec);
      throw error;
    }
  }

  /**
   * What the bot can store for a live answer without a worker transcribing it again: the transcript and the measures
   * that need the samples and word timings. Undefined (the worker transcribes the stored audio) when it failed or heard nothing.
   */
  private async liveMeasures(
    audio: AnswerAudio,
    live: ChunkedTranscription,
    sinceQuestionEndSec: number | undefined,
  ): Promise<{ transcript: string; transcriber: string; metrics: Omit<NewMetricsRow, 'answerId'> } | undefined> {
    const transcript = await live.finish(audio).catch(() => undefined);
    const text = transcript?.text.trim() ?? '';
    if (!transcript || text === '') return undefined;
    const audioMetrics = measureAudio(audio);
    const analysis = analyzeText({ text, durationSec: audio.durationSec, words: transcript.words });
    const hesitations = detectHesitations({ pcm: audio.pcm, speech: audio.speech, words: transcript.words });
    const disfluency = spokenDisfluency(analysis, transcript.words, hesitations, audio.durationSec);
    const deliveryScore = deliveryFor(analysis, audioMetrics, disfluency.hesitationsPerMinute);
    const { answerId: _unused, ...measures } = metricsRow(0 as AnswerId, analysis, audioMetrics, deliveryScore);
    const firstWordSec = timeToFirstWord(sinceQuestionEndSec, transcript.words, audio.speech);
    return { transcript: text, transcriber: transcript.transcriber, metrics: { ...measures, ...disfluencyColumns(disfluency), firstWordSec } };
  }

  /** The dead-letter queue's handler: an answer whose job failed on every try is marked failed, so its person is told. */
  async deadLettered(answerId: AnswerId): Promise<void> {
    const answer = await this.deps.repos.answers.get(answerId);
    if (!answer || answer.status === 'scored' || answer.status === 'failed') return;
    if (answer.status === 'received') await this.deps.limits?.refundAnswer(answer.id, answer.userId, answer.workspaceId);
    await this.deps.repos.answers.update(answerId, { status: 'failed', error: answer.status === 'received' ? 'transcriber_failed' : 'work_failed' });
    await this.deps.repos.answerQueue.dropAudio(answerId);
  }

  /** Whether answers are handed to the pg-boss queue (ANSWER_QUEUE=pg-boss): their work is not this process's to resume. */
  get handsOff(): boolean {
    return this.deps.handOff !== undefined;
  }

  /**
   * A transcription that follows a live answer while it is spoken (chunks cut at pauses go to the transcriber in
   * the background); hand it back with the audio in `submit`. Null when nothing can transcribe.
   */
  startLiveTranscription(): ChunkedTranscription | null {
    return this.deps.transcriber ? this.newTranscription(this.deps.transcriber) : null;
  }

  /**
   * A complete recording's transcript (the CLI's `analyze`/`transcribe`), cut at pauses like every answer: words
   * are on the recording's own timeline.
   */
  transcribeAudio(audio: AnswerAudio): Promise<Transcript> {
    const transcriber = this.deps.transcriber;
    if (!transcriber) return Promise.reject(new UserFacingError('no_transcriber', NO_TRANSCRIBER_MESSAGE));
    return this.newTranscription(transcriber)
      .finish(audio)
      .catch((error: unknown) => {
        throw error instanceof UserFacingError ? error : new TranscriptionFailed(transcriber.name, error);
      });
  }

  private newTranscription(transcriber: Transcriber): ChunkedTranscription {
    return new ChunkedTranscription(transcriber, this.transcriptionLimit, this.deps.chunking ?? DEFAULT_CHUNKING);
  }

  validateText(text: string): string {
    const trimmed = text.trim();
    if (trimmed === '') throw new UserFacingError('empty_answer', 'That answer is empty — type or say a few sentences and send it again.');
    if (trimmed.length > this.deps.maxAnswerChars) {
      throw new UserFacingError(
        'answer_too_long',
        `That answer is ${trimmed.length.toLocaleString('en-US')} characters; answers are capped at ${this.deps.maxAnswerChars.toLocaleString('en-US')}. Trim it and send it again.`,
      );
    }
    return trimmed;
  }

  async submit(options: SubmitAnswerOptions): Promise<AnswerResult> {
    const { repos } = this.deps;
    const session = await repos.sessions.get(options.sessionId);
    const question = await repos.sessions.getQuestion(options.questionId);
    if (!session || !question) throw new UserFacingError('no_session', 'That interview no longer exists.');
    if (await repos.answers.findForQuestion(question.id, options.userId)) throw alreadyAnswered();
    const base = {
      sessionId: session.id,
      questionId: question.id,
      userId: options.userId,
      workspaceId: session.workspaceId,
      role: question.role,
      category: question.category,
      replyRef: options.reply?.id ?? null,
      replyEphemeral: options.reply?.ephemeral ?? false,
    };

    if (options.input.kind === 'text') {
      const text = this.validateText(options.input.text);
      if (this.deps.handOff) return this.handOffAnswer(this.deps.handOff, { ...base, inputKind: 'text', transcript: text, transcriber: 'typed', transcriberModel: null, status: 'transcribed' });
      // Checked again with the insert: two submissions racing for one question store one answer.
      const answer = await repos.answers.createUnlessAnswered({ ...base, inputKind: 'text', transcript: text, transcriber: 'typed', transcriberModel: null, status: 'transcribed' });
      if (!answer) throw alreadyAnswered();
      return this.viaQueue(answer.id, { onProgress: options.onProgress });
    }

    const { audio, inputKind, transcription, sinceQuestionEndSec } = options.input;
    if (this.deps.handOff && audio.speech.length > 0 && this.deps.transcriber) {
      const live = transcription ? { transcription, sinceQuestionEndSec } : undefined;
      return this.handOffVoice(this.deps.handOff, { ...base, inputKind, durationSec: round1(audio.durationSec), status: 'received' }, audio, options.userId, session.workspaceId, live);
    }
    const answer = await repos.answers.createUnlessAnswered({ ...base, inputKind, durationSec: round1(audio.durationSec), status: 'received' });
    if (!answer) {
      transcription?.cancel();
      throw alreadyAnswered();
    }
    const audioMetrics = measureAudio(audio);
    if (audio.speech.length === 0) {
      await this.fail(answer, audioMetrics, 'no_speech');
      throw new UserFacingError('no_speech', NO_SPEECH_MESSAGE);
    }
    const transcriber = this.deps.transcriber;
    if (!transcriber) {
      transcription?.cancel();
      await this.fail(answer, audioMetrics, 'no_transcriber');
      throw new UserFacingError('no_transcriber', NO_TRANSCRIBER_MESSAGE);
    }
    try {
      await this.deps.limits?.reserveTranscription(options.userId, session.workspaceId, audio.durationSec);
    } catch (error) {
      transcription?.cancel();
      await this.fail(answer, audioMetrics, 'quota_exceeded');
      throw error;
    }
    await this.deps.repos.usage.noteCharge(answer.id, audio.durationSec);
    await this.storeAudio(answer.id, audio);
    return this.viaQueue(answer.id, { voice: { audio, metrics: audioMetrics, live: transcription, sinceQuestionEndSec }, onProgress: options.onProgress });
  }

  /** A stored answer's work, through the queue; the handler runs here and leaves the result. */
  private async viaQueue(answerId: AnswerId, local: LocalWork): Promise<AnswerResult> {
    this.local.set(answerId, local);
    try {
      const outcome = await this.queue.enqueue({ answerId });
      if (!local.result) throw new Error(`answer ${answerId}: the queue answered "${outcome}" without a result`);
      return local.result;
    } finally {
      this.local.delete(answerId);
    }
  }

  /**
   * The work queue's handler — in this process, and in `interview-coach worker`: whatever is left of a stored
   * answer's work, following its status (received → transcribed → scored). Safe to run twice: a finished answer is
   * left alone (no second evaluation), and a half-done one resumes from its last stored step — metrics and the
   * evaluation are one row per answer, written over, never added. An answer this process queued uses what only it
   * has (the audio in memory, a live transcription, the progress callback); a worker reads the rest from storage.
   */
  async workOn(answerId: AnswerId): Promise<AnswerWorkOutcome> {
    const local = this.local.get(answerId);
    try {
      return await this.nextStep(answerId, local);
    } catch (error) {
      // Here, a person is waiting: they see the failure. On a worker, a failure that left the answer failed (no
      // speech, over the allowance) is final; any other (a provider down) is thrown for the queue to retry.
      if (!local && (await this.deps.repos.answers.get(answerId))?.status === 'failed') return 'failed';
      throw error;
    }
  }

  private async nextStep(answerId: AnswerId, local: LocalWork | undefined): Promise<AnswerWorkOutcome> {
    const answer = await this.deps.repos.answers.get(answerId);
    if (!answer) return 'gone';
    if (answer.status === 'scored' || answer.status === 'failed') return 'already_done';
    if (answer.status === 'transcribed') {
      const result = await this.resume(answerId, local?.onProgress);
      if (!result) return 'gone';
      if (local) local.result = result;
      return 'scored';
    }
    const voice = local?.voice;
    const question = await this.deps.repos.sessions.getQuestion(answer.questionId);
    const result = voice && question
      ? await this.transcribeAndFinish(answer, question, voice.audio, voice.metrics, local.onProgress, voice.live, voice.sinceQuestionEndSec)
      : await this.retryTranscription(answerId, undefined, local?.onProgress);
    if (result) {
      if (local) local.result = result;
      return 'scored';
    }
    // The question went, or the audio was only in a process that is gone (STORE_AUDIO off).
    if (!question || !(await this.deps.repos.answers.get(answerId))) return 'gone';
    await this.abandonUntranscribed(answerId);
    return 'audio_lost';
  }

  /**
   * Tries the transcription of a kept ('received') voice answer again: with the audio still in memory after a
   * transcriber outage, or from disk when STORE_AUDIO kept it. Undefined when there is nothing to retry.
   */
  async retryTranscription(
    answerId: AnswerId,
    audio?: AnswerAudio,
    onProgress?: SubmitAnswerOptions['onProgress'],
    sinceQuestionEndSec?: number,
  ): Promise<AnswerResult | undefined> {
    const answer = await this.deps.repos.answers.get(answerId);
    if (!answer || answer.status !== 'received') return undefined;
    const question = await this.deps.repos.sessions.getQuestion(answer.questionId);
    const kept = audio ?? (await this.loadAudio(answerId));
    if (!question || !kept) return undefined;
    return this.transcribeAndFinish(answer, question, kept, measureAudio(kept), onProgress, undefined, sinceQuestionEndSec);
  }

  /** A voice answer that cannot be transcribed any more (audio lost in a restart, retries used up): marked failed so nothing waits for it. */
  async abandonUntranscribed(answerId: AnswerId, reason: Extract<AnswerError, 'lost_on_restart' | 'transcriber_failed'> = 'lost_on_restart'): Promise<void> {
    await this.deps.repos.answers.update(answerId, { status: 'failed', error: reason });
  }

  private async transcribeAndFinish(
    answer: AnswerRow,
    question: QuestionRow,
    audio: AnswerAudio,
    audioMetrics: AudioMetrics,
    onProgress: SubmitAnswerOptions['onProgress'],
    live?: ChunkedTranscription,
    sinceQuestionEndSec?: number,
  ): Promise<AnswerResult> {
    // The seconds were counted against the allowance when the answer came in (its transcription_charges row); a failed
    // attempt gives them back, a later success counts them again — once, however many runs finish (keyed by answer).
    const { repos } = this.deps;
    const transcriber = this.deps.transcriber;
    if (!transcriber) throw new UserFacingError('no_transcriber', NO_TRANSCRIBER_MESSAGE);
    // A local model may still be downloading: the answer waits for it and the person sees how far it is. A failed
    // download surfaces from transcribe() below, where failures are handled.
    await transcriber.prepare?.((message) => onProgress?.({ stage: 'preparing', message })).catch(() => undefined);
    await onProgress?.({ stage: 'transcribing', durationSec: audio.durationSec });
    // Live answers bring the chunks already transcribed while they were spoken; files are cut at pauses here.
    const transcription = live ?? this.newTranscription(transcriber);
    const transcript = await transcription.finish(audio).catch(async (error: unknown) => {
      // The answer row stays 'received' so it can be retried; the metrics from the audio are kept.
      await repos.answers.saveMetrics(metricsRow(answer.id, analyzeText({ text: '', durationSec: audio.durationSec }), audioMetrics, null));
      await repos.answers.update(answer.id, { error: 'transcriber_failed' });
      await this.deps.limits?.refundAnswer(answer.id, answer.userId, answer.workspaceId);
      throw error instanceof UserFacingError ? error : new TranscriptionFailed(transcriber.name, error);
    });
    await this.deps.limits?.chargeAnswer(answer.id, answer.userId, answer.workspaceId, audio.durationSec);
    if (transcript.text.trim() === '') {
      await this.fail(answer, audioMetrics, 'no_speech');
      throw new UserFacingError('no_speech', NO_SPEECH_MESSAGE);
    }
    if (!(await repos.answers.markTranscribed(answer.id, { transcript: transcript.text.trim(), ...transcriberColumns(transcript.transcriber) }))) {
      // Another run transcribed it meanwhile (this one was presumed dead): its result stands.
      const record = await repos.answers.record(answer.id);
      const done = record && storedAnswerResult(record);
      if (done) return done;
      throw new Error(`answer ${answer.id} was transcribed by another run that has not scored it yet`);
    }
    await this.removeAudio(answer.id);
    const updated = (await repos.answers.get(answer.id)) ?? answer;
    // Chunked transcripts put words on the answer's own timeline, where the VAD spans and the samples are.
    const hesitations = detectHesitations({ pcm: audio.pcm, speech: audio.speech, words: transcript.words });
    const firstWordSec = timeToFirstWord(sinceQuestionEndSec, transcript.words, audio.speech);
    return this.finish(updated, question, { words: transcript.words, audio: audioMetrics, hesitations, firstWordSec, onProgress, spoken: audio });
  }

  private audioFile(answerId: AnswerId): string | undefined {
    return this.deps.audioDir ? path.join(this.deps.audioDir, `answer-${answerId}.wav`) : undefined;
  }

  /** Only with STORE_AUDIO: the WAV is kept until the answer is transcribed, so a restart can finish it. */
  private async storeAudio(answerId: AnswerId, audio: AnswerAudio): Promise<void> {
    const file = this.audioFile(answerId);
    if (!file) return;
    await mkdir(path.dirname(file), { recursive: true });
    // Written from the answer's own samples: no second copy of it in memory.
    await writeFile(file, wavChunks(wavUpload(audio)));
  }

  private async loadAudio(answerId: AnswerId): Promise<AnswerAudio | undefined> {
    // Stored in the database by a bot on another machine (ANSWER_QUEUE=pg-boss).
    const stored = await this.deps.repos.answerQueue.audio(answerId);
    if (stored) return decodeAudioFile(stored, { fileName: `answer-${answerId}.wav` });
    const file = this.audioFile(answerId);
    if (!file) return undefined;
    const bytes = await readFile(file).catch(() => undefined);
    return bytes ? decodeAudioFile(bytes, { fileName: path.basename(file) }) : undefined;
  }

  private async removeAudio(answerId: AnswerId): Promise<void> {
    await this.deps.repos.answerQueue.dropAudio(answerId);
    const file = this.audioFile(answerId);
    if (file) await rm(file, { force: true });
  }

  /** Scores a stored answer whose transcript exists but whose scoring never finished (after a restart). */
  async resume(answerId: AnswerId, onProgress?: SubmitAnswerOptions['onProgress']): Promise<AnswerResult | undefined> {
    const answer = await this.deps.repos.answers.get(answerId);
    if (!answer || answer.status !== 'transcribed' || answer.transcript === null) return undefined;
    const question = await this.deps.repos.sessions.getQuestion(answer.questionId);
    if (!question) return undefined;
    const record = await this.deps.repos.answers.record(answerId);
    const stored = record?.metrics;
    const audio: AudioMetrics | null = record ? storedAudioMetrics(record) : null;
    const hesitations: Hesitations | null = record ? storedHesitations(record) : null;
    return this.finish(answer, question, {
      words: [],
      audio,
      hesitations,
      clusters: stored?.disfluencyClusters ?? undefined,
      firstWordSec: stored?.firstWordSec ?? null,
      onProgress,
    });
  }

  private async finish(
    answer: AnswerRow,
    question: QuestionRow,
    context: {
      words: readonly TranscriptWord[];
      audio: AudioMetrics | null;
      hesitations?: Hesitations | null;
      /** Clusters kept from an earlier run, when the word timestamps are gone (resume). */
      clusters?: SpokenDisfluency['clusters'];
      /** Live voice only (see AnswerInput.sinceQuestionEndSec). */
      firstWordSec?: number | null;
      onProgress?: SubmitAnswerOptions['onProgress'];
      /** The answer's audio while it is still in memory: kept for its replay. */
      spoken?: AnswerAudio;
    },
  ): Promise<AnswerResult> {
    const { repos } = this.deps;
    const text = answer.transcript ?? '';
    const durationSec = context.audio?.durationSec ?? null;
    const analysis = analyzeText({ text, durationSec, words: context.words });
    // Without word timestamps, pauses come from the audio timeline.
    if (context.audio && context.words.length === 0) analysis.pauses = context.audio.pauses;
    const disfluency = spokenDisfluency(analysis, context.words, context.hesitations ?? null, durationSec);
    if (context.clusters) disfluency.clusters = context.clusters;
    const replay = context.spoken ? this.keepReplay(answer, context.spoken, analysis, context.words, context.hesitations ?? null) : false;
    const deliveryScore = context.audio ? deliveryFor(analysis, context.audio, disfluency.hesitationsPerMinute) : null;
    const firstWordSec = context.firstWordSec ?? null;
    await repos.answers.saveMetrics({ ...metricsRow(answer.id, analysis, context.audio, deliveryScore), ...disfluencyColumns(disfluency), firstWordSec });

    await context.onProgress?.({ stage: 'scoring', transcript: text, durationSec });
    const evaluation = await this.evaluate(question, text, await this.earlierAnswer(question, answer.userId));
    await repos.answers.saveEvaluation(
      {
        answerId: answer.id,
        score: evaluation.score,
        ...evaluation.criteria,
        feedback: evaluation.feedback,
        idealAnswer: evaluation.idealAnswer,
        keywordsCovered: evaluation.keywordsCovered,
        keywordsMissed: evaluation.keywordsMissed,
        evaluator: evaluation.evaluator,
        model: evaluation.model,
      },
      storyOf(question, text, evaluation),
    );
    await context.onProgress?.({ stage: 'done' });
    const record = await repos.answers.record(answer.id);
    if (!record) throw new Error(`answer ${answer.id} vanished while scoring`);
    return { answer: record.answer, analysis, audio: context.audio, deliveryScore, disfluency, firstWordSec, evaluation, record, replay };
  }

  /** The answer's audio without its fillers, hesitations and long pauses, kept in memory for its owner to hear. */
  private keepReplay(answer: AnswerRow, audio: AnswerAudio, analysis: TextAnalysis, words: readonly TranscriptWord[], hesitations: Hesitations | null): boolean {
    const replays = this.deps.replays;
    if (!replays) return false;
    return replays.keep(answer.id, answer.userId, audio.pcm, {
      durationSec: audio.durationSec,
      speech: audio.speech,
      fillers: fillerWordSpans(analysis.transcript, analysis.fillers.spans, words),
      hesitations: hesitations?.spans ?? [],
    });
  }

  /**
   * The configured evaluator is the only fallback layer: an LLM evaluator comes wrapped with the offline rubric
   * (FallbackEvaluator, which logs each fallback). Anything that still throws is a bug: it reaches the error
   * mapping, which logs it with the answer's id, and the answer stays 'transcribed' so a restart scores it.
   */
  private evaluate(question: QuestionRow, text: string, earlier?: EvaluationInput['earlier']): Promise<Evaluation> {
    return this.deps.evaluator.evaluate({ question: questionFromRow(question), answer: text, ...(earlier ? { earlier } : {}) });
  }

  /** A follow-up is scored in the context of the same person's answer to the question it follows. */
  private async earlierAnswer(question: QuestionRow, userId: UserId): Promise<EvaluationInput['earlier']> {
    if (question.followUpOf === null) return undefined;
    const followed = await this.deps.repos.sessions.getQuestion(question.followUpOf);
    const earlier = followed ? await this.deps.repos.answers.findForQuestion(followed.id, userId) : undefined;
    return followed && earlier?.transcript ? { question: followed.text, answer: earlier.transcript } : undefined;
  }

  private async fail(answer: AnswerRow, audio: AudioMetrics, reason: AnswerError): Promise<void> {
    // A run presumed dead that finishes late must not undo what another run finished.
    const now = await this.deps.repos.answers.get(answer.id);
    if (now?.status === 'scored' || now?.status === 'failed') return;
    await this.deps.repos.answers.saveMetrics(metricsRow(answer.id, analyzeText({ text: '', durationSec: audio.durationSec }), audio, null));
    await this.deps.repos.answers.update(answer.id, { status: 'failed', error: reason });
  }
}

/**
 * A behavioural (STAR) answer's story coverage: the competencies an LLM evaluator named, or the offline classifier's.
 * A follow-up is part of the story it follows and is not counted as a story of its own.
 */
function storyOf(question: QuestionRow, text: string, evaluation: Evaluation): StoryCoverageRow | undefined {
  if (!question.star || question.followUpOf !== null) return undefined;
  const story = storyCoverage({ answer: text, category: question.category, score: evaluation.score, fromEvaluator: evaluation.competencies });
  return { competencies: story.competencies, strength: story.strength, starParts: starBits(story.star) };
}

function alreadyAnswered(): UserFacingError {
  return new UserFacingError('already_answered', "You've already answered this question — your feedback is above. Wait for the next one.");
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function deliveryFor(analysis: TextAnalysis, audio: AudioMetrics, hesitationsPerMinute: number | null): number {
  const minutes = audio.durationSec / 60;
  return computeDeliveryScore({
    wpm: analysis.pace.wpm,
    fillersPerMinute: analysis.fillers.perMinute,
    hesitationsPerMinute,
    hedgesPerMinute: minutes > 0 ? analysis.hedges.total / minutes : null,
    pauseRatio: audio.durationSec > 0 ? audio.pauses.totalSec / audio.durationSec : null,
    longestPauseSec: audio.pauses.longestSec,
    pitchVariabilitySemitones: audio.pitchVariabilitySemitones,
    loudnessVariabilityDb: audio.loudnessVariabilityDb,
  }).score;
}

function disfluencyColumns(d: SpokenDisfluency) {
  return {
    hesitationsTotal: d.hesitations?.total ?? null,
    hesitationsPerMinute: d.hesitationsPerMinute,
    hesitationSpans: d.hesitations?.spans ?? null,
    disfluencyClusters: d.clusters,
  };
}

function metricsRow(answerId: AnswerId, analysis: TextAnalysis, audio: AudioMetrics | null, deliveryScore: number | null) {
  return {
    answerId,
    wordCount: analysis.wordCount,
    fillersTotal: analysis.fillers.total,
    fillersPerMinute: analysis.fillers.perMinute,
    fillersByWord: analysis.fillers.byWord,
    hedgesTotal: analysis.hedges.total,
    hedgesByPhrase: analysis.hedges.byPhrase,
    repetitions: analysis.repetitions.total,
    wpm: analysis.pace.wpm,
    pauseCount: analysis.pauses.count,
    pauseLongestSec: analysis.pauses.longestSec,
    pauseTotalSec: analysis.pauses.totalSec,
    speechSec: audio?.speechSec ?? null,
    pitchVariabilitySemitones: audio?.pitchVariabilitySemitones ?? null,
    loudnessVariabilityDb: audio?.loudnessVariabilityDb ?? null,
    deliveryScore,
  };
}
