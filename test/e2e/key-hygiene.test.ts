// The built CLI against a hostile server that echoes the Authorization header back everywhere it
// can: the key, and every 8-character piece of it, must appear in no stdout, stderr or screen.
// And every configuration mistake is one line and exit code 2, before any request.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PtyRun, runCli, type CliResult } from '../helpers/pty.js';

const KEY = 'sk-test-DEPWATCH-SECRET-0123456789abcdef';
const PIECES = Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8));

let server: Server;
let base: string;
let origin: string;
const requests: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A deployment that carries whatever it was sent, in its description and a replica's message. */
function echoing(name: string, auth: string) {
  return {
    id: `dep-${name}`,
    name,
    status: 'Ready',
    description: `echo ${auth}`,
    desired_replicas: 1,
    ready_replicas: 0,
    replica_events: {
      [`${name}-r1`]: { replica_status: 'CrashLoopBackOff', replica_status_reason: 'Error', replica_status_message: `token ${auth} refused`, revision_id: 'rev1' },
    },
  };
}

function hostile(req: IncomingMessage, res: ServerResponse) {
  const auth = req.headers.authorization ?? '';
  const url = req.url ?? '';
  requests.push(url);
  if (url === '/v1/deployments') return send(res, 200, { object: 'list', data: [echoing('echo', auth)] });
  if (url === '/v1/deployments/echo') return send(res, 200, echoing('echo', auth));
  if (url.startsWith('/v1/deployments/echo/logs')) return send(res, 200, { lines: [`Authorization: ${auth}`, `starting with key=${auth.slice(7)}`] });
  if (url === '/v1/deployments/e401') return send(res, 401, { error: { message: `invalid key ${auth}`, type: 'auth' } });
  if (url === '/v1/deployments/e401-text') return send(res, 401, `denied: ${auth}`, 'text/plain');
  // The key straddles the 60-character cut of an error excerpt.
  if (url === '/v1/deployments/e500') return send(res, 500, `${'x'.repeat(45)}${auth} failed`, 'text/plain');
  if (url === '/v1/deployments/moved') {
    res.writeHead(302, { location: 'http://127.0.0.2:9/v1/deployments/moved' });
    return res.end();
  }
  return send(res, 404, { error: { message: 'no route', type: 'not_found' } });
}

beforeAll(async () => {
  server = createServer(hostile);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Result = CliResult;

/** The built CLI, not on a terminal, with the fake key in its environment. */
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<Result> => runCli(args, { TOGETHER_API_KEY: KEY, ...env });

function expectNoKey(text: string): void {
  for (const piece of PIECES) expect(text).not.toContain(piece);
}

/** One line, `depwatch: …`, and no stack trace. */
function expectOneLine(r: Result, code: number, message: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^depwatch: [^\n]+\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('the key goes nowhere', () => {
  it.each([
    [['status', 'echo'], 'echo Bearer ****'],
    [['status', 'echo', '--json'], '"description": "echo Bearer ****"'],
    [['list'], 'echo'],
    [['list', '--json'], '"description": "echo Bearer ****"'],
  ])('%j prints what the server echoed, without the key', async (args, shown) => {
    const r = await cli([...args, '--base-url', base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(shown);
    expectNoKey(r.stdout + r.stderr);
  });

  it.each([
    ['e401', 2, /authentication failed \(401\): invalid key Bearer \*\*\*\*/],
    ['e401-text', 2, /authentication failed \(401\)/],
    ['e500', 1, /server error \(500\): x+Bearer \*\*\*\*/],
  ])('an error body echoing the key (%s) is one line without it', async (name, code, message) => {
    const r = await cli(['status', name, '--base-url', base]);
    expectOneLine(r, code, message);
    expectNoKey(r.stderr);
  });

  it('a key given as the base URL is not echoed back', async () => {
    const r = await cli(['status', 'echo', '--base-url', KEY]);
    expectOneLine(r, 2, /--base-url: not a URL: "\*\*\*\*"/);
    expectNoKey(r.stderr);
  });

  it('a key from a key file is redacted too, however early the error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    const r = await cli(['status', `${KEY.slice(0, 30)}/x`, '--api-key-file', file, '--base-url', base], { TOGETHER_API_KEY: undefined });
    expectOneLine(r, 2, /deployment "\*\*\*\*\/x" may contain only/);
    expectNoKey(r.stderr);
  });

  it('the watch shows the echoed description, messages and logs without the key', async () => {
    const run = new PtyRun(['watch', 'echo', '--base-url', base, '--interval', '300ms'], { env: { TOGETHER_API_KEY: KEY } });
    try {
      await run.waitForText('echo Bearer ****');
      await run.waitForText('token Bearer **** refused');
      run.write('l');
      await run.waitForText('Authorization: Bearer ****');
      await run.waitForText('starting with key=****');
      expectNoKey(run.text());
      expectNoKey(run.raw);
      run.write('q');
      expect(await run.waitForExit()).toBe(0);
      expectNoKey(run.raw);
    } finally {
      run.kill('SIGKILL');
    }
  });
});

describe('configuration mistakes are one line and exit code 2, before any request', () => {
  beforeEach(() => {
    requests.length = 0;
  });

  it.each([
    [['status', '..'], /deployment "\.\." cannot be only dots/],
    [['status', '.'], /deployment "\." cannot be only dots/],
    [['status', 'a/b'], /deployment "a\/b" may contain only letters/],
    [['status', ''], /deployment "" is empty/],
    [['status', 'x'.repeat(300)], /longer than 100 characters/],
    [['status', 'echo', '--base-url', 'http://example.com/v1'], /--base-url: plain http:\/\/ would send the API key in clear text to example\.com; use https:\/\/, or --insecure-http/],
    [['list', '--base-url', 'BASE?x=1'], /--base-url: no query string or fragment allowed/],
    [['list', '--base-url', 'BASE#frag'], /--base-url: no query string or fragment allowed/],
    [['status', 'echo', '--api-key-file', '/dev/zero', '--base-url', 'BASE'], /--api-key-file: \/dev\/zero is not a regular file/],
  ])('%j', async (args, message) => {
    const r = await cli(args.map((a) => a.replace('BASE', base)));
    expectOneLine(r, 2, message);
    expect(requests).toEqual([]);
  });

  it('--interval below 250ms against a real API', async () => {
    const run = new PtyRun(['watch', 'echo', '--base-url', 'https://api.example.invalid/v1', '--interval', '1ms'], { env: { TOGETHER_API_KEY: KEY } });
    expect(await run.waitForExit()).toBe(2);
    expect(run.text().trim()).toMatch(/^depwatch: --interval: at least 250ms against a real API \(got 1ms\); only a loopback base URL may poll faster$/);
  });

  it('a base URL without /v1 is named as such, not as a missing deployment', async () => {
    for (const args of [['status', 'echo'], ['list'], ['logs', 'echo'], ['logs', 'echo', '--replica', 'echo-1'], ['rollout', 'echo']]) {
      const r = await cli([...args, '--base-url', origin]);
      expectOneLine(r, 2, new RegExp(`^depwatch: ${origin}/deployments is not there \\(404\\): the base URL looks wrong; it should end with /v1`));
    }
    // On a terminal too: the watch of one deployment, and the deployments list.
    for (const args of [['watch', 'echo'], []]) {
      const run = new PtyRun([...args, '--base-url', origin], { cols: 200, env: { TOGETHER_API_KEY: KEY } });
      expect(await run.waitForExit()).toBe(2);
      expect(run.text().trim()).toBe(`depwatch: ${origin}/deployments is not there (404): the base URL looks wrong; it should end with /v1, like https://api.together.ai/v1`);
    }
  });

  it('a deployment that is not there is still "not found" when the base URL is right', async () => {
    expectOneLine(await cli(['status', 'gone', '--base-url', base]), 2, /^depwatch: deployment "gone" not found\n$/);
  });

  it('a redirect to another origin is reported, not followed', async () => {
    expectOneLine(await cli(['status', 'moved', '--base-url', base]), 1, /^depwatch: redirected to http:\/\/127\.0\.0\.2:9 \(not followed\)\n$/);
  });

  it('a key file others can read is a warning, not an error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, `${KEY}\n`);
    chmodSync(file, 0o644);
    const r = await cli(['status', 'echo', '--api-key-file', file, '--base-url', base], { TOGETHER_API_KEY: undefined });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`depwatch: warning: ${file} is readable by others (mode 0644); chmod 600 ${file}\n`);
    expectNoKey(r.stdout + r.stderr);
  });
});
