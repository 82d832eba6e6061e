import { DEFAULT_END_SILENCE_SEC, DEFAULT_MAX_DURATION_SEC } from './constants.js';
import type { EndReason } from './types.js';

export interface EndOfAnswerOptions {
  /** Silence after speech that ends the answer; default 4 s. Silence before any speech never ends it. */
  endSilenceSec?: number;
  /** Length cap; default 300 s. */
  maxDurationSec?: number;
}

/**
 * Decides when a live answer is over: an explicit stop, `endSilenceSec` of silence after speech, or the length cap.
 * Positions are seconds on the answer's audio timeline, which the caller advances with the wall clock while no
 * packets arrive (a silent speaker sends nothing).
 */
export class EndOfAnswerDetector {
  readonly endSilenceSec: number;
  readonly maxDurationSec: number;
  #reason: EndReason | null = null;

  constructor(options: EndOfAnswerOptions = {}) {
    this.endSilenceSec = options.endSilenceSec ?? DEFAULT_END_SILENCE_SEC;
    this.maxDurationSec = options.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC;
    if (!(this.endSilenceSec > 0) || !(this.maxDurationSec > 0)) {
      throw new RangeError('endSilenceSec and maxDurationSec must be positive');
    }
  }

  get reason(): EndReason | null {
    return this.#reason;
  }

  stop(): EndReason {
    this.#reason ??= 'stopped';
    return this.#reason;
  }

  /** `lastVoiceSec`: where the last speech ended, null before any speech. */
  check(positionSec: number, lastVoiceSec: number | null): EndReason | null {
    if (this.#reason) return this.#reason;
    if (positionSec >= this.maxDurationSec) this.#reason = 'cap';
    else if (lastVoiceSec !== null && positionSec - lastVoiceSec >= this.endSilenceSec) this.#reason = 'silence';
    return this.#reason;
  }

  /** Seconds of silence that may still follow before the answer ends on silence (Infinity before any speech). */
  silenceLeftSec(positionSec: number, lastVoiceSec: number | null): number {
    return lastVoiceSec === null ? Infinity : this.endSilenceSec - (positionSec - lastVoiceSec);
  }
}
