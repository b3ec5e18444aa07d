import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, parseRetryAfter } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => { seen.push(req); handler(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const client = () => createClient({ baseUrl, apiKey: 'tk-test-key', timeoutMs: 500 });

describe('deployments client', () => {
  it('sends the key as a Bearer token to the right paths', async () => {
    handler = (req, res) => json(200, req.url?.includes('/logs') ? { lines: [] } : { id: 'dep-1', name: 'web' })(req, res);
    await client().get('web');
    await client().logs('web', 'r 1');
    const [get, logs] = seen.slice(-2);
    expect(get!.url).toBe('/v1/deployments/web');
    expect(get!.headers.authorization).toBe('Bearer tk-test-key');
    expect(logs!.url).toBe('/v1/deployments/web/logs?replica_id=r+1');
  });

  it.each([
    [401, 'auth'], [403, 'auth'], [404, 'not-found'], [429, 'rate-limited'], [500, 'server'], [503, 'server'], [418, 'invalid-response'],
  ])('classifies HTTP %d as %s', async (status, kind) => {
    handler = json(status, { error: { message: 'server words', type: 'x' } });
    const error = await failure(client().get('web'));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it('answers the same bytes with the same deployment, without parsing them again', async () => {
    let name = 'web';
    handler = (req, res) => json(200, { id: 'dep-1', name, status: 'Ready' })(req, res);
    const c = client();
    const first = await c.get('web');
    const again = await c.get('web');
    expect(again).toBe(first);
    name = 'web-2';
    const changed = await c.get('web');
    expect(changed).not.toBe(first);
    expect(changed.name).toBe('web-2');
    expect(first.name).toBe('web');
  });

  it('answers the same log bytes with the same logs, without parsing them again; another replica or new bytes are parsed', async () => {
    let lines = ['one', 'two'];
    handler = (req, res) => json(200, { lines: req.url?.includes('r2') ? ['other'] : lines })(req, res);
    const c = client();
    const first = await c.logs('web', 'r1');
    expect(await c.logs('web', 'r1')).toBe(first);
    expect((await c.logs('web', 'r2')).lines).toEqual(['other']);
    lines = ['one', 'two', 'three'];
    const changed = await c.logs('web', 'r1');
    expect(changed).not.toBe(first);
    expect(changed.lines).toEqual(['one', 'two', 'three']);
    expect(first.lines).toEqual(['one', 'two']);
  });

  it('carries the server message and Retry-After of a 429', async () => {
    handler = json(429, { error: { message: 'slow down', type: 'rate_limit' } }, { 'retry-after': '7' });
    const error = await failure(client().get('web'));
    expect(error.message).toContain('slow down');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('calls a body that is not JSON an invalid response, with an excerpt', async () => {
    handler = (_req, res) => res.end('<html>\x1b[31mgateway</html>');
    const error = await failure(client().get('web'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('<html>gateway</html>');
  });

  it.each([502, 503, 504])('says an HTML error page (%d) by its title, not its markup', async (status) => {
    handler = (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(`<html>\r\n<head><title>${status} Bad\n Gateway</title></head>\r\n<body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`);
    };
    const error = await failure(client().get('web'));
    expect(error.message).toBe(`server error (${status}): ${status} Bad Gateway`);
  });

  it('says an HTML error page without a title as nothing but the status', async () => {
    handler = (_req, res) => { res.writeHead(502); res.end('<!DOCTYPE html><html><body><h1>oops</h1></body></html>'); };
    expect((await failure(client().get('web'))).message).toBe('server error (502)');
  });

  it('cuts a long server error message to one readable line, after redacting it', async () => {
    handler = json(500, { error: { message: `tk-test-key ${'x'.repeat(16_000)}`, type: 'server' } });
    const error = await failure(client().get('web'));
    expect(error.message.length).toBeLessThanOrEqual('server error (500): '.length + 200);
    expect(error.message).toMatch(/^server error \(500\): \*+ x+…$/);
  });

  it('calls a request that takes too long a timeout', async () => {
    handler = () => { /* never answers */ };
    const error = await failure(client().get('web'));
    expect(error.kind).toBe('timeout');
  });

  it('calls a refused connection a network error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dead = createClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', timeoutMs: 2000 });
    const error = await failure(dead.get('web'));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/refused/);
  });

  it('says what failed when the network error has no code (the innermost message)', async () => {
    // fetch refuses port 1 itself ("bad port"): no system error code on the way.
    const blocked = createClient({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k', timeoutMs: 2000 });
    const error = await failure(blocked.get('web'));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('bad port');
  });

  it('never lets control characters into an error message, whatever made it', () => {
    const error = new ApiError('network', 'bad\x1b]0;owned\x07 port\x1b[31m');
    // eslint-disable-next-line no-control-regex
    expect(error.message).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(error.message).toContain('bad');
  });

  it('calls a reset connection a network error', async () => {
    handler = (req) => req.socket.destroy();
    const error = await failure(client().get('web'));
    expect(error.kind).toBe('network');
  });

  it('never puts the key in an error message', async () => {
    handler = json(401, { error: { message: 'bad key tk-test-key', type: 'auth' } });
    const error = await failure(client().get('web'));
    expect(error.kind).toBe('auth');
    expect(String(error.message)).not.toContain('tk-test-key');
  });

  it('redacts the key before cutting an excerpt, so no piece of it survives the cut', async () => {
    const key = 'sk-test-DEPWATCH-SECRET-0123456789abcdef';
    const c = createClient({ baseUrl, apiKey: key, timeoutMs: 500 });
    for (let pad = 40; pad < 62; pad++) {
      handler = (_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`${'e'.repeat(pad)}Bearer ${key} rejected`);
      };
      const error = await failure(c.get('web'));
      for (let i = 0; i + 8 <= key.length; i++) expect(error.message).not.toContain(key.slice(i, i + 8));
    }
  });
});

describe('a base URL that is not the API', () => {
  const notFoundExcept = (found: string, body: unknown): Handler => (req, res) =>
    req.url === found ? json(200, body)(req, res) : json(404, { error: { message: 'no such route' } })(req, res);

  it('says so when the list endpoint is not there, and what the URL should end with', async () => {
    handler = json(404, 'Not Found');
    const error = await failure(client().list());
    expect(error.wrongBaseUrl).toBe(true);
    expect(error.message).toBe(`${baseUrl}/deployments is not there (404): the base URL looks wrong; it should end with /v1, like https://api.together.ai/v1`);
  });

  it('says so for a deployment that is "not found" because the list endpoint is not there either', async () => {
    handler = json(404, 'Not Found');
    const error = await failure(client().get('web'));
    expect(error.wrongBaseUrl).toBe(true);
    expect(error.message).toMatch(/base URL looks wrong/);
  });

  it('says so for a deployment\'s logs too, with or without a replica', async () => {
    handler = json(404, 'Not Found');
    for (const replica of [undefined, 'web-1']) {
      const error = await failure(client().logs('web', replica));
      expect(error.wrongBaseUrl).toBe(true);
      expect(error.message).toMatch(/base URL looks wrong/);
    }
  });

  it('calls a deployment not found when the list endpoint answers, asking it only once', async () => {
    handler = notFoundExcept('/v1/deployments', { data: [] });
    const c = client();
    const before = seen.length;
    for (let i = 0; i < 3; i++) {
      const error = await failure(c.get('gone'));
      expect(error.kind).toBe('not-found');
      expect(error.wrongBaseUrl).toBe(false);
      expect(error.message).toBe('deployment "gone" not found (404)');
    }
    expect(seen.slice(before).map((r) => r.url)).toEqual(['/v1/deployments/gone', '/v1/deployments', '/v1/deployments/gone', '/v1/deployments/gone']);
  });

  it('never requests a deployment named only with dots, which a URL reads as another path', async () => {
    const before = seen.length;
    for (const name of ['.', '..']) expect((await failure(client().get(name))).message).toMatch(/not a deployment id or name/);
    await failure(client().logs('..', 'r1'));
    expect(seen.length).toBe(before);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('queue metrics', () => {
  it('asks GET <base>/queue/metrics?model= with the key, and parses the answer', async () => {
    handler = json(200, { messages_running: 3, messages_waiting: 12, total_jobs: 15 });
    expect(await client().queueMetrics('Qwen/Qwen2.5 7B')).toEqual({ messages_running: 3, messages_waiting: 12, total_jobs: 15 });
    const req = seen.at(-1)!;
    expect(req.url).toBe('/v1/queue/metrics?model=Qwen%2FQwen2.5+7B');
    expect(req.headers.authorization).toBe('Bearer tk-test-key');
  });

  it('says what the flat QueueError body says, with the kind of its status', async () => {
    handler = json(400, { message: 'model is required', type: 'invalid_request_error', param: 'model' });
    const bad = await failure(client().queueMetrics('x'));
    expect(bad.kind).toBe('invalid-response');
    expect(bad.message).toContain('model is required');
    handler = json(500, { message: 'queue backend down', type: 'server_error' });
    const down = await failure(client().queueMetrics('x'));
    expect(down.kind).toBe('server');
    expect(down.message).toContain('queue backend down');
  });

  it('is an invalid response when the body is not queue metrics', async () => {
    handler = json(200, ['not', 'metrics']);
    expect((await failure(client().queueMetrics('x'))).kind).toBe('invalid-response');
  });
});
