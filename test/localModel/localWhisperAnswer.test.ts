// storage: SQLite only — the local whisper model next to DATABASE_PATH; the answers it produces are stored as in every other test.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDrill } from '../../src/commands/drill.js';
import { InterviewFlow, type AnswerOutcome } from '../../src/commands/interview/InterviewFlow.js';
import { parseConfig } from '../../src/config/index.js';
import { isUserFacingError } from '../../src/errors.js';
import { decodeAudioFile } from '../../src/pipeline/audio/index.js';
import { LocalModelProvisioner, resolveModelSource, type ModelStatus } from '../../src/pipeline/transcribe/localModel/index.js';
import { LocalWhisperTranscriber } from '../../src/pipeline/transcribe/localWhisperTranscriber.js';
import type { AnswerInput } from '../../src/session/answerTypes.js';
import { createServices, type Services } from '../../src/services.js';
import { encodeFixture, synthesizeAnswer } from '../helpers/audioFixtures.js';
import { FakeModelHost } from '../fakes/modelHost/FakeModelHost.js';
import { testModelFile } from '../fakes/modelHost/testModelFile.js';
import { RecordingSurface } from '../helpers/recordingSurface.js';
import type { SessionId } from '../../src/ids.js';
import { person, place } from '../helpers/ids.js';

const FILE = 'for-tests-ggml-tiny.en.bin';
const model = readFileSync(testModelFile());
const digest = createHash('sha256').update(model).digest('hex');

let host: FakeModelHost;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  host = await FakeModelHost.start({ [FILE]: model });
});
afterAll(async () => host.close());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  host.requests.length = 0;
  host.setDefault({});
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-local-whisper-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The app's services with no key: local whisper.cpp, its model served by the loopback host. */
function services(env: Record<string, string> = {}): Services {
  const dir = tempDir();
  const built = createServices(
    parseConfig({
      DATABASE_PATH: path.join(dir, 'coach.db'),
      QUESTION_PROVIDER: 'bank',
      EVALUATOR_PROVIDER: 'rubric',
      SPEAKER_PROVIDER: 'espeak',
      WHISPER_MODEL_URL: host.fileUrl(FILE),
      WHISPER_MODEL_SHA256: digest,
      ...env,
    }),
  );
  cleanups.push(() => built.close());
  return built;
}

const caller = person('discord', 'u1');
const workspace = place('discord', 'g1');

/** A Discord drill's answer through the interview flow; kept voice answers are retried only much later. */
async function answerDrill(app: Services, sessionId: SessionId, input: AnswerInput): Promise<AnswerOutcome & { surface: RecordingSurface }> {
  const surface = new RecordingSurface();
  const flow = new InterviewFlow(app, { privateDrills: true, transcriptionRetryDelaysMs: [3_600_000] });
  return { ...(await flow.submitAnswer({ sessionId, identity: caller, input, surface })), surface };
}

/** The answer's progress stages as its one message showed them. */
function stagesShown(surface: RecordingSurface): { stage: string; title: string }[] {
  const stage = (title: string): string => (title.startsWith('⏳ Setting up') ? 'preparing' : title.startsWith('⏳ Transcribing') ? 'transcribing' : title.startsWith('📝') ? 'scoring' : 'other');
  return surface.shown.filter((s) => s.edit && s.card.tone === 'progress').map((s) => ({ stage: stage(s.card.title), title: s.card.title }));
}

async function spokenAnswer() {
  const fixture = await synthesizeAnswer();
  const audio = await decodeAudioFile(await encodeFixture(fixture.pcm, 'ogg'), { fileName: 'answer.ogg' });
  return { kind: 'audio' as const, inputKind: 'voice_message' as const, audio };
}

describe('local whisper.cpp as the default transcriber', () => {
  it('one provisioner shares one download between callers and reports missing → downloading → ready', async () => {
    const dir = tempDir();
    const config = parseConfig({ DATABASE_PATH: path.join(dir, 'c.db'), WHISPER_MODEL_URL: host.fileUrl(FILE), WHISPER_MODEL_SHA256: digest });
    const provisioner = new LocalModelProvisioner(resolveModelSource(config));
    const seen: ModelStatus['state'][] = [];
    provisioner.on('status', (s) => {
      if (seen.at(-1) !== s.state) seen.push(s.state);
    });
    expect(provisioner.status()).toMatchObject({ state: 'missing', bytesDone: 0, bytesTotal: null });
    const paths = await Promise.all([provisioner.ensure(), provisioner.ensure(), provisioner.ensure()]);
    expect(new Set(paths)).toEqual(new Set([path.join(dir, 'models', FILE)]));
    expect(host.transfers()).toHaveLength(1);
    expect(seen).toEqual(['downloading', 'ready']);
    expect(provisioner.status()).toMatchObject({ state: 'ready', bytesDone: model.length, bytesTotal: model.length });
    // Ready is remembered: no more requests.
    await provisioner.ensure();
    expect(host.requests).toHaveLength(2);
  });

  it('a voice answer that arrives while the model downloads waits, shows the setup status, then is transcribed', { timeout: 120_000 }, async () => {
    host.setDefault({ chunkBytes: 48 * 1024, chunkDelayMs: 40 });
    const app = services();
    expect(app.transcriber).toBeInstanceOf(LocalWhisperTranscriber);
    const { session } = await startDrill(app, { caller, workspace, role: 'backend', difficulty: 'mid', platform: 'discord' });
    const answered = await answerDrill(app, session.id, await spokenAnswer());
    const outcome = answered.result ? { ok: true as const, transcriber: answered.result.answer.transcriber } : { ok: false as const, error: answered.error };
    const stages = stagesShown(answered.surface);
    const names = stages.map((s) => s.stage);
    expect(names[0]).toBe('preparing');
    expect(names.indexOf('transcribing')).toBeGreaterThan(names.lastIndexOf('preparing'));
    expect(stages[0]?.title).toMatch(/^⏳ Setting up speech recognition — \d+ of 1 MB$/);
    expect(host.transfers()).toHaveLength(1);
    expect(app.localModel?.status().state).toBe('ready');
    // The test model has no weights: it may hear nothing. Either way the local model was the one asked.
    if (outcome.ok) expect(outcome.transcriber).toBe(`whisper.cpp:${FILE}`);
    else expect(isUserFacingError(outcome.error) && outcome.error.code).toBe('no_speech');
  });

  it('a failed download gives the voice answer one clear line, keeps it for a retry, and text answers still work', async () => {
    const app = services({ WHISPER_MODEL_URL: host.fileUrl('ggml-gone.bin') });
    const { session } = await startDrill(app, { caller, workspace, role: 'backend', difficulty: 'mid', platform: 'discord' });
    const { error, surface } = await answerDrill(app, session.id, await spokenAnswer());
    // The person sees the same line, in place of the answer's progress message.
    expect(surface.latest(/^Something needs attention/)?.description).toBe(error?.message);
    expect(isUserFacingError(error) && error.code).toBe('transcriber_failed');
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^Speech recognition isn't ready: Downloading the speech model failed: 127\.0\.0\.1:\d+ answered HTTP 404/);
    expect(message).toMatch(/text answers work now\.$/);
    expect(message.split('\n')).toHaveLength(1);
    expect(app.localModel?.status()).toMatchObject({ state: 'failed' });
    expect((await app.repos.answers.forSession(session.id))[0]?.answer).toMatchObject({ status: 'received', error: 'transcriber_failed' });
    // A second voice answer right away does not hammer the server.
    const before = host.requests.length;
    await expect(app.transcriber?.transcribe({ wav: Buffer.alloc(0), durationSec: 1 })).rejects.toMatchObject({ name: 'ProviderError', failure: 'unavailable' });
    expect(host.requests).toHaveLength(before);

    const text = await startDrill(app, { caller, workspace, role: 'frontend', difficulty: 'mid', platform: 'discord' });
    const scored = await answerDrill(app, text.session.id, { kind: 'text', text: 'React compares the new tree with the old one and uses keys for lists.' });
    expect(scored.result?.answer).toMatchObject({ status: 'scored', transcriber: 'typed' });
  });
});
