// The terminal's size, following resizes (Ink 8's useWindowSize listens to stdout's `resize`).
import { useWindowSize } from 'ink';
import { useMemo } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The same object until the size really changes, so memoized screens stay memoized. */
export function useTerminalSize(): TerminalSize {
  const { columns, rows } = useWindowSize();
  return useMemo(() => ({ columns, rows }), [columns, rows]);
}
