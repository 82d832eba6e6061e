// "Hear it without the ums" for a 5-minute answer: what every spoken answer pays when it is scored (the cut list and
// the cut PCM kept in memory), what the first press pays (Ogg Opus encode + waveform), against the baseline of decoding
// the same length of Ogg Opus with the project's decoder (what every Discord voice message already costs).
// Interleaved, GC before each run.
import { decodeAudioFile, detectSpeech } from '../src/pipeline/audio/index.js';
import { applyCuts, encodeOggOpus, replayCuts, voiceWaveform } from '../src/pipeline/audio/replay/index.js';
import { ReplayStore } from '../src/session/ReplayStore.js';
import { answerId, userId } from '../src/ids.js';
import { concat, synthesizeAnswer } from '../test/helpers/audioFixtures.js';
import { interleavedTimings } from './interleave.js';

const MINUTES = 5;
const ROUNDS = 5;

export async function run(): Promise<string> {
  const fixture = await synthesizeAnswer();
  const pieces: Int16Array[] = [];
  for (let n = 0; n < MINUTES * 60 * 16000; n += fixture.pcm.length) pieces.push(fixture.pcm);
  const pcm = concat(pieces).slice(0, MINUTES * 60 * 16000);
  const speech = detectSpeech(pcm, 16000);
  // Fillers: one 300 ms "um" every 10 s, as a disfluent speaker might.
  const fillers = Array.from({ length: MINUTES * 6 }, (_, i) => ({ start: i * 10 + 2, end: i * 10 + 2.3 }));
  const input = { durationSec: pcm.length / 16000, speech, fillers, hesitations: [] };
  const cuts = replayCuts(input);
  const cut = applyCuts(pcm, cuts).pcm;
  const ogg = await encodeOggOpus(cut);
  const store = new ReplayStore({ ttlMs: 60_000, maxBytes: 1e9 });

  let id = 0;
  const t = await interleavedTimings(
    {
      keep: () => store.keep(answerId(++id), userId(1), pcm, input),
      encode: async () => [await encodeOggOpus(cut), voiceWaveform(cut)],
      encodeComplexity10: () => encodeOggOpus(cut, { complexity: 10 }),
      decode: () => decodeAudioFile(ogg, { fileName: 'replay.ogg' }),
    },
    { rounds: ROUNDS },
  );
  const cutSec = cut.length / 16000;
  const x = (ms: number, sec: number) => `${Math.round((sec * 1000) / ms)}×`;
  return [
    '## Replay without the ums (encode cost)',
    '',
    `A ${MINUTES}-minute answer (espeak speech with its pauses, one 0.3 s filler every 10 s): ${cuts.length} cuts, ` +
      `${(input.durationSec - cutSec).toFixed(1)} s removed, ${cutSec.toFixed(1)} s left. Median of ${ROUNDS} interleaved rounds.`,
    '',
    '| step | when | median | min | speed |',
    '|---|---|---|---|---|',
    `| cut list + cut PCM kept (ReplayStore.keep) | every spoken answer, while it is scored | ${t.keep.median.toFixed(1)} ms | ${t.keep.min.toFixed(1)} ms | ${x(t.keep.median, input.durationSec)} realtime |`,
    `| Ogg Opus encode (32 kbps, 20 ms, complexity 5) + waveform | the first press of the button | ${t.encode.median.toFixed(0)} ms | ${t.encode.min.toFixed(0)} ms | ${x(t.encode.median, cutSec)} realtime |`,
    `| the same encode at libopus's default complexity 10 | (not used) | ${t.encodeComplexity10.median.toFixed(0)} ms | ${t.encodeComplexity10.min.toFixed(0)} ms | ${x(t.encodeComplexity10.median, cutSec)} realtime |`,
    `| baseline: decode the same file (decodeAudioFile) | every voice message | ${t.decode.median.toFixed(0)} ms | ${t.decode.min.toFixed(0)} ms | ${x(t.decode.median, cutSec)} realtime |`,
    '',
    `Memory per kept answer: ${(cut.byteLength / 1e6).toFixed(1)} MB of cut PCM until the first press, then ` +
      `${(ogg.length / 1e6).toFixed(2)} MB of Ogg Opus; the default REPLAY_MEMORY_MB=64 holds about ` +
      `${Math.floor(64 * 1024 * 1024 / cut.byteLength)} such answers unplayed.`,
  ].join('\n');
}
