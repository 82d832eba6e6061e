import type { ChildProcess } from 'node:child_process';

export interface ChildLines {
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line (past or future) that matches; rejects if the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the child has exited, with its code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Follows a child's stdout line by line, so a test can wait on what the child says it did. */
export function followLines(child: ChildProcess): ChildLines {
  const lines: string[] = [];
  let partial = '';
  let errText = '';
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters) {
        if (waiter.pattern.test(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return {
    lines,
    exited,
    stderr: () => errText,
    waitForLine(pattern, timeoutMs = 25_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${lines.join('\n')}\nstderr:\n${errText}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then(({ code, signal }) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`the child exited (${signal ?? code}) before printing a line matching ${pattern}; stdout:\n${lines.join('\n')}\nstderr:\n${errText}`));
        });
      });
    },
  };
}
