// The terminal's size, following resizes (Ink 8's useWindowSize listens to stdout's `resize`),
// less the rows a wrapper keeps for itself below the screen (the replay bar: ReservedRows).
import { useWindowSize } from 'ink';
import { createContext, useContext, useMemo } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Rows at the bottom a wrapper draws itself; the screens inside plan for the rest. */
export const ReservedRows = createContext(0);

/** The same object until the size really changes, so memoized screens stay memoized. */
export function useTerminalSize(): TerminalSize {
  const { columns, rows } = useWindowSize();
  const reserved = useContext(ReservedRows);
  return useMemo(() => ({ columns, rows: Math.max(1, rows - reserved) }), [columns, rows, reserved]);
}
