import { SAMPLE_RATE } from './constants.js';

/** The ES2024 part of ArrayBuffer; the project's TypeScript lib is ES2023. */
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}

function isResizable(value: unknown): value is ResizableArrayBuffer {
  return value instanceof ArrayBuffer && 'resize' in value && typeof value.resize === 'function';
}

function createResizableBuffer(maxByteLength: number): ResizableArrayBuffer {
  const buffer: unknown = Reflect.construct(ArrayBuffer, [0, { maxByteLength }]);
  if (!isResizable(buffer)) throw new Error('resizable ArrayBuffer is not available in this Node');
  return buffer;
}

/** Grow in one-second steps: few resizes, little slack. */
const GROW_SAMPLES = SAMPLE_RATE;

/**
 * 16 kHz mono samples of one answer, growing in place up to a fixed capacity.
 *
 * Backed by one resizable ArrayBuffer whose maximum is the answer cap: V8 reserves the address range and commits
 * pages only as it grows, so a minute costs ~1.9 MB and the finished answer is a view, not a copy (a chunk list or
 * doubling array would need twice the memory at some point).
 */
export class PcmBuffer {
  readonly capacity: number;
  #buffer: ResizableArrayBuffer;
  #samples: Int16Array;
  #length = 0;

  constructor(capacitySamples: number) {
    if (!Number.isInteger(capacitySamples) || capacitySamples < 0) {
      throw new RangeError(`capacity must be a whole number of samples, got ${capacitySamples}`);
    }
    this.capacity = capacitySamples;
    this.#buffer = createResizableBuffer(capacitySamples * 2);
    this.#samples = new Int16Array(this.#buffer);
  }

  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length >= this.capacity;
  }

  /** Appends as many samples as fit; returns how many did. */
  append(samples: Int16Array): number {
    const n = Math.min(samples.length, this.capacity - this.#length);
    this.#reserve(this.#length + n);
    this.#samples.set(n === samples.length ? samples : samples.subarray(0, n), this.#length);
    this.#length += n;
    return n;
  }

  /** Appends digital silence (resized memory is already zero); returns how many samples fit. */
  appendSilence(count: number): number {
    const n = Math.max(0, Math.min(Math.floor(count), this.capacity - this.#length));
    this.#reserve(this.#length + n);
    this.#samples.fill(0, this.#length, this.#length + n);
    this.#length += n;
    return n;
  }

  /** Drops samples after `length` (e.g. encoder padding past the container's end position). */
  truncate(length: number): void {
    this.#length = Math.max(0, Math.min(this.#length, Math.floor(length)));
  }

  /** A view of samples [start, end): appending never moves or rewrites them; only `truncate` lets them be overwritten. */
  view(start = 0, end = this.#length): Int16Array {
    return this.#samples.subarray(Math.max(0, start), Math.min(end, this.#length));
  }

  /** The samples so far as a fixed-length array sharing this buffer's memory. */
  toInt16Array(): Int16Array {
    return new Int16Array(this.#buffer, 0, this.#length);
  }

  #reserve(samples: number): void {
    const have = this.#buffer.byteLength / 2;
    if (samples <= have) return;
    const next = Math.min(this.capacity, Math.max(samples, have + GROW_SAMPLES));
    this.#buffer.resize(next * 2);
  }
}
