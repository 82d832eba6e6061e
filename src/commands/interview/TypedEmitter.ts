/** A listener that throws is reported here instead of breaking the emitter's caller. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

/**
 * A small synchronous emitter whose event names and payloads are checked by the compiler. Listeners run in the
 * order they subscribed; one that throws does not stop the others or the code that emitted.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: object }> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: ListenerErrorHandler = () => undefined) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.onListenerError(error, String(name));
      }
    }
  }

  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0;
  }
}
