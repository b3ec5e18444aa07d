// `depwatch logs` against a small HTTP server: what it says (and its exit code) when the deployment,
// the replica or the base URL is not what the user meant.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logs, type LogsArgs } from '../../src/commands/logs.js';
import { ConfigError } from '../../src/config.js';

let server: Server;
let origin: string;
/** Replica name → its lines; the deployment lists exactly these replicas. */
let replicas: Record<string, string[]> = {};

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', origin);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/v1/deployments') return send(200, { data: [{ name: 'web' }] });
  if (url.pathname === '/v1/deployments/web') return send(200, { name: 'web', replica_events: Object.fromEntries(Object.keys(replicas).map((r) => [r, { replica_status: 'Running' }])) });
  if (url.pathname === '/v1/deployments/web/logs') {
    const replica = url.searchParams.get('replica_id');
    return send(200, { lines: replica === null ? Object.values(replicas).flat() : replicas[replica] ?? [] });
  }
  send(404, { error: { message: 'not found' } });
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv('TOGETHER_API_KEY', 'tk-test-key');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const args = (more: Partial<LogsArgs> = {}): LogsArgs => ({ 'base-url': `${origin}/v1`, 'request-timeout': '2s', 'insecure-http': false, follow: false, interval: '2s', ...more });

/** Runs the command, returning its exit code and what it printed, or the one line it would exit with. */
async function run(deployment: string, more: Partial<LogsArgs> = {}) {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  try {
    return { code: await logs(deployment, args(more)), stdout, line: undefined };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { code: error.exitCode, stdout, line: error.message };
  }
}

describe('depwatch logs, told something that is not there', () => {
  it('a replica the deployment does not have: names the ones it has, exit 2', async () => {
    replicas = { 'web-a': ['one'], 'web-b': ['two'] };
    expect(await run('web', { replica: 'nosuch' })).toEqual({ code: 2, stdout: '', line: 'deployment web has no replica "nosuch" (replicas: web-a, web-b)' });
  });

  it('names at most five replicas', async () => {
    replicas = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`web-${i}`, []]));
    const r = await run('web', { replica: 'nosuch' });
    expect(r.line).toBe('deployment web has no replica "nosuch" (replicas: web-0, web-1, web-2, web-3, web-4, …)');
  });

  it('says so when the deployment lists no replicas at all', async () => {
    replicas = {};
    expect(await run('web', { replica: 'nosuch' })).toEqual({ code: 2, stdout: '', line: 'deployment web has no replica "nosuch" (the API lists no replicas for it)' });
  });

  it('a replica that is there but quiet prints nothing and exits 0', async () => {
    replicas = { 'web-a': [], 'web-b': ['two'] };
    expect(await run('web', { replica: 'web-a' })).toEqual({ code: 0, stdout: '', line: undefined });
    expect(await run('web', { replica: 'web-b' })).toEqual({ code: 0, stdout: 'two\n', line: undefined });
  });

  it('--follow says the same of an unknown replica', async () => {
    replicas = { 'web-a': ['one'] };
    expect(await run('web', { replica: 'nosuch', follow: true, interval: '50ms' })).toEqual({ code: 2, stdout: '', line: 'deployment web has no replica "nosuch" (replicas: web-a)' });
  });

  it('an unknown deployment is exit 2, as rollout says it', async () => {
    for (const follow of [false, true]) expect(await run('gone', { follow })).toEqual({ code: 2, stdout: '', line: 'deployment "gone" not found' });
  });

  it('a base URL without /v1 is named as such, not as a missing deployment', async () => {
    for (const replica of [undefined, 'web-a']) {
      const r = await run('web', { 'base-url': origin, replica });
      expect(r.code).toBe(2);
      expect(r.line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/deployments is not there \(404\): the base URL looks wrong; it should end with \/v1/);
    }
  });
});
