// Ink's useInput, one key at a time: keys typed quickly, bunched by a slow link, or kept while Ink
// was loading arrive as one input ('pl'), which would match no key. Plain characters are split.
import { useInput, type Key } from 'ink';

export function useKeys(onKey: (key: string, k: Key) => void): void {
  useInput((input, k) => {
    if (input.length > 1 && !input.includes('\x1b') && !k.ctrl && !k.meta) for (const ch of input) onKey(ch, k);
    else onKey(input, k);
  });
}
