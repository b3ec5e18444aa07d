// One error type for everything that can go wrong talking to the API. `kind` drives what
// the screen says and how the poller backs off; the message never contains the API key.
import { sanitize } from '../sanitize.js';

export type ApiErrorKind =
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid-response';

export interface ApiErrorInit {
  status?: number;
  /** Milliseconds the server asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  /** A short excerpt of an unexpected body; cut it with `excerpt()`, which redacts before cutting. */
  excerpt?: string;
  cause?: unknown;
  /** The answer says the base URL is wrong (its list endpoint is not there), not that one thing is missing. */
  wrongBaseUrl?: boolean;
  /** No server was reached at all (refused, no such host, no route): not a reset or a slow answer. */
  unreached?: boolean;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly excerpt: string | undefined;
  readonly wrongBaseUrl: boolean;
  readonly unreached: boolean;

  constructor(kind: ApiErrorKind, message: string, init: ApiErrorInit = {}) {
    // Sanitized (and so redacted) at birth: a server that echoes the key back cannot get it onto
    // the screen, and no message (some carry text from the network stack) brings control characters.
    super(sanitize(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.wrongBaseUrl = init.wrongBaseUrl === true;
    this.unreached = init.unreached === true;
    this.excerpt = init.excerpt === undefined ? undefined : sanitize(init.excerpt);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
