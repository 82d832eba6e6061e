import path from 'node:path';
import { UserFacingError } from '../../errors.js';
import { analyzeText } from '../../pipeline/analyze/analyzeText.js';
import { computeDeliveryScore } from '../../pipeline/analyze/deliveryScore.js';
import { audioTooLarge } from '../../pipeline/audio/audioErrors.js';
import { decodeAudioFile, measureAudio } from '../../pipeline/audio/index.js';
import { detectHesitations } from '../../pipeline/audio/detectHesitations.js';
import { describeCluster } from '../../pipeline/analyze/disfluencyClusters.js';
import { spokenDisfluency, type SpokenDisfluency } from '../../pipeline/analyze/spokenDisfluency.js';
import type { AudioMetrics } from '../../pipeline/audio/types.js';
import type { TextAnalysis } from '../../pipeline/analyze/types.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs } from '../args.js';
import { readInputFile } from '../readInputFile.js';
import { shownInput } from '../shownInput.js';
import type { Terminal } from '../terminal.js';

/** Below a second the words-per-minute figure means nothing (a typo like 1e-300 printed 2.4e+302 wpm). */
const MIN_DURATION_SEC = 1;
const MAX_DURATION_SEC = 24 * 60 * 60;

/** A text file may hold at most MAX_ANSWER_CHARS characters of up to 4 UTF-8 bytes each. */
function readTextFile(file: string, maxChars: number): Promise<Buffer> {
  return readInputFile(file, {
    maxBytes: maxChars * 4,
    tooLarge: (bytes) =>
      new UserFacingError('answer_too_long', `${shownInput(file)} is ${(bytes / (1024 * 1024)).toFixed(1)} MB; answers are capped at ${maxChars.toLocaleString('en-US')} characters.`),
  });
}

function analysisJson(a: TextAnalysis) {
  return {
    transcript: a.transcript,
    durationSec: a.durationSec,
    fillers: { total: a.fillers.total, perMinute: a.fillers.perMinute, byWord: a.fillers.byWord },
    hedges: { total: a.hedges.total, byPhrase: a.hedges.byPhrase },
    discourseMarkers: { total: a.discourseMarkers.total, byWord: a.discourseMarkers.byWord },
    pace: { wpm: a.pace.wpm },
    pauses: a.pauses,
  };
}

export async function analyzeCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { config } = ctx;
  const { values } = parseCommandArgs(argv, {
    text: { type: 'string' },
    file: { type: 'string' },
    audio: { type: 'string' },
    duration: { type: 'string' },
    json: { type: 'boolean' },
  });
  const sources = [values.text, values.file, values.audio].filter((v) => v !== undefined).length;
  if (sources !== 1) throw new UserFacingError('bad_usage', 'Give exactly one of --text, --file or --audio.');
  let durationSec: number | null = null;
  if (values.duration !== undefined) {
    durationSec = Number(values.duration);
    if (!Number.isFinite(durationSec) || durationSec < MIN_DURATION_SEC || durationSec > MAX_DURATION_SEC) {
      throw new UserFacingError('bad_usage', `--duration must be between ${MIN_DURATION_SEC} and ${MAX_DURATION_SEC} seconds (how long the answer took to say).`);
    }
  }

  let analysis: TextAnalysis;
  let audioJson: Record<string, unknown> | undefined;
  let note: string | undefined;
  let disfluency: SpokenDisfluency | undefined;
  if (values.audio !== undefined) {
    const maxBytes = config.MAX_AUDIO_BYTES;
    const bytes = await readInputFile(values.audio, { maxBytes, tooLarge: (size) => audioTooLarge(size, maxBytes) });
    const audio = await decodeAudioFile(bytes, {
      fileName: path.basename(values.audio),
      maxDurationSec: config.MAX_ANSWER_SECONDS,
      maxBytes: config.MAX_AUDIO_BYTES,
    });
    const metrics: AudioMetrics = measureAudio(audio);
    let text = '';
    let words: { word: string; start: number; end: number }[] = [];
    // The database and providers open only once the file is read and decoded: a refused file touches neither.
    const services = audio.speech.length === 0 ? undefined : await ctx.services();
    if (!services) note = 'No speech found in the audio; nothing was transcribed.';
    else if (!services.transcriber) note = 'Transcription is turned off (TRANSCRIBER_PROVIDER=none): audio metrics only, the transcript is missing.';
    else {
      const transcript = await services.answers.transcribeAudio(audio);
      text = transcript.text;
      words = transcript.words;
    }
    analysis = analyzeText({ text, durationSec: audio.durationSec, words });
    if (words.length === 0) analysis.pauses = metrics.pauses;
    // Hesitations need word timestamps (null without them): see detectHesitations.
    disfluency = spokenDisfluency(analysis, words, detectHesitations({ pcm: audio.pcm, speech: audio.speech, words }), audio.durationSec);
    const minutes = audio.durationSec / 60;
    const delivery = computeDeliveryScore({
      wpm: analysis.pace.wpm,
      fillersPerMinute: text ? analysis.fillers.perMinute : null,
      hesitationsPerMinute: disfluency.hesitationsPerMinute,
      hedgesPerMinute: text && minutes > 0 ? analysis.hedges.total / minutes : null,
      pauseRatio: audio.durationSec > 0 ? metrics.pauses.totalSec / audio.durationSec : null,
      longestPauseSec: metrics.pauses.longestSec,
      pitchVariabilitySemitones: metrics.pitchVariabilitySemitones,
      loudnessVariabilityDb: metrics.loudnessVariabilityDb,
    });
    audioJson = {
      durationSec: metrics.durationSec,
      speechSec: metrics.speechSec,
      pauses: metrics.pauses,
      pitchVariabilitySemitones: metrics.pitchVariabilitySemitones,
      loudnessVariabilityDb: metrics.loudnessVariabilityDb,
      deliveryScore: delivery.score,
    };
  } else {
    const text = values.text ?? (await readTextFile(values.file ?? '', config.MAX_ANSWER_CHARS)).toString('utf8');
    const services = await ctx.services();
    analysis = analyzeText({ text: services.answers.validateText(text), durationSec });
  }

  const spoken = disfluency
    ? { hesitations: disfluency.hesitations && { total: disfluency.hesitations.total, spans: disfluency.hesitations.spans }, clusters: disfluency.clusters }
    : {};
  const json = { ...analysisJson(analysis), ...spoken, ...(audioJson ? { audio: audioJson } : {}), ...(note ? { note } : {}) };
  if (values.json) {
    term.out(JSON.stringify(json));
    return 0;
  }
  if (note) term.err(note);
  term.out(`Words: ${analysis.wordCount}${analysis.durationSec !== null ? ` in ${analysis.durationSec} s` : ''}`);
  term.out(`Fillers: ${analysis.fillers.total}${analysis.fillers.perMinute !== null ? ` (${analysis.fillers.perMinute}/min)` : ''} ${JSON.stringify(analysis.fillers.byWord)}`);
  if (disfluency?.hesitations) {
    const at = disfluency.hesitations.spans.map((s) => `${s.start.toFixed(1)} s`).join(', ');
    term.out(`Hesitations the transcript left out: ${disfluency.hesitations.total}${at ? ` (at ${at})` : ''}`);
  }
  for (const cluster of disfluency?.clusters ?? []) term.out(`Moment: ${describeCluster(cluster)}`);
  term.out(`Hedges: ${analysis.hedges.total} ${JSON.stringify(analysis.hedges.byPhrase)}`);
  term.out(`Discourse markers (not fillers): ${analysis.discourseMarkers.total} ${JSON.stringify(analysis.discourseMarkers.byWord)}`);
  term.out(`Pace: ${analysis.pace.wpm ?? '—'} wpm${analysis.pace.band ? ` (${analysis.pace.band})` : ''}`);
  term.out(`Pauses ≥ 1 s: ${analysis.pauses.count} (longest ${analysis.pauses.longestSec} s, total ${analysis.pauses.totalSec} s)`);
  if (audioJson) term.out(`Audio: ${JSON.stringify(audioJson)}`);
  return 0;
}
