// The watch state as React state: re-renders only when the controller hands out a new state object.
import { useCallback, useSyncExternalStore } from 'react';
import type { WatchController, WatchState } from '../../watch/types.js';

/** `controller.getState()` must return the same object until the state changes (useSyncExternalStore's rule). */
export function useWatch(controller: WatchController): WatchState {
  const subscribe = useCallback((listener: () => void) => controller.subscribe(listener), [controller]);
  const getState = useCallback(() => controller.getState(), [controller]);
  return useSyncExternalStore(subscribe, getState, getState);
}
