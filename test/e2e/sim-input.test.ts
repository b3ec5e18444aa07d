// Bad `sim` and `demo` input through the built CLI: one line on stderr naming the flag, exit 2, no stack.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, baseEnv, startSim, type SimProcess } from '../helpers/pty.js';

let running: SimProcess;

beforeAll(async () => {
  running = await startSim(['--scenario', 'steady']);
});
afterAll(async () => {
  await running.stop();
});

function depwatch(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: baseEnv(), timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('bad sim/demo input', () => {
  it.each([
    [['sim', '--port', '99999'], '--port: expected a whole number from 0 to 65535'],
    [['sim', '--port', '-1'], '--port: expected a whole number from 0 to 65535'],
    [['sim', '--port', 'abc'], '--port: expected a whole number from 0 to 65535'],
    [['sim', '--speed', '0'], '--speed: expected a number greater than 0'],
    [['sim', '--speed', '-1'], '--speed: expected a number greater than 0'],
    [['sim', '--speed', 'abc'], '--speed: expected a number greater than 0'],
    [['sim', '--fail-rate', '2'], '--fail-rate: expected a fraction from 0 to 1'],
    [['sim', '--fault', 'meteor'], '--fault: expected MODE or MODE:COUNT'],
    [['sim', '--deployments', '0'], '--deployments: expected a whole number from 1 to 5000'],
    [['demo', '--speed', '0'], '--speed: expected a number greater than 0'],
    [['demo', '--speed', 'abc'], '--speed: expected a number greater than 0'],
  ])('depwatch %j says one line and exits 2', (args, message) => {
    const r = depwatch(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${r.stderr.split('\n')[0]}\n`);
    expect(r.stderr).toContain(`depwatch: ${message}`);
  });

  it('a port in use says so in one line and exits 2', () => {
    const port = new URL(running.url).port;
    const r = depwatch(['sim', '--port', port]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`depwatch: --port: ${port} is already in use; pick another port, or 0 for a free one\n`);
  });
});
