// The simulated speakers of the voice benchmarks (voiceLoadSpeakers.ts) in a child process, driven over IPC, so the
// bot process's CPU, memory and event loop are its own.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './voiceLoadSpeakers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export class SpeakerProcess {
  private readonly child: ChildProcess;
  private readonly messages: ChildMessage[] = [];

  constructor() {
    this.child = fork(path.join(here, 'voiceLoadSpeakers.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: ChildMessage) => this.messages.push(message));
  }

  send(message: ParentMessage): void {
    this.child.send(message);
  }

  async next<T extends ChildMessage['type']>(type: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m): m is Extract<ChildMessage, { type: T }> => m.type === type);
      if (found) {
        this.messages.splice(this.messages.indexOf(found), 1);
        return found;
      }
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`speaker process: no '${type}'`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.send({ type: 'stop' });
    await Promise.race([once(this.child, 'exit'), new Promise((resolve) => setTimeout(resolve, 3_000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}
