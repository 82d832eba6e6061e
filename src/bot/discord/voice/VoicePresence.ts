import { VoiceConnectionStatus, createAudioPlayer, type AudioPlayer, type VoiceConnection } from '@discordjs/voice';
import type { ParticipantCapture } from './ParticipantCapture.js';
import { RtpHeaderTap } from './RtpHeaderTap.js';
import type { Releasable } from './voiceRoundState.js';
import type { Held, VoiceResources } from './voiceResources.js';

/**
 * Everything the bot holds while it is in a round's voice channel: the connection and its watcher, the audio
 * player, the RTP header tap, one capture (receive subscription) per participant, and the membership timers
 * (leavers' grace, the empty channel). Handed from state to state while the round is in voice (Idle, Speaking,
 * Listening); released as a whole when the round degrades or ends. Captures are closed before the connection is
 * destroyed, so no receive stream is resubscribed on a dying connection.
 */
export class VoicePresence implements Releasable {
  /** Null while a lost connection is being replaced by a fresh join. */
  connection: VoiceConnection | null = null;
  readonly player: AudioPlayer;
  readonly tap: RtpHeaderTap;
  readonly #resources: VoiceResources;
  readonly #captures = new Map<string, { capture: ParticipantCapture; held: Held }>();
  readonly #absent = new Map<string, Held>();
  #empty: Held | null = null;
  #connectionHeld: Held | null = null;
  #watcher: Held | null = null;
  #rejoin: Held | null = null;
  readonly #tapHeld: Held;
  readonly #playerHeld: Held;
  #released = false;

  constructor(resources: VoiceResources, connection: VoiceConnection, onPlayerError: (error: Error) => void) {
    this.#resources = resources;
    this.player = createAudioPlayer();
    this.player.on('error', onPlayerError);
    this.#playerHeld = resources.hold('player', () => this.player.stop(true));
    this.tap = new RtpHeaderTap(connection);
    this.#tapHeld = resources.hold('tap', () => this.tap.dispose());
    this.use(connection);
  }

  get released(): boolean {
    return this.#released;
  }

  /** Takes a (fresh) connection: the player plays into it, the tap and every capture listen to it. */
  use(connection: VoiceConnection): void {
    if (this.#released) {
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
      return;
    }
    this.connection = connection;
    this.#connectionHeld = this.#resources.hold('connection', () => {
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    });
    this.tap.follow(connection);
    connection.subscribe(this.player);
    for (const { capture } of this.#captures.values()) capture.attach(connection.receiver);
  }

  /** The watcher keeping this connection up; stopped with the connection. */
  watch(stop: () => void): void {
    this.#watcher?.release();
    this.#watcher = this.#resources.hold('watcher', stop);
  }

  /** The connection could not be brought back: captures stop listening to it (answers keep running), it is destroyed. */
  dropConnection(): void {
    this.#watcher?.release();
    this.#watcher = null;
    for (const { capture } of this.#captures.values()) capture.detach();
    this.#connectionHeld?.release();
    this.#connectionHeld = null;
    this.connection = null;
  }

  /** A fresh join under way: held by the presence until it lands or fails, aborted if the presence is released first. */
  rejoining(abort: AbortController): Held {
    this.#rejoin?.release();
    const held = this.#resources.hold('join', () => abort.abort());
    this.#rejoin = held;
    return held;
  }

  capture(userId: string): ParticipantCapture | undefined {
    return this.#captures.get(userId)?.capture;
  }

  captures(): ParticipantCapture[] {
    return [...this.#captures.values()].map((entry) => entry.capture);
  }

  /** A participant's capture, subscribed to the connection (if any) from now until it is closed. */
  addCapture(capture: ParticipantCapture): void {
    this.closeCapture(capture.userId);
    this.#captures.set(capture.userId, { capture, held: this.#resources.hold('capture', () => capture.close()) });
    if (this.connection) capture.attach(this.connection.receiver);
  }

  /** Unsubscribes a participant (they left). */
  closeCapture(userId: string, only?: ParticipantCapture): void {
    const entry = this.#captures.get(userId);
    if (!entry || (only && entry.capture !== only)) return;
    this.#captures.delete(userId);
    entry.held.release();
  }

  /** Someone left: `fire` runs if they are not back within `ms`. */
  markAway(userId: string, ms: number, fire: () => void): void {
    if (this.#absent.has(userId)) return;
    this.#absent.set(
      userId,
      this.#resources.timeout(ms, () => {
        this.#absent.delete(userId);
        fire();
      }),
    );
  }

  back(userId: string): void {
    this.#absent.get(userId)?.release();
    this.#absent.delete(userId);
  }

  /** The channel emptied: `fire` runs unless someone comes back within `ms`. */
  watchEmpty(ms: number, fire: () => void): void {
    this.#empty ??= this.#resources.timeout(ms, () => {
      this.#empty = null;
      fire();
    });
  }

  notEmpty(): void {
    this.#empty?.release();
    this.#empty = null;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const userId of [...this.#captures.keys()]) this.closeCapture(userId);
    for (const userId of [...this.#absent.keys()]) this.back(userId);
    this.notEmpty();
    this.#rejoin?.release();
    this.#watcher?.release();
    this.#tapHeld.release();
    this.#playerHeld.release();
    this.#connectionHeld?.release();
    this.connection = null;
  }
}
