import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { MAX_BODY_BYTES } from '../../src/api/guarded-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose answers each test sets. */
async function serve() {
  const state: { handler: Handler; seen: IncomingMessage[]; closed: number } = { handler: (_req, res) => res.end(), seen: [], closed: 0 };
  const server: Server = createServer((req, res) => {
    state.seen.push(req);
    res.on('close', () => { if (!res.writableFinished) state.closed++; });
    state.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { state, origin, server };
}

let main: Awaited<ReturnType<typeof serve>>;
let other: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  main = await serve();
  other = await serve();
});
afterAll(async () => {
  for (const { server } of [main, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = () => createClient({ baseUrl: `${main.origin}/v1`, apiKey: 'tk-wire-key-000', timeoutMs: 5000 });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const deployment = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'dep-1', name: 'web' }));
};

describe('redirects', () => {
  it('does not follow a redirect to another origin, and names it', async () => {
    other.state.seen.length = 0;
    main.state.handler = (_req, res) => {
      res.writeHead(302, { location: `${other.origin}/v1/deployments/web` });
      res.end();
    };
    const error = await failure(client().get('web'));
    expect(error.message).toBe(`redirected to ${other.origin} (not followed)`);
    expect(error.kind).toBe('invalid-response');
    expect(other.state.seen).toHaveLength(0);
  });

  it('follows a redirect within the same origin, with the key', async () => {
    main.state.seen.length = 0;
    main.state.handler = (req, res) => {
      if (req.url === '/v1/deployments/web') {
        res.writeHead(301, { location: '/v2/deployments/web' });
        res.end();
      } else deployment(res);
    };
    expect((await client().get('web')).name).toBe('web');
    expect(main.state.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/deployments/web', 'Bearer tk-wire-key-000'],
      ['/v2/deployments/web', 'Bearer tk-wire-key-000'],
    ]);
  });

  it('gives up on a redirect loop', async () => {
    main.state.handler = (req, res) => {
      res.writeHead(307, { location: req.url ?? '/' });
      res.end();
    };
    expect((await failure(client().get('web'))).message).toMatch(/more than 5 redirects/);
  });
});

describe('body cap', () => {
  it('refuses a body whose Content-Length is over the cap, before reading it', async () => {
    main.state.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
      res.write('{"id":"');
    };
    const error = await failure(client().get('web'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/^response too large \(10 MB/);
  });

  it('stops reading a streamed body past the cap and aborts the request', async () => {
    main.state.closed = 0;
    let sent = 0;
    main.state.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        // Far more than the cap, if nobody stopped it.
        while (sent < 4 * MAX_BODY_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    };
    const error = await failure(client().get('web'));
    expect(error.message).toMatch(/^response too large \(over 8 MB/);
    await expect.poll(() => main.state.closed).toBe(1);
    expect(sent).toBeLessThan(4 * MAX_BODY_BYTES);
  });

  it('reads a body under the cap', async () => {
    main.state.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'dep-1', name: 'web', description: 'd'.repeat(1024 * 1024) }));
    };
    expect((await client().get('web')).name).toBe('web');
  });
});
