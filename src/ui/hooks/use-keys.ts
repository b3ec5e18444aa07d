// Ink's useInput, one key at a time. Keys typed quickly, bunched by a slow link, or kept while
// Ink was loading arrive as one input ('pl', 'k\r'), which would match no key: plain characters
// are split (a carriage return among them is Enter). And Esc followed at once by a key arrives as
// that key with meta set: it is taken as Esc, then the key (no binding here uses Alt/meta).
// A screen's handler returns false for a key it leaves; it goes on to UnclaimedKeys (the replay's).
import { useInput, type Key } from 'ink';
import { createContext, useContext } from 'react';
import type { KeyGroup } from '../sections/key-help.js';

/** Where the keys a screen leaves go: around a replay, the replay's own keys; elsewhere nowhere. */
export const UnclaimedKeys = createContext<((key: string, k: Key) => void) | undefined>(undefined);

/** What those keys do, for a screen's `?` help to add after its own keys. */
export const UnclaimedKeysHelp = createContext<readonly KeyGroup[]>([]);

export const useUnclaimedKeysHelp = (): readonly KeyGroup[] => useContext(UnclaimedKeysHelp);

/** A screen's keys: false when the key is not the screen's (typing into a filter takes every key). */
export type KeyHandler = (key: string, k: Key) => boolean | void;

export function useKeys(handler: KeyHandler): void {
  const unclaimed = useContext(UnclaimedKeys);
  const onKey = (key: string, k: Key) => {
    if (handler(key, k) === false) unclaimed?.(key, k);
  };
  useInput((input, k) => {
    if (k.meta && !k.escape) {
      onKey('', { ...k, meta: false, escape: true, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, return: false });
      onKey(input, { ...k, meta: false });
    } else if (input.length > 1 && !input.includes('\x1b') && !k.ctrl) {
      for (const ch of input) onKey(ch === '\r' ? '' : ch, { ...k, return: ch === '\r' });
    } else {
      onKey(input, k);
    }
  });
}
