// Ctrl-Z on every screen: Ink hands the terminal back (normal screen, cursor shown, raw mode off),
// the shell stops us; `fg` (SIGCONT) takes it again and redraws it all.
import { useApp } from 'ink';
import { useCallback } from 'react';

/** A function that suspends the program the way Ctrl-Z does in a cooked terminal. */
export function useSuspend(): () => void {
  const { suspendTerminal } = useApp();
  return useCallback(() => {
    void suspendTerminal().then((suspension) => {
      process.once('SIGCONT', () => void suspension.resume());
      // The whole process group, as the terminal would have (an `npx` or a wrapper in between stops too).
      process.kill(0, 'SIGTSTP');
    });
  }, [suspendTerminal]);
}
