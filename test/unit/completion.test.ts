// The answers behind <TAB>, against the simulator in-process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli-options.js';
import { complete } from '../../src/commands/completion.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenarios: ['steady', 'rollout', 'crashloop'] });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.setFault({ mode: 'none' });
  vi.unstubAllEnvs();
});

function withKey() {
  vi.stubEnv('TOGETHER_BASE_URL', sim.url);
  vi.stubEnv('TOGETHER_API_KEY', 'tk-completion-test');
}

const requests = async () => ((await (await fetch(sim.url.replace(/\/v1$/, '/_sim/stats'))).json()) as { requests: number }).requests;

describe('completing where a deployment goes', () => {
  it('bare depwatch offers the commands and the deployments, never a literal $0', async () => {
    withKey();
    const offered = await complete(['depwatch', '']);
    expect(offered).toEqual([...COMMAND_NAMES, 'steady', 'rollout', 'crashloop']);
    expect(offered).not.toContain('$0');
  });

  it('status, logs and watch offer the deployment names, narrowed by what is typed', async () => {
    withKey();
    expect(await complete(['depwatch', 'status', ''])).toEqual(['steady', 'rollout', 'crashloop']);
    expect(await complete(['depwatch', 'logs', 'st'])).toEqual(['steady']);
    expect(await complete(['depwatch', 'watch', 'cr'])).toEqual(['crashloop']);
    expect(await complete(['depwatch', 's'])).toEqual(['status', 'sim', 'steady']);
  });

  it('honours --base-url and --api-key-file typed before the name', async () => {
    vi.stubEnv('TOGETHER_API_KEY', '');
    vi.stubEnv('TOGETHER_BASE_URL', 'http://127.0.0.1:9/v1');
    const dir = mkdtempSync(join(tmpdir(), 'depwatch-completion-'));
    writeFileSync(join(dir, 'key'), 'tk-from-file\n', { mode: 0o600 });
    expect(await complete(['depwatch', 'status', '--base-url', sim.url, '--api-key-file', join(dir, 'key'), 'st'])).toEqual(['steady']);
  });

  it('offers nothing once the deployment is named', async () => {
    withKey();
    expect(await complete(['depwatch', 'status', 'steady', ''])).toEqual([]);
    expect(await complete(['depwatch', 'steady', ''])).toEqual([]);
  });

  it('with no key, offers only the commands and asks the server nothing', async () => {
    vi.stubEnv('TOGETHER_BASE_URL', sim.url);
    vi.stubEnv('TOGETHER_API_KEY', '');
    const before = await requests();
    expect(await complete(['depwatch', ''])).toEqual(COMMAND_NAMES);
    expect(await complete(['depwatch', 'status', ''])).toEqual([]);
    expect(await requests()).toBe(before);
  });

  it.each([
    [{ mode: 'unauthorized' }],
    [{ mode: 'error500' }],
    [{ mode: 'garbage' }],
    [{ mode: 'reset' }],
  ] as const)('offers no names, and throws nothing, when the server fails: %j', async (fault) => {
    withKey();
    sim.setFault({ ...fault, count: 10 });
    expect(await complete(['depwatch', 'status', ''])).toEqual([]);
  });

  it('gives up on a server that does not answer after about 1.5 s', async () => {
    withKey();
    sim.setFault({ mode: 'hang', count: 10 });
    const started = performance.now();
    expect(await complete(['depwatch', 'status', ''])).toEqual([]);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(2500);
  });

  it('offers nothing after a flag that takes a value (the shell completes file names)', async () => {
    withKey();
    expect(await complete(['depwatch', 'status', '--api-key-file', ''])).toEqual([]);
  });
});

describe('completing flags', () => {
  it('offers each command its own flags, --no- forms of those on by default, none already given', async () => {
    expect(await complete(['depwatch', 'status', '--'])).toEqual(['--base-url', '--api-key-file', '--request-timeout', '--insecure-http', '--json', '--help']);
    expect(await complete(['depwatch', 'list', '--j'])).toEqual(['--json']);
    const watchFlags = await complete(['depwatch', 'steady', '--ascii', '--']);
    expect(watchFlags).toEqual(expect.arrayContaining(['--interval', '--no-color', '--no-alt-screen', '--base-url']));
    expect(watchFlags).not.toContain('--ascii');
    expect(watchFlags).not.toContain('--json');
  });

  it('leaves the simulator\'s and the demo\'s words to yargs', async () => {
    expect(await complete(['depwatch', 'sim', '--'])).toBeUndefined();
    expect(await complete(['depwatch', 'demo', '--scenario', ''])).toBeUndefined();
  });
});
