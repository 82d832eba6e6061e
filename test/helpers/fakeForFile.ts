import { afterAll, beforeAll, beforeEach } from 'vitest';

/** A fake server: one per test file, its script and recorded calls cleared before each test. */
interface FakeServer {
  server: { reset(): void };
  close(): Promise<void>;
}

/**
 * Starts one fake of `kind` for the file, closes it afterwards, and resets it (then runs `prepare`, for a default
 * reply) before each test. Returns the running fake; calling it before the file's tests start is a bug.
 */
export function fakeForFile<Fake extends FakeServer>(kind: { start(): Promise<Fake> }, prepare?: (fake: Fake) => void): () => Fake {
  let running: Fake | undefined;
  const fake = (): Fake => {
    if (!running) throw new Error('the fake server has not started: use it inside a test');
    return running;
  };
  beforeAll(async () => {
    running = await kind.start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    fake().server.reset();
    prepare?.(fake());
  });
  return fake;
}
