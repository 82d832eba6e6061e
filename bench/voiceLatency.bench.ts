// Voice answer latency of our own code: from the end of a spoken answer ("I'm done" pressed, or the silence window
// closing) to the feedback edit reaching the local Discord, with providers that answer at once (fake Whisper over
// loopback, the offline rubric evaluator). 50 answers, one at a time, split by stage.
import { performance } from 'node:perf_hooks';
import { AnswerProcessor } from '../src/session/AnswerProcessor.js';
import type { Evaluator } from '../src/pipeline/evaluate/types.js';
import type { Transcriber } from '../src/pipeline/transcribe/types.js';
import type { Services } from '../src/services.js';
import { FakeVoiceServer } from '../test/fakes/discord/voice/FakeVoiceServer.js';
import { FakeOpenAI } from '../test/fakes/openai/FakeOpenAI.js';
import { spokenAnswer } from '../test/discordVoice/spokenAnswer.js';
import { nextEvent, percentile, startBotStack, startVoiceRound, type BotStack } from './voiceBotStack.js';

const PEOPLE = 5;
const QUESTIONS = 10;
const END_SILENCE_SEC = 1;

interface Span {
  start: number;
  end: number;
}

/** Wraps the providers so their calls can be placed on the answer's timeline. */
function timedProviders(services: Services, spans: { transcribe: Span[]; evaluate: Span[] }): AnswerProcessor {
  const transcriber = services.transcriber;
  if (!transcriber) throw new Error('no transcriber configured');
  const timedTranscriber: Transcriber = {
    name: transcriber.name,
    async transcribe(input, signal) {
      const start = performance.now();
      try {
        return await transcriber.transcribe(input, signal);
      } finally {
        spans.transcribe.push({ start, end: performance.now() });
      }
    },
  };
  const evaluator = services.evaluator;
  const timedEvaluator: Evaluator = {
    name: evaluator.name,
    async evaluate(input, signal) {
      const start = performance.now();
      try {
        return await evaluator.evaluate(input, signal);
      } finally {
        spans.evaluate.push({ start, end: performance.now() });
      }
    },
  };
  return new AnswerProcessor({ repos: services.repos, limits: services.limits, evaluator: timedEvaluator, transcriber: timedTranscriber, maxAnswerChars: services.config.MAX_ANSWER_CHARS });
}

interface Measured {
  how: 'button' | 'silence';
  total: number;
  detect: number;
  decode: number;
  vad: number;
  handoff: number;
  preUpload: number;
  upload: number;
  analysis: number;
  render: number;
}

export async function run(): Promise<string> {
  const voiceServer = await FakeVoiceServer.start({ daveProtocolVersion: 1 });
  const openai = await FakeOpenAI.start();
  const spans = { transcribe: [] as Span[], evaluate: [] as Span[] };
  const usernames = Array.from({ length: PEOPLE }, (_, i) => `person${i}`);
  let stack: BotStack | undefined;
  const results: Measured[] = [];
  try {
    stack = await startBotStack({
      usernames,
      voiceServer: { endpoint: voiceServer.endpoint, token: voiceServer.token },
      env: { TRANSCRIBER_PROVIDER: 'openai', WHISPER_BASE_URL: openai.url, WHISPER_API_KEY: 'test', PROVIDER_MAX_RETRIES: '0', SILENCE_END_SECONDS: String(END_SILENCE_SEC) },
      adjust: (services) => {
        // Speak only the first words of each question: playback time is not what is measured here.
        const speaker = services.speaker;
        return {
          ...services,
          answers: timedProviders(services, spans),
          speaker: { name: speaker.name, speak: (text, signal) => speaker.speak(text.split(/\s+/).slice(0, 3).join(' '), signal) },
        };
      },
    });
    const bot = stack;
    const ids = usernames.map((u) => bot.fake.user(u).id);
    for (const id of ids) voiceServer.addSpeaker({ userId: id });
    const answer = await spokenAnswer(['I would add a cache and measure it.'], 0);

    startVoiceRound(bot, { questions: QUESTIONS, host: usernames[0] ?? '' });
    let listening = await nextEvent(bot.voice, 'listening');
    const sessionId = listening.sessionId;
    const connection = bot.voice.manager.round(sessionId)?.connection;
    if (!connection) throw new Error('no connection');
    while (!ids.every((id) => connection.receiver.ssrcMap.get(id))) await new Promise((resolve) => setTimeout(resolve, 20));
    const location = (await bot.services.engine.get(sessionId)).location;
    const threadId = location.surface === 'discord' ? (location.thread ?? '') : '';

    for (let q = 0; q < QUESTIONS; q++) {
      for (const [i, id] of ids.entries()) {
        const how = (q * PEOPLE + i) % 2 === 0 ? 'button' : 'silence';
        const speaker = voiceServer.speakers.get(id);
        if (!speaker) throw new Error('speaker missing');
        let feedbackAt = 0;
        const mention = `<@${id}>`;
        const seqBefore = bot.fake.requests.at(-1)?.seq ?? 0;
        const feedback = bot.fake.waitFor((r) => {
          if (r.seq <= seqBefore) return false;
          const embeds = r.method === 'PATCH' && r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? r.body['embeds'] : undefined;
          const embed = Array.isArray(embeds) ? embeds[0] : undefined;
          const hit = typeof embed === 'object' && embed !== null && !Array.isArray(embed) && String(embed['title']).startsWith('Question ') && String(embed['description']).startsWith(mention);
          if (hit && feedbackAt === 0) feedbackAt = performance.now();
          return hit;
        }, 30_000);
        const captured = nextEvent(bot.voice, 'answerCaptured', (e) => e.userId === id);
        const submitted = nextEvent(bot.voice, 'answerSubmitted', (e) => e.userId === id);
        const transcribeIndex = spans.transcribe.length;
        await speaker.speak(answer.frames);
        const lastSent = performance.now();
        let endAt: number;
        if (how === 'button') {
          await new Promise((resolve) => setTimeout(resolve, 100));
          // The question's message (feedback cards of a group round carry rating controls, not the Done button).
          const doneId = `ic:done:${sessionId}`;
          const message = bot.fake.channelMessages(threadId).filter((m) => JSON.stringify(m.components).includes(doneId)).at(-1);
          endAt = performance.now();
          bot.fake.clickButton({ customId: doneId, messageId: message?.id ?? '', user: bot.fake.user(usernames[i] ?? '') });
        } else {
          const { audio } = await captured;
          const lastVoice = audio.speech.at(-1)?.end ?? audio.durationSec;
          // The window closes END_SILENCE_SEC after the last voiced sample, which was heard when the last packet came.
          endAt = lastSent + (END_SILENCE_SEC - (audio.durationSec - lastVoice)) * 1000;
        }
        const [event] = await Promise.all([submitted, feedback]);
        const t = event.timings;
        const tx = spans.transcribe[transcribeIndex];
        const ev = spans.evaluate[transcribeIndex];
        if (!tx || !ev) throw new Error(`answer ${q}/${i} was not transcribed and scored (${event.error ?? 'no error'})`);
        const submitStart = t.endedAt + t.totalMs - t.submitMs;
        results.push({
          how,
          total: feedbackAt - endAt,
          detect: t.endedAt - endAt,
          decode: t.drainMs,
          vad: t.finishMs,
          handoff: submitStart - t.endedAt - t.drainMs - t.finishMs,
          preUpload: tx.start - submitStart,
          upload: tx.end - tx.start,
          analysis: ev.end - tx.end,
          render: feedbackAt - ev.end,
        });
      }
      if (q < QUESTIONS - 1) {
        const previous = listening.questionId;
        listening = await nextEvent(bot.voice, 'listening', (e) => e.questionId !== previous);
      }
    }
  } finally {
    await stack?.stop().catch(() => undefined);
    await voiceServer.close();
    await openai.close();
  }
  return report(results);
}

function report(results: Measured[]): string {
  const f = (n: number): string => n.toFixed(1);
  const row = (label: string, pick: (m: Measured) => number, of = results): string =>
    `| ${label} | ${f(percentile(of.map(pick), 50))} | ${f(percentile(of.map(pick), 95))} | ${f(Math.max(...of.map(pick)))} |`;
  const button = results.filter((r) => r.how === 'button');
  const silence = results.filter((r) => r.how === 'silence');
  return [
    '## Voice answer latency (our code)',
    '',
    `${results.length} spoken answers (${PEOPLE} people × ${QUESTIONS} questions, DAVE on, one answer at a time), half ended with "I'm done", half by a ${END_SILENCE_SEC} s silence window. Providers answer at once: the fake Whisper server over loopback and the offline rubric evaluator. Measured in one process from the end of the answer (the button press being sent / the moment the silence window closed) to the feedback edit being recorded by the local Discord.`,
    '',
    '| ms | p50 | p95 | max |',
    '|---|---|---|---|',
    row('**total, all answers**', (m) => m.total),
    row("total, \"I'm done\"", (m) => m.total, button),
    row('total, silence window', (m) => m.total, silence),
    row('end noticed: button (gateway → interaction → capture stop)', (m) => m.detect, button),
    row('end noticed: silence (jitter wait 100 ms + 50 ms poll)', (m) => m.detect, silence),
    row('capture flush: decode held packets', (m) => m.decode),
    row('capture flush: VAD flush + PCM copy', (m) => m.vad),
    row('capture flush: hand-off to the flow', (m) => m.handoff),
    row('progress message + audio metrics + WAV', (m) => m.preUpload),
    row('upload (transcription request → reply)', (m) => m.upload),
    row('analysis + "scoring" edit + evaluation', (m) => m.analysis),
    row('render (feedback edit → Discord)', (m) => m.render),
  ].join('\n');
}
