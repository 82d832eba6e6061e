import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { VoiceResources, withDeadline } from '../../src/bot/discord/voice/voiceResources.js';

describe('VoiceResources: what is held is counted until it is released', () => {
  it('counts each kind while held, runs the release once, and forgets it', () => {
    const resources = new VoiceResources();
    let closed = 0;
    const capture = resources.hold('capture', () => closed++);
    const connection = resources.hold('connection', () => undefined);
    expect(resources.live()).toMatchObject({ capture: 1, connection: 1, timer: 0 });
    capture.release();
    capture.release();
    expect(closed).toBe(1);
    expect(capture.released).toBe(true);
    expect(resources.live()).toMatchObject({ capture: 0, connection: 1 });
    connection.release();
    expect(Object.values(resources.live()).every((n) => n === 0)).toBe(true);
  });

  it('a timeout releases itself when it fires; an interval is held until released', async () => {
    const resources = new VoiceResources();
    const fired = new AbortController();
    resources.timeout(1, () => fired.abort());
    const interval = resources.interval(60_000, () => undefined);
    expect(resources.live().timer).toBe(2);
    await once(fired.signal, 'abort');
    expect(resources.live().timer).toBe(1);
    interval.release();
    expect(resources.live().timer).toBe(0);
  });

  it('a deadline aborts when its time is up, and its owner aborting releases it at once', async () => {
    const resources = new VoiceResources();
    const timedOut = resources.deadline(1);
    await once(timedOut.signal, 'abort');
    expect(timedOut.signal.reason).toMatchObject({ name: 'TimeoutError' });
    timedOut.release();

    const owner = new AbortController();
    const waiting = resources.deadline(60_000, owner.signal);
    expect(resources.live().timer).toBe(1);
    owner.abort(new Error('left'));
    expect(waiting.signal.aborted).toBe(true);
    expect(waiting.released).toBe(true);
    expect(resources.live().timer).toBe(0);
  });

  it('withDeadline clears its timer when the wait ends and stops whatever else still waits on it', async () => {
    const resources = new VoiceResources();
    let loser: AbortSignal | undefined;
    const value = await withDeadline(resources, 60_000, undefined, (signal) => {
      loser = signal;
      return Promise.resolve('ready');
    });
    expect(value).toBe('ready');
    expect(loser?.aborted).toBe(true);
    expect(resources.live().timer).toBe(0);
    await expect(withDeadline(resources, 60_000, undefined, () => Promise.reject(new Error('no voice server')))).rejects.toThrow('no voice server');
    expect(resources.live().timer).toBe(0);
  });
});
