import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeployment, parseDeploymentList, parseDeploymentLogs } from '../../src/api/schema.js';
import { MAX_BODY_BYTES } from '../../src/api/guarded-fetch.js';
import { scenarioDurationMs, scenarioPeriodMs } from '../../src/sim/scenarios.js';
import { startSimulator, SCENARIOS, type FaultMode, type Simulator, type SimulatorOptions } from '../../src/sim/server.js';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const AUTH = { Authorization: 'Bearer sim-key' };

let sim: Simulator | undefined;
let clock = T0;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  clock = T0;
  sim = await startSimulator({ port: 0, now: () => clock, ...opts });
  return sim;
}

function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim!.url}${path}`, { ...init, headers: { ...AUTH, ...init.headers } });
}

async function json(path: string): Promise<unknown> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.json();
}

const controlUrl = () => `${sim!.url.replace(/\/v1$/, '')}/_sim/faults`;

function control(body: unknown): Promise<Response> {
  return fetch(controlUrl(), { method: 'POST', body: JSON.stringify(body) });
}

describe('simulator HTTP API', () => {
  it('listens on 127.0.0.1 and returns the /v1 base URL', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/v1`);
    expect(s.port).toBeGreaterThan(0);
    expect(SCENARIOS.map((x) => x.name)).toContain('rollout');
  });

  it('answers 401 with an error body without a bearer token, 200 with any', async () => {
    await start();
    for (const headers of [{}, { Authorization: 'Bearer ' }, { Authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await fetch(`${sim!.url}/deployments`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ error: { message: expect.stringContaining('Bearer'), type: 'authentication_error' } });
    }
    const res = await get('/deployments');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('counts the API requests it answered, not the control ones', async () => {
    await start();
    await get('/deployments');
    await get('/deployments/rollout');
    await control({ mode: 'none' });
    const stats = await fetch(`${sim!.url.replace(/\/v1$/, '')}/_sim/stats`);
    expect(await stats.json()).toEqual({ requests: 2, queueRequests: 0 });
  });

  it('lists every hosted deployment; default is rollout', async () => {
    await start();
    expect(parseDeploymentList(await json('/deployments')).data.map((d) => d.name)).toEqual(['rollout']);
    await sim!.close();
    await start({ scenarios: ['steady', 'scale', 'steady'] });
    const list = (await json('/deployments')) as { object: string };
    expect(list.object).toBe('list');
    expect(parseDeploymentList(list).data.map((d) => d.name)).toEqual(['steady', 'scale']);
  });

  it('resolves a deployment by id and by name; 404s an unknown one with the error shape', async () => {
    await start({ scenarios: ['rollout', 'steady'] });
    const byName = parseDeployment(await json('/deployments/rollout'));
    expect(byName.name).toBe('rollout');
    expect(parseDeployment(await json(`/deployments/${byName.id}`))).toEqual(byName);
    const res = await get('/deployments/x');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'deployment "x" not found', type: 'not_found_error' } });
  });

  it('404s unknown paths and 405s other methods', async () => {
    await start();
    for (const path of ['/models', '/deployments/rollout/events', '/deployments/rollout/logs/more']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
    }
    const res = await get('/deployments/rollout', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/GET/);
  });

  it('advances the scenario with the injected clock, times the speed', async () => {
    await start({ speed: 10 });
    expect(parseDeployment(await json('/deployments/rollout')).status).toBe('Updating');
    clock = T0 + scenarioDurationMs('rollout') / 10;
    expect(parseDeployment(await json('/deployments/rollout'))).toMatchObject({ status: 'Ready', ready_replicas: 3 });
  });

  it('holds the final state, or loops with --loop', async () => {
    await start({ speed: 10 });
    clock = T0 + (scenarioPeriodMs('rollout') + 1_000) / 10;
    expect(parseDeployment(await json('/deployments/rollout')).status).toBe('Ready');
    await sim!.close();
    await start({ speed: 10, loop: true });
    const first = parseDeployment(await json('/deployments/rollout'));
    clock = T0 + (scenarioPeriodMs('rollout') + 1_000) / 10;
    const again = parseDeployment(await json('/deployments/rollout'));
    expect(again.status).toBe('Updating');
    expect(again.image).not.toBe(first.image);
  });

  it('serves logs, filtered by replica_id', async () => {
    await start({ scenarios: ['steady'] });
    clock = T0 + 60_000;
    const all = parseDeploymentLogs(await json('/deployments/steady/logs')).lines;
    const names = Object.keys(parseDeployment(await json('/deployments/steady')).replica_events ?? {});
    expect(new Set(all.map((l) => /^\[([^\]]+)\]/.exec(l)?.[1]))).toEqual(new Set(names));
    const one = parseDeploymentLogs(await json(`/deployments/steady/logs?replica_id=${encodeURIComponent(names[1]!)}`)).lines;
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((l) => /^\d{4}-\d\d-\d\dT/.test(l))).toBe(true);
    const mine = all.filter((l) => l.startsWith(`[${names[1]}] `)).map((l) => l.slice(names[1]!.length + 3));
    expect(one.slice(-mine.length)).toEqual(mine);
  });

  it('rejects bad options', async () => {
    await expect(startSimulator({ scenarios: ['nope'] })).rejects.toThrow(/unknown scenario "nope"; known: steady, rollout, crashloop, scale/);
    await expect(startSimulator({ speed: 0 })).rejects.toThrow(/speed/);
    await expect(startSimulator({ failRate: 2 })).rejects.toThrow(/failRate/);
  });
});

describe('simulator faults', () => {
  it('error500 for `count` requests, then normal again', async () => {
    await start();
    sim!.setFault({ mode: 'error500', count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/deployments/rollout')).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('rate-limit answers 429 with Retry-After and the error body', async () => {
    await start({ fault: { mode: 'rate-limit', retryAfterSeconds: 7 } });
    const res = await get('/deployments');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: { message: expect.stringContaining('rate limit'), type: 'rate_limit_error' } });
  });

  it('unauthorized answers 401 even with a key', async () => {
    await start({ fault: { mode: 'unauthorized', count: 1 } });
    expect((await get('/deployments')).status).toBe(401);
    expect((await get('/deployments')).status).toBe(200);
  });

  it('garbage answers 200 with bodies our parsers refuse', async () => {
    await start();
    sim!.setFault({ mode: 'garbage', count: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await get('/deployments/rollout');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(() => parseDeployment(JSON.parse(text))).toThrow();
    }
    expect(parseDeployment(await json('/deployments/rollout')).name).toBe('rollout');
  });

  it('reset destroys the socket', async () => {
    await start({ fault: { mode: 'reset', count: 1 } });
    await expect(get('/deployments')).rejects.toThrow(TypeError);
    expect((await get('/deployments')).status).toBe(200);
  });

  it('hang never answers: the client times out, and close() still returns promptly', async () => {
    await start({ fault: { mode: 'hang', count: 2 } });
    await expect(get('/deployments', { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    const hanging = get('/deployments').catch((e: unknown) => e);
    // The second hang uses the fault up: once it reads none, that request is being held.
    await expect.poll(async () => (await fetch(controlUrl())).json()).toEqual({ fault: { mode: 'none' } });
    const began = performance.now();
    await sim!.close();
    expect(performance.now() - began).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(TypeError);
  });

  it('slow answers after delayMs', async () => {
    await start({ fault: { mode: 'slow', delayMs: 150, count: 1 } });
    const began = performance.now();
    expect((await get('/deployments')).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('failRate answers a fraction of API requests with 500 (never the control endpoint)', async () => {
    await start({ failRate: 0.5, random: () => 0.25 });
    expect((await get('/deployments')).status).toBe(500);
    expect((await fetch(controlUrl())).status).toBe(200);
  });

  it('is set at runtime through POST /_sim/faults, without auth', async () => {
    await start();
    const res = await control({ mode: 'rate-limit', count: 1, retryAfterSeconds: 3 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ fault: { mode: 'rate-limit', count: 1, retryAfterSeconds: 3 } });
    expect((await get('/deployments')).status).toBe(429);
    expect((await get('/deployments')).status).toBe(200);
    const bad = await control({ mode: 'meteor' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/mode/);
    const notJson = await fetch(controlUrl(), { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(controlUrl(), { method: 'PUT', body: '{}' })).status).toBe(405);
  });
});

/** A GET read with node:http, so a body cut short is seen as bytes, not as a fetch error. */
function raw(path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${sim!.url}${path}`, { headers: AUTH }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), complete: res.complete }));
    });
    req.on('error', reject);
  });
}

type Wire = Record<string, unknown> & { replica_events: unknown; description: unknown };

describe('simulator faults for issue 7', () => {
  it.each([502, 503, 504])('error%i answers that status with a proxy HTML page', async (status) => {
    await start({ fault: { mode: `error${status}` as FaultMode, count: 1 } });
    const res = await get('/deployments/rollout');
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toMatch(new RegExp(`^<html>[\\s\\S]*<title>${status} [\\s\\S]*nginx[\\s\\S]*</html>`));
    expect((await get('/deployments/rollout')).status).toBe(200);
  });

  it('truncated: a Content-Length the body never reaches, then an honestly framed half; both cut mid-JSON', async () => {
    await start({ fault: { mode: 'truncated', count: 2 } });
    const lying = await raw('/deployments/rollout');
    const honest = await raw('/deployments/rollout');
    const whole = (await raw('/deployments/rollout')).body;
    expect(lying).toMatchObject({ status: 200, complete: false });
    expect(Number(lying.headers['content-length'])).toBe(Buffer.byteLength(whole));
    expect(honest).toMatchObject({ status: 200, complete: true });
    expect(Number(honest.headers['content-length'])).toBe(Buffer.byteLength(honest.body));
    for (const cut of [lying.body, honest.body]) {
      expect(cut.length).toBeGreaterThan(0);
      expect(whole.startsWith(cut) && cut.length < whole.length).toBe(true);
      expect(() => JSON.parse(cut)).toThrow();
    }
  });

  it('not-found: 404 with the error body for the deployment and its logs, an empty list; back when the count runs out', async () => {
    await start({ fault: { mode: 'not-found', count: 3 } });
    const res = await get('/deployments/rollout');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'deployment "rollout" not found', type: 'not_found_error' } });
    expect((await get('/deployments/rollout/logs')).status).toBe(404);
    expect(await json('/deployments')).toEqual({ object: 'list', data: [] });
    expect(parseDeployment(await json('/deployments/rollout')).name).toBe('rollout');
  });

  it('redirect: 302 to the same path on another origin, which answers without the fault', async () => {
    await start({ fault: { mode: 'redirect' } });
    const res = await get('/deployments/rollout?x=1', { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).not.toBe(new URL(sim!.url).origin);
    expect(location.hostname).toBe('127.0.0.1');
    expect(location.pathname + location.search).toBe('/v1/deployments/rollout?x=1');
    const there = await fetch(location, { headers: AUTH });
    expect(parseDeployment(await there.json()).name).toBe('rollout');
    // fetch drops the key when it follows a redirect to another origin: the other side sees no key.
    expect((await get('/deployments/rollout')).status).toBe(401);
  });

  it('huge: a valid deployment of about 10 MB', async () => {
    await start({ fault: { mode: 'huge', count: 2 } });
    const text = await (await get('/deployments/rollout')).text();
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    const d = parseDeployment(JSON.parse(text));
    expect(Object.keys(d.replica_events ?? {}).length).toBeGreaterThan(1_000);
    expect(parseDeploymentList(await json('/deployments')).data[0]!.name).toBe('rollout');
  });

  it('long-strings: a 3 MB description and replica message, new each answer, in bodies under the client\'s 8 MB cap; 200 KB log lines', async () => {
    await start({ fault: { mode: 'long-strings' } });
    const text = await (await get('/deployments/rollout')).text();
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_BODY_BYTES);
    const a = JSON.parse(text) as Wire;
    const b = (await json('/deployments/rollout')) as Wire;
    expect((a.description as string).length).toBe(3 * 1024 * 1024);
    expect(a.description).not.toBe(b.description);
    const messages = Object.values(a.replica_events as Record<string, { replica_status_message?: string }>).map((e) => e.replica_status_message?.length ?? 0);
    expect(Math.max(...messages)).toBe(3 * 1024 * 1024);
    expect(Buffer.byteLength(await (await get('/deployments')).text())).toBeLessThan(MAX_BODY_BYTES);
    const lines = ((await json('/deployments/rollout/logs')) as { lines: string[] }).lines;
    expect(lines.filter((l) => l.length === 200 * 1024).length).toBeGreaterThanOrEqual(20);
  });

  it('drift: a different departure from the description in each answer, every one still JSON', async () => {
    await start({ fault: { mode: 'drift' } });
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push((await json('/deployments/rollout')) as Wire);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(4);
    expect(bodies.map((b) => b.status)).toEqual(['Degraded', null, 'ready', bodies[3]!.status]);
    expect(bodies[0]!.replica_events).toBeNull();
    expect(bodies[1]!.replica_events).toEqual([]);
    expect(bodies[1]).not.toHaveProperty('created_at');
    expect(bodies[0]!.ready_replicas).toBe(-3);
    expect(bodies[1]!.desired_replicas).toBe(1e15);
    expect(bodies[0]!.created_at).toBe('yesterday');
    expect(bodies[0]!.region).toBe('us-east-1');
    expect((bodies[3]!.replica_events as Record<string, unknown>)['replica-null']).toBeNull();
    const logs = [];
    for (let i = 0; i < 3; i++) logs.push(((await json('/deployments/rollout/logs')) as { lines: unknown }).lines);
    expect(logs[0]).toBeNull();
    expect(logs[2]).toBeTypeOf('string');
  });

  it('echo-key: the Authorization header in an error body, then in the description, a replica message and a log line', async () => {
    await start({ fault: { mode: 'echo-key' } });
    const error = await get('/deployments/rollout');
    expect(error.status).toBe(500);
    expect(await error.text()).toContain('Bearer sim-key');
    const d = (await json('/deployments/rollout')) as Wire;
    expect(d.description).toContain('Authorization: Bearer sim-key');
    expect(JSON.stringify(d.replica_events)).toContain('Bearer sim-key');
    expect((await get('/deployments/rollout/logs')).status).toBe(500);
    const lines = ((await json('/deployments/rollout/logs')) as { lines: string[] }).lines;
    expect(lines.at(-1)).toContain('Authorization: Bearer sim-key');
  });

  it('hostile-names: replicas named after Object.prototype keys, own keys on the wire, in the logs and by replica_id', async () => {
    await start({ scenarios: ['steady'], fault: { mode: 'hostile-names' } });
    clock = T0 + 60_000;
    const text = await (await get('/deployments/steady')).text();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(text).toContain(`"${name}":{"image"`);
    const all = ((await json('/deployments/steady/logs')) as { lines: string[] }).lines;
    expect(all.some((l) => l.startsWith('[__proto__] '))).toBe(true);
    const one = ((await json('/deployments/steady/logs?replica_id=__proto__')) as { lines: string[] }).lines;
    expect(one.length).toBeGreaterThan(0);
    expect(all.filter((l) => l.startsWith('[__proto__] ')).map((l) => l.slice('[__proto__] '.length))).toEqual(one.slice(-all.filter((l) => l.startsWith('[__proto__] ')).length));
  });
});
