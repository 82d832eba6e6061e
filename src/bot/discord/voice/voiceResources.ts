/** What a voice round holds that has to be let go of. */
export type VoiceResourceKind = 'join' | 'connection' | 'watcher' | 'tap' | 'player' | 'playback' | 'capture' | 'timer';

/** One held resource: `release` lets go of it (once; later calls do nothing). */
export interface Held {
  readonly kind: VoiceResourceKind;
  readonly released: boolean;
  release(): void;
}

/** A held deadline: its signal aborts when the time is up or the parent aborts; releasing it clears the timer. */
export interface Deadline extends Held {
  readonly signal: AbortSignal;
}

export type LiveVoiceResources = Record<VoiceResourceKind, number>;

const KINDS: readonly VoiceResourceKind[] = ['join', 'connection', 'watcher', 'tap', 'player', 'playback', 'capture', 'timer'];

/**
 * The voice module's register of what it holds: every connection, watcher, capture, player, playback and timer is
 * taken through here and given back through its `Held`, which runs the real release (destroy, close, clearTimeout).
 * Round states own the `Held`s; a state change releases those the new state does not take over. The counts let
 * tests check that nothing outlives the state that held it.
 */
export class VoiceResources {
  readonly #held = new Map<VoiceResourceKind, Set<Held>>(KINDS.map((kind) => [kind, new Set<Held>()]));

  hold(kind: VoiceResourceKind, release: () => void): Held {
    const set = this.#set(kind);
    let released = false;
    const held: Held = {
      kind,
      get released() {
        return released;
      },
      release: () => {
        if (released) return;
        released = true;
        set.delete(held);
        release();
      },
    };
    set.add(held);
    return held;
  }

  /** A one-shot timer (unref'd), released when it fires or when its owner lets go of it. */
  timeout(ms: number, fire: () => void): Held {
    const timer = setTimeout(() => {
      held.release();
      fire();
    }, ms).unref();
    const held = this.hold('timer', () => clearTimeout(timer));
    return held;
  }

  /** A repeating timer (unref'd), until released. */
  interval(ms: number, tick: () => void): Held {
    const timer = setInterval(tick, ms).unref();
    return this.hold('timer', () => clearInterval(timer));
  }

  /**
   * A time limit for one wait (a join reaching Ready, a question playing to its end) that, unlike
   * AbortSignal.timeout, leaves no timer behind: released (the wait is over) or its parent aborted, the timer is
   * cleared and the signal aborts, so nothing keeps waiting on it.
   */
  deadline(ms: number, parent?: AbortSignal): Deadline {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out', 'TimeoutError')), ms).unref();
    const onParent = (): void => {
      // The owner let go (left, stopped watching, a newer question): the wait is over now, and so is its timer.
      controller.abort(parent?.reason);
      held.release();
    };
    const held = this.hold('timer', () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
      // Whatever still waits on it (the loser of a race) stops waiting too.
      if (!controller.signal.aborted) controller.abort(new DOMException('The wait is over', 'AbortError'));
    });
    if (parent?.aborted) onParent();
    else parent?.addEventListener('abort', onParent, { once: true });
    return {
      kind: held.kind,
      signal: controller.signal,
      get released() {
        return held.released;
      },
      release: () => held.release(),
    };
  }

  /** How many of each kind are held right now. */
  live(): LiveVoiceResources {
    const count = (kind: VoiceResourceKind): number => this.#set(kind).size;
    return {
      join: count('join'),
      connection: count('connection'),
      watcher: count('watcher'),
      tap: count('tap'),
      player: count('player'),
      playback: count('playback'),
      capture: count('capture'),
      timer: count('timer'),
    };
  }

  #set(kind: VoiceResourceKind): Set<Held> {
    const set = this.#held.get(kind);
    if (!set) throw new Error(`unknown voice resource kind ${kind}`);
    return set;
  }
}

/** Runs `wait` under a deadline and always clears it afterwards. */
export async function withDeadline<T>(resources: VoiceResources, ms: number, parent: AbortSignal | undefined, wait: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = resources.deadline(ms, parent);
  try {
    return await wait(deadline.signal);
  } finally {
    deadline.release();
  }
}
