import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadModel, isModelDownloadError, type DownloadProgress, type DownloadRequest } from '../../src/pipeline/transcribe/localModel/index.js';
import { FakeModelHost } from '../fakes/modelHost/FakeModelHost.js';
import { testModelFile } from '../fakes/modelHost/testModelFile.js';

const NAME = 'ggml-tiny.en.bin';
const model = readFileSync(testModelFile());
const digest = createHash('sha256').update(model).digest('hex');

let host: FakeModelHost;
let dir: string;
let dest: string;

beforeAll(async () => {
  host = await FakeModelHost.start({ [NAME]: model });
});
afterAll(() => host.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ic-model-'));
  dest = path.join(dir, 'models', NAME);
  mkdirSync(path.dirname(dest));
  host.requests.length = 0;
  host.setDefault({});
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const request = (overrides: Partial<DownloadRequest> = {}): DownloadRequest => ({
  url: host.fileUrl(NAME),
  sha256: digest,
  bytes: model.length,
  dest,
  stallMs: 5_000,
  lockPollMs: 20,
  ...overrides,
});

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isModelDownloadError(error)) throw new Error(`expected a ModelDownloadError, got ${String(error)}`);
  return error;
}

const leftovers = () => readdirSync(path.dirname(dest));

describe('downloadModel against a Hugging Face-like host (302 to a CDN, Range support)', () => {
  it('follows the redirect, streams the file, checks its sha256 and renames it into place', async () => {
    const seen: DownloadProgress[] = [];
    await downloadModel(request({ onProgress: (p) => seen.push(p) }));
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(host.requests.map((r) => [r.status, r.range])).toEqual([
      [302, null],
      [200, null],
    ]);
    expect(leftovers()).toEqual([NAME]);
    const downloading = seen.filter((p) => p.phase === 'downloading');
    expect(downloading.at(-1)).toEqual({ phase: 'downloading', bytesDone: model.length, bytesTotal: model.length });
    expect(seen.at(-1)?.phase).toBe('verifying');
  });

  it('resumes a partial .part with a Range request and receives only the rest', async () => {
    const have = 200_000;
    writeFileSync(`${dest}.part`, model.subarray(0, have), { flag: 'w' });
    await downloadModel(request());
    expect(readFileSync(dest).equals(model)).toBe(true);
    const [transfer] = host.transfers();
    expect(transfer).toMatchObject({ range: `bytes=${have}-`, status: 206, bytesSent: model.length - have });
  });

  it('restarts from zero when the server ignores the Range (200), replacing the stale part', async () => {
    writeFileSync(`${dest}.part`, Buffer.alloc(1000, 7));
    host.next({ ignoreRange: true });
    await downloadModel(request());
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(host.transfers()[0]).toMatchObject({ range: 'bytes=1000-', status: 200, bytesSent: model.length });
  });

  it('treats 416 on a complete .part of unknown size as done, once the digest matches', async () => {
    writeFileSync(`${dest}.part`, model);
    await downloadModel(request({ bytes: null }));
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(host.transfers()[0]).toMatchObject({ range: `bytes=${model.length}-`, status: 416 });
  });

  it('two downloads at once share one transfer: the second waits on the lock and finds the file', async () => {
    host.next({ chunkBytes: 64 * 1024, chunkDelayMs: 5 });
    const waits: DownloadProgress[] = [];
    const first = downloadModel(request());
    await host.waitForTransfers(1);
    const second = downloadModel(request({ onProgress: (p) => waits.push(p) }));
    await Promise.all([first, second]);
    expect(host.transfers()).toHaveLength(1);
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(waits.every((p) => p.phase === 'waiting')).toBe(true);
    expect(leftovers()).toEqual([NAME]);
  });

  it('a wrong checksum deletes the part, leaves no model file and says so in one line', async () => {
    const error = await failureOf(downloadModel(request({ sha256: '0'.repeat(64) })));
    expect(error.code).toBe('checksum');
    expect(error.message).toMatch(/failed its checksum .*deleted/);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(leftovers()).toEqual([]);
  });

  it('a file shorter than the expected size is refused and deleted, never renamed into place', async () => {
    const error = await failureOf(downloadModel(request({ bytes: model.length + 5 })));
    expect(error.code).toBe('checksum');
    expect(error.message).toContain(`has ${model.length.toLocaleString('en-US')} bytes, expected ${(model.length + 5).toLocaleString('en-US')}`);
    expect(leftovers()).toEqual([]);
  });

  it('404 is one clear line naming the host, not the path, and leaves nothing behind', async () => {
    const error = await failureOf(downloadModel(request({ url: host.fileUrl('ggml-missing.bin') })));
    expect(error.code).toBe('http');
    expect(error.message).toMatch(/127\.0\.0\.1:\d+ answered HTTP 404: not found/);
    expect(error.message).not.toContain('/resolve/');
    expect(leftovers()).toEqual([]);
  });

  it.each([401, 503])('HTTP %i is reported with a hint', async (status) => {
    host.next({ status });
    const error = await failureOf(downloadModel(request({ retries: 0 })));
    expect(error).toMatchObject({ code: 'http' });
    expect(error.message).toContain(`HTTP ${status}:`);
    expect(existsSync(dest)).toBe(false);
  });

  it('a server that stops sending is abandoned after the stall timeout; the part is kept for a resume', async () => {
    host.next({ stallAfterBytes: 100_000, chunkBytes: 50_000 });
    const error = await failureOf(downloadModel(request({ stallMs: 300 })));
    expect(error.code).toBe('stalled');
    expect(error.message).toMatch(/stalled \(nothing received for \d+ s\); the next try resumes/);
    expect(existsSync(dest)).toBe(false);
    expect(statSync(`${dest}.part`).size).toBe(100_000);
    // The next try asks only for the rest.
    await downloadModel(request());
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(host.transfers()[1]).toMatchObject({ range: 'bytes=100000-', status: 206 });
  });

  it('a slow but moving server is not a stall', async () => {
    host.next({ chunkBytes: 100_000, chunkDelayMs: 60 });
    await downloadModel(request({ stallMs: 400 }));
    expect(readFileSync(dest).equals(model)).toBe(true);
  });

  it('a connection cut mid-transfer fails without retries, keeps the part, and the next call resumes', async () => {
    host.next({ dropAfterBytes: 150_000, chunkBytes: 50_000 });
    const error = await failureOf(downloadModel(request({ retries: 0 })));
    expect(error.code).toBe('interrupted');
    expect(existsSync(dest)).toBe(false);
    const kept = statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(150_000);
    await downloadModel(request());
    expect(readFileSync(dest).equals(model)).toBe(true);
    expect(host.transfers()[1]).toMatchObject({ range: `bytes=${kept}-`, status: 206, bytesSent: model.length - kept });
  });

  it('with retries, a cut connection resumes by itself within one call', async () => {
    host.next({ dropAfterBytes: 150_000, chunkBytes: 50_000 });
    await downloadModel(request());
    expect(readFileSync(dest).equals(model)).toBe(true);
    const transfers = host.transfers();
    expect(transfers).toHaveLength(2);
    expect(transfers[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(transfers[1]?.status).toBe(206);
  });

  it('offline (connection refused) is one line naming the host and the cause', async () => {
    const port = await closedPort();
    const error = await failureOf(downloadModel(request({ url: `http://127.0.0.1:${port}/x/resolve/main/${NAME}` })));
    expect(error.code).toBe('offline');
    expect(error.message).toMatch(new RegExp(`Could not reach 127\\.0\\.0\\.1:${port} .*ECONNREFUSED`));
    expect(leftovers()).toEqual([]);
  });

  it('a folder that cannot be written is a disk error, not a crash', async () => {
    const blocker = path.join(dir, 'file-not-folder');
    writeFileSync(blocker, 'x');
    const error = await failureOf(downloadModel(request({ dest: path.join(blocker, NAME) })));
    expect(error.code).toBe('disk');
    expect(error.message).toMatch(/Could not write the speech model/);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
