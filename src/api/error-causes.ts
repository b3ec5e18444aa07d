// What each kind of API failure is called on screen: the banner and the timeline say it alike.
import type { ApiErrorKind } from './errors.js';

export const CAUSES: Record<ApiErrorKind, string> = {
  auth: 'authentication failed',
  'not-found': 'deployment not found',
  'rate-limited': 'rate limited',
  server: 'server error',
  network: 'network error',
  timeout: 'request timed out',
  'invalid-response': 'unexpected response',
};

/** The cause in the words that say the most: the message when it names the cause itself, else the cause and the message. */
export function causeText(kind: ApiErrorKind, status: number | undefined, message: string): string {
  const cause = `${CAUSES[kind] ?? kind}${status === undefined ? '' : ` (${status})`}`;
  const said = message.trim();
  if (!said || said.toLowerCase() === CAUSES[kind]) return cause;
  return said.toLowerCase().startsWith((CAUSES[kind] ?? kind).toLowerCase()) ? said : `${cause}: ${said}`;
}
