// State with listeners, as the screen reads it (useSyncExternalStore-friendly): getState()
// returns the same object until something changed, and listeners hear of each change once.
export class StateStore<S> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: S) {}

  getState(): S {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    // Wrapped so the same function subscribed twice is two subscriptions, each removable once.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  protected set(next: S): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
