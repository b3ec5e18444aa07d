// A command a script waits on must learn quickly that it is pointed at nothing: until anything has
// answered at the base URL, a request no server answered is given up on after a few attempts, with
// one line and exit 4. Once something has answered, failures are hiccups of a real API and are
// retried as long as the command waits (the watch screens never give up at all).
import { ConfigError } from '../config.js';
import { UNREACHABLE_EXIT } from '../ui/exit-codes.js';
import type { SnapshotError } from '../watch/types.js';

/**
 * Attempts before giving up when nothing has answered: one is too few (a proxy restarting, a DNS
 * blip as a CI job starts); at the default 2 s interval the poller's backoff spreads three over
 * ~6-12 s, where `kubectl rollout status` gives up on a refused connection at once.
 */
export const UNANSWERED_ATTEMPTS = 3;

/**
 * Failures where no server was reached: refused, no such host, no route (the client tells them
 * from a reset or a slow answer, after which a real API is retried).
 */
export const isNoAnswer = (error: Pick<SnapshotError, 'unreached'>): boolean => error.unreached === true;

/** The one line to exit with: where it looked, why nothing answered, and how long it tried. */
export function unreachable(baseUrl: string, error: Pick<SnapshotError, 'message'>, tried?: { attempts: number; ms: number }): ConfigError {
  const how = tried === undefined ? '' : ` (${tried.attempts} attempts in ${Math.max(1, Math.round(tried.ms / 1000))}s)`;
  return new ConfigError(`could not reach the API at ${baseUrl}: ${error.message}${how}; check --base-url (or TOGETHER_BASE_URL) and the network`, UNREACHABLE_EXIT);
}

/**
 * Hears every poll's outcome (`undefined` for a good one) and says when to give up: after
 * `attempts` failures that reached no server, if nothing ever answered; never once something has.
 * A reset or a timed-out request is neither: something may be there, so it is not counted, and it
 * is no answer either.
 */
export function unansweredGuard(baseUrl: string, { attempts = UNANSWERED_ATTEMPTS, now = Date.now }: { attempts?: number; now?: () => number } = {}) {
  const began = now();
  let answered = false;
  let failures = 0;
  return (error: SnapshotError | undefined): ConfigError | undefined => {
    if (answered) return undefined;
    if (error === undefined || !isNoAnswer(error)) {
      // A reset or a timeout says nothing either way; anything else is a server answering.
      answered = error === undefined || (error.kind !== 'network' && error.kind !== 'timeout');
      return undefined;
    }
    failures++;
    return failures < attempts ? undefined : unreachable(baseUrl, error, { attempts: failures, ms: now() - began });
  };
}
