import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from '../../errors.js';
import { analyzeText } from '../../pipeline/analyze/analyzeText.js';
import { computeDeliveryScore } from '../../pipeline/analyze/deliveryScore.js';
import { decodeAudioFile, measureAudio } from '../../pipeline/audio/index.js';
import { detectHesitations } from '../../pipeline/audio/detectHesitations.js';
import { describeCluster } from '../../pipeline/analyze/disfluencyClusters.js';
import { spokenDisfluency, type SpokenDisfluency } from '../../pipeline/analyze/spokenDisfluency.js';
import type { AudioMetrics } from '../../pipeline/audio/types.js';
import type { TextAnalysis } from '../../pipeline/analyze/types.js';
import type { Services } from '../../services.js';
import { parseCommandArgs } from '../args.js';
import type { Terminal } from '../terminal.js';

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new UserFacingError('bad_option', `Can't read ${file}.`);
  }
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

export async function analyzeCommand(argv: string[], services: Services, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    text: { type: 'string' },
    file: { type: 'string' },
    audio: { type: 'string' },
    duration: { type: 'string' },
    json: { type: 'boolean' },
  });
  const sources = [values.text, values.file, values.audio].filter((v) => v !== undefined).length;
  if (sources !== 1) throw new UserFacingError('bad_option', 'Give exactly one of --text, --file or --audio.');
  let durationSec: number | null = null;
  if (values.duration !== undefined) {
    durationSec = Number(values.duration);
    if (!Number.isFinite(durationSec) || durationSec <= 0) throw new UserFacingError('bad_option', '--duration must be a positive number of seconds.');
  }

  let analysis: TextAnalysis;
  let audioJson: Record<string, unknown> | undefined;
  let note: string | undefined;
  let disfluency: SpokenDisfluency | undefined;
  if (values.audio !== undefined) {
    const bytes = await readInput(values.audio);
    const audio = await decodeAudioFile(bytes, {
      fileName: path.basename(values.audio),
      maxDurationSec: services.config.MAX_ANSWER_SECONDS,
      maxBytes: services.config.MAX_AUDIO_BYTES,
    });
    const metrics: AudioMetrics = measureAudio(audio);
    let text = '';
    let words: { word: string; start: number; end: number }[] = [];
    if (audio.speech.length === 0) note = 'No speech found in the audio; nothing was transcribed.';
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
    const text = values.text ?? (await readInput(values.file ?? '')).toString('utf8');
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
