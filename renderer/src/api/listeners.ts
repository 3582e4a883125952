/** A tiny typed listener set; every client has a few of these. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      // One broken listener must not starve the others of events.
      try {
        listener(value);
      } catch (error) {
        console.error('Lockstep listener failed', error);
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
