import { VoiceConnectionStatus, entersState, type VoiceConnection, type VoiceConnectionState } from '@discordjs/voice';
import { withDeadline, type VoiceResources } from './voiceResources.js';

export interface ResilienceOptions {
  /** How long the library gets to start reconnecting by itself after a drop (Disconnected → Signalling/Connecting). */
  reconnectWindowMs: number;
  /** How long one (re)join may take to reach Ready. */
  readyTimeoutMs: number;
  /** Rejoins tried before the connection is given up. */
  maxRejoins: number;
  /** Aborted when the round leaves voice on purpose (the returned stop function does the same). */
  signal?: AbortSignal;
  /** Where the waits' deadlines are held, so none outlives the watcher. */
  resources: VoiceResources;
  /** The connection is Ready again; `rejoins` is how many rejoins it took (0: the library recovered by itself). */
  onRecovered(rejoins: number): void;
  /** Every rejoin failed; the caller decides (a fresh join, or carry on without voice). */
  onLost(error: Error): void;
}

/** A voice connection that could not be brought back, with what was tried. */
export class VoiceConnectionLostError extends Error {
  override readonly name = 'VoiceConnectionLostError';
  constructor(
    readonly guildId: string,
    readonly rejoins: number,
    options?: { cause?: unknown },
  ) {
    super(`voice connection in guild ${guildId} did not recover after ${rejoins} rejoins`, options);
  }
}

function isDown(state: VoiceConnectionState): boolean {
  return state.status === VoiceConnectionStatus.Disconnected || state.status === VoiceConnectionStatus.Signalling || state.status === VoiceConnectionStatus.Connecting;
}

/**
 * Keeps a voice connection up. After a drop the library often reconnects by itself (resumable closes, or a
 * rejoin it starts after most close codes), which shows as Signalling/Connecting within a moment; after 4014
 * (moved, kicked, region change) it stays Disconnected. If it has not started within `reconnectWindowMs`, or a
 * reconnect does not reach Ready in `readyTimeoutMs`, this rejoins through the gateway (op 4), up to
 * `maxRejoins` times. Returns a function that stops watching.
 */
export function watchConnection(connection: VoiceConnection, options: ResilienceOptions): () => void {
  let recovering = false;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

  const gone = (): boolean => signal.aborted || connection.state.status === VoiceConnectionStatus.Destroyed;

  async function recover(): Promise<void> {
    let rejoins = 0;
    if (connection.state.status === VoiceConnectionStatus.Disconnected) {
      try {
        await withDeadline(options.resources, options.reconnectWindowMs, signal, (window) =>
          Promise.race([entersState(connection, VoiceConnectionStatus.Signalling, window), entersState(connection, VoiceConnectionStatus.Connecting, window)]),
        );
      } catch {
        if (gone()) return;
        rejoins++;
        connection.rejoin();
      }
    }
    for (;;) {
      try {
        await withDeadline(options.resources, options.readyTimeoutMs, signal, (limit) => entersState(connection, VoiceConnectionStatus.Ready, limit));
        options.onRecovered(rejoins);
        return;
      } catch (error) {
        if (gone()) return;
        if (rejoins >= options.maxRejoins) {
          options.onLost(new VoiceConnectionLostError(connection.joinConfig.guildId, rejoins, { cause: error }));
          return;
        }
        rejoins++;
        connection.rejoin();
      }
    }
  }

  const onState = (previous: VoiceConnectionState, next: VoiceConnectionState): void => {
    if (recovering || gone() || !isDown(next)) return;
    // Signalling → Connecting during the first join is not a drop; only leaving Ready (or a Disconnected) is.
    if (previous.status !== VoiceConnectionStatus.Ready && next.status !== VoiceConnectionStatus.Disconnected) return;
    recovering = true;
    recover()
      .catch((error: unknown) => options.onLost(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        recovering = false;
      });
  };

  connection.on('stateChange', onState);
  return () => {
    stop.abort();
    connection.off('stateChange', onState);
  };
}
