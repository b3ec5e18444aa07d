// A store's state as React state (the watch, the logs pane): re-renders only when the store hands
// out a new state object.
import { useCallback, useSyncExternalStore } from 'react';

export interface Store<S> {
  /** Must return the same object until the state changes (useSyncExternalStore's rule). */
  getState(): S;
  subscribe(listener: () => void): () => void;
}

export function useStore<S>(store: Store<S>): S {
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getState = useCallback(() => store.getState(), [store]);
  return useSyncExternalStore(subscribe, getState, getState);
}
