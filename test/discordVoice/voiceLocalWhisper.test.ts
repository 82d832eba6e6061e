// storage: SQLite and PostgreSQL
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { FakeModelHost } from '../fakes/modelHost/FakeModelHost.js';
import { testModelFile } from '../fakes/modelHost/testModelFile.js';
import { spokenAnswer } from './spokenAnswer.js';
import { VoiceHarness } from './voiceHarness.js';
import { platformUserId } from '../helpers/ids.js';

const FILE = 'for-tests-ggml-tiny.en.bin';
const model = readFileSync(testModelFile());
const digest = createHash('sha256').update(model).digest('hex');

let host: FakeModelHost;
let harness: VoiceHarness | undefined;
let modelDir: string | undefined;
beforeAll(async () => {
  host = await FakeModelHost.start({ [FILE]: model });
});
afterAll(async () => host.close());
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  if (modelDir) rmSync(modelDir, { recursive: true, force: true });
});

describe('Discord voice round with no key: the local whisper.cpp model', () => {
  it('fetches the model, transcribes the spoken answer on this machine and answers in the thread', { timeout: 180_000 }, async () => {
    modelDir = mkdtempSync(path.join(os.tmpdir(), 'ic-voice-model-'));
    // No transcription server and no key: out of the box, with the model served by a loopback stand-in for its host.
    harness = await VoiceHarness.start({
      dave: true,
      inChannel: ['alice'],
      shortQuestions: true,
      env: { WHISPER_BASE_URL: '', WHISPER_API_KEY: '', WHISPER_MODEL_URL: host.fileUrl(FILE), WHISPER_MODEL_SHA256: digest, WHISPER_MODEL_DIR: modelDir },
    });
    const h = harness;
    onTestFailed(() => console.log('voice failures:', h.events.failure));
    expect(h.services.transcriber?.name).toBe(`whisper.cpp:${FILE}`);

    const answer = await spokenAnswer(['I would add a cache in front of the database.'], 0);
    const { sessionId, threadId } = await h.startRound({ questions: 1 });
    await h.waitForSsrc(sessionId, ['alice']);
    await h.speak('alice', answer);
    await h.pressDone('alice', sessionId, threadId);
    const submitted = await h.waitFor('answerSubmitted', (e) => e.userId === h.userId('alice'), 150_000);

    // The model came from its host, checked, into the cache folder (fetched because this answer needed it: nothing
    // else starts the download in this harness); the answer went to it and to no server.
    expect(existsSync(path.join(modelDir, FILE))).toBe(true);
    expect(h.openai.callsTo('transcriptions')).toHaveLength(0);
    const alice = await h.services.repos.identity.findUser('discord', platformUserId(h.userId('alice')));
    const stored = (await h.services.repos.answers.forSession(sessionId)).find((r) => r.answer.userId === alice?.id)?.answer;
    // The test model has the real shapes but no weights: it hears nothing or noise. Either way the answer was
    // decided by the local model — scored as its transcript, or "no speech" — never "voice answers are off".
    if (submitted.error === null) {
      expect(stored?.status).toBe('scored');
      expect(stored).toMatchObject({ transcriber: 'whisper.cpp', transcriberModel: FILE });
    } else {
      expect(submitted.error).toBe('no_speech');
      expect(stored?.error).toBe('no_speech');
    }
    expect(h.fake.channelMessages(threadId).some((m) => JSON.stringify(m.embeds).includes('turned off'))).toBe(false);
  });
});
