/**
 * Recently drawn progress images, keyed by everything that decides their pixels: the chart data (which already
 * reflects the user, scope, period and their newest scored answer), size, theme and the chart code's version. A
 * repeat /progress with nothing new reuses the PNG; a new answer, a day passing out of a period or a renamed user
 * changes the data and so the key. Bounded, least recently used out first.
 */
export class PngCache {
  readonly #entries = new Map<string, Buffer>();

  constructor(private readonly max: number) {}

  get(key: string): Buffer | undefined {
    const png = this.#entries.get(key);
    if (png) {
      this.#entries.delete(key);
      this.#entries.set(key, png);
    }
    return png;
  }

  set(key: string, png: Buffer): void {
    this.#entries.delete(key);
    this.#entries.set(key, png);
    while (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
