import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadProgress } from '../../src/cli/downloadProgress.js';
import { downloadModel, formatModelProgress, LocalModelProvisioner, type ModelSource, type ModelStatus } from '../../src/pipeline/transcribe/localModel/index.js';
import { startLocalModel } from '../../src/startLocalModel.js';
import { FakeModelHost } from '../fakes/modelHost/FakeModelHost.js';
import { testModelFile } from '../fakes/modelHost/testModelFile.js';

const FILE = 'ggml-tiny.en.bin';
const model = readFileSync(testModelFile());
const digest = createHash('sha256').update(model).digest('hex');

let host: FakeModelHost;
let dir: string;
beforeAll(async () => {
  host = await FakeModelHost.start({ [FILE]: model });
});
afterAll(() => host.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-model-progress-'));
  host.requests.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const source = (): ModelSource => ({
  name: 'tiny.en',
  fileName: FILE,
  path: path.join(dir, FILE),
  url: host.fileUrl(FILE),
  sha256: digest,
  bytes: model.length,
  download: true,
  stallMs: 5000,
});

const status = (over: Partial<ModelStatus>): ModelStatus => ({ state: 'downloading', name: 'base.en-q5_1', path: '/m', bytesDone: 0, bytesTotal: 59_721_011, phase: 'downloading', ...over });

describe('model download progress', () => {
  it('formats the status people see while an answer waits', () => {
    expect(formatModelProgress(status({ bytesDone: 35_651_584 }))).toBe('Setting up speech recognition — 34 of 57 MB');
    expect(formatModelProgress(status({ bytesDone: 3_000_000, bytesTotal: null }))).toBe('Setting up speech recognition — 3 MB so far');
    expect(formatModelProgress(status({ phase: 'verifying' }))).toBe('Setting up speech recognition — checking the model…');
  });

  it('draws a bar in place on a terminal, and prints a line per quarter otherwise', () => {
    const drawn: string[] = [];
    const tty = { isTTY: true, write: (s: string) => drawn.push(s) } as unknown as NodeJS.WriteStream;
    const lines: string[] = [];
    const bar = downloadProgress((l) => lines.push(l), tty);
    bar.update(status({ bytesDone: 29_860_506 }));
    bar.finish();
    expect(drawn[0]).toMatch(/^\r\[#{12}-{12}\] base\.en-q5_1: 28 MB of 57 MB \(50%\)/);
    expect(drawn.at(-1)).toBe('\r\u001b[K');
    expect(lines).toEqual([]);

    const pipe = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
    const plain = downloadProgress((l) => lines.push(l), pipe);
    for (let done = 0; done <= 59_721_011; done += 1_000_000) plain.update(status({ bytesDone: done }));
    plain.update(status({ bytesDone: 59_721_011 }));
    plain.update(status({ bytesDone: 59_721_011, phase: 'verifying' }));
    expect(lines.map((l) => /\((\d+)%\)/.exec(l)?.[1])).toEqual(['0', '25', '50', '75', '100', '100']);
    expect(lines.at(-1)).toMatch(/verifying$/);
  });

  it('npm start logs the background download and when the model is ready', async () => {
    const logged: string[] = [];
    let onReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = (JSON.parse(chunk.toString()) as { msg: string }).msg;
        logged.push(line);
        if (line === 'speech model ready') onReady();
        done();
      },
    });
    startLocalModel(new LocalModelProvisioner(source()), pino({ level: 'info' }, sink));
    await ready;
    expect(logged).toContain('speech model not on disk yet: downloading it in the background');
    expect(logged.some((l) => /^downloading speech model: \d+ MB of 1 MB$/.test(l))).toBe(true);
    expect(existsSync(path.join(dir, FILE))).toBe(true);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    mkdirSync(dir, { recursive: true });
    const dest = path.join(dir, FILE);
    // pid 2^22+1 is above Linux's pid_max default range: no such process.
    writeFileSync(`${dest}.lock`, JSON.stringify({ pid: 4_194_305, host: os.hostname(), token: 'old' }));
    await downloadModel({ url: host.fileUrl(FILE), sha256: digest, bytes: model.length, dest, stallMs: 5000, lockPollMs: 10 });
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(existsSync(`${dest}.lock`)).toBe(false);
  });

  it('a waiter that gives up does not cancel the download others share', async () => {
    host.next({ chunkBytes: 32 * 1024, chunkDelayMs: 20 });
    const provisioner = new LocalModelProvisioner(source());
    const controller = new AbortController();
    const impatient = provisioner.ensure(controller.signal);
    const patient = provisioner.ensure();
    await host.waitForTransfers(1);
    controller.abort();
    await expect(impatient).rejects.toMatchObject({ code: 'aborted' });
    await expect(patient).resolves.toBe(path.join(dir, FILE));
    expect(host.transfers()).toHaveLength(1);
  });
});
