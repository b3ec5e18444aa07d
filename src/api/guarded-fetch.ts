// The wire guard under ky: a redirect to another origin is reported rather than followed (the
// screen would show another deployment, from a server nobody named), and a body is read only up
// to a cap (a runaway or hostile server cannot fill memory), aborting the request past it.
import { ApiError } from './errors.js';

/** The largest body read; a deployment or a page of logs is a few kilobytes. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Same-origin redirects followed in a row before giving up. */
export const MAX_REDIRECTS = 5;

const MB = 1024 * 1024;
// Statuses whose Response cannot carry a body (the Response constructor refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function tooLarge(bytes: number | undefined, limit: number): ApiError {
  const size = bytes === undefined ? `over ${Math.round(limit / MB)} MB` : `${Math.ceil(bytes / MB)} MB`;
  return new ApiError('invalid-response', `response too large (${size}; at most ${Math.round(limit / MB)} MB is read)`);
}

/** The response with its body cut off at `limit` bytes: past it the read fails and the request is aborted. */
export function capBody(response: Response, limit = MAX_BODY_BYTES): Response {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared, limit);
  }
  if (!response.body || NULL_BODY.has(response.status)) return response;
  const reader = response.body.getReader();
  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > limit) {
        await reader.cancel().catch(() => undefined);
        controller.error(tooLarge(undefined, limit));
        return;
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A fetch for ky: redirects followed only within the origin asked (bounded), bodies capped. */
export function guardedFetch(fetchImpl: typeof fetch = globalThis.fetch, limit = MAX_BODY_BYTES): typeof fetch {
  return async (input, init) => {
    let request = new Request(input, { ...init, redirect: 'manual' });
    for (let hops = 0; ; hops++) {
      const response = await fetchImpl(request);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return capBody(response, limit);
      void response.body?.cancel().catch(() => undefined);
      let target: URL;
      try {
        target = new URL(location, request.url);
      } catch {
        throw new ApiError('invalid-response', `redirected (${response.status}) to something that is not a URL`, { status: response.status });
      }
      const origin = new URL(request.url).origin;
      if (target.origin !== origin) {
        throw new ApiError('invalid-response', `redirected to ${target.origin} (not followed)`, { status: response.status });
      }
      if (hops >= MAX_REDIRECTS) throw new ApiError('invalid-response', `more than ${MAX_REDIRECTS} redirects (not followed)`, { status: response.status });
      request = new Request(target, { method: request.method, headers: request.headers, signal: request.signal, redirect: 'manual' });
    }
  };
}
