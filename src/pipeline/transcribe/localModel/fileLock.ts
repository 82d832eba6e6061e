import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

export interface FileLockOptions {
  /** A lock whose owner is gone, or (another host) untouched this long, is taken over. Default 60 s. */
  staleMs?: number;
  /** How often a waiter looks again. Default 250 ms. */
  pollMs?: number;
  signal?: AbortSignal;
  /** Called on each look while another holder has the lock (to report its progress). */
  onWait?: () => void | Promise<void>;
}

export interface HeldFileLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/**
 * A lock between processes: the file is created exclusively (`wx`), holds the owner's pid and host, and its
 * mtime is refreshed while held. A waiter takes it over when the owner process is gone (same host) or the file
 * went stale (another host, a crash mid-write). Works between two holders in one process too.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<HeldFileLock> {
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      return hold(lockPath, owner, staleMs);
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    if (await isStale(lockPath, staleMs)) {
      // Renaming first means two waiters cannot both remove it: only one rename of this file succeeds.
      await rename(lockPath, `${lockPath}.stale-${owner.token}`).then(
        () => rm(`${lockPath}.stale-${owner.token}`, { force: true }),
        () => undefined,
      );
      continue;
    }
    await options.onWait?.();
    await delay(pollMs, undefined, { signal: options.signal });
  }
}

function hold(lockPath: string, owner: LockOwner, staleMs: number): HeldFileLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(lockPath, now, now).catch(() => undefined);
  }, Math.max(1000, staleMs / 3));
  // A held lock must not keep a finished process alive.
  heartbeat.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      const current = await readOwner(lockPath);
      if (current?.token === owner.token) await rm(lockPath, { force: true });
    },
  };
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  const current = await readOwner(lockPath);
  if (current && current.host === hostname()) return !processAlive(current.pid);
  const info = await stat(lockPath).catch(() => undefined);
  // Gone already: not stale, just free — the next exclusive create decides.
  if (!info) return false;
  return Date.now() - info.mtimeMs > staleMs;
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, host, token } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string') return undefined;
    return { pid, host, token };
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isCode(error, 'EPERM');
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
