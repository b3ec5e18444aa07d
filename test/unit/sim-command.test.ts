import { afterEach, describe, expect, it } from 'vitest';
import { checkSpeed, startSim, type SimArgs } from '../../src/commands/sim.js';
import { ConfigError } from '../../src/config.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';

const GOOD: SimArgs = { port: 0, scenario: ['steady'], speed: 1, loop: false, 'fail-rate': 0 };
const opened: Simulator[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe('depwatch sim flags', () => {
  it.each([
    [{ port: 99_999 }, /^--port: expected a whole number from 0 to 65535 \(0 picks a free port\), got 99999$/],
    [{ port: -1 }, /^--port: .* got -1$/],
    [{ port: Number.NaN }, /^--port: .* got something that is not a number$/],
    [{ port: 80.5 }, /^--port: .* got 80.5$/],
    [{ speed: 0 }, /^--speed: expected a number greater than 0 .* got 0$/],
    [{ speed: -1 }, /^--speed: .* got -1$/],
    [{ speed: Number.NaN }, /^--speed: .* got something that is not a number$/],
    [{ speed: Number.POSITIVE_INFINITY }, /^--speed: .* got Infinity$/],
    [{ port: '' }, /^--port: .* got ""$/],
    [{ port: '80x' }, /^--port: .* got "80x"$/],
    [{ 'fail-rate': 2 }, /^--fail-rate: expected a fraction from 0 to 1 .* got 2$/],
    [{ 'fail-rate': -0.1 }, /^--fail-rate: /],
    [{ fault: 'meteor' }, /^--fault: expected MODE or MODE:COUNT with MODE one of none, .* got "meteor"$/],
    [{ fault: 'drift:0' }, /^--fault: COUNT must be a whole number ≥ 1/],
    [{ deployments: 0 }, /^--deployments: expected a whole number from 1 to 5000, got 0$/],
    [{ deployments: 5_001 }, /^--deployments: .* got 5001$/],
    [{ deployments: 2.5 }, /^--deployments: .* got 2.5$/],
    [{ deployments: Number.NaN }, /^--deployments: .* got something that is not a number$/],
    [{ deployments: 10, replicas: 0 }, /^--replicas: expected a whole number from 1 to 5000, got 0$/],
    [{ deployments: 10, replicas: 5_001 }, /^--replicas: .* got 5001$/],
    [{ replicas: 10 }, /^--replicas: only means something with --deployments N/],
    [{ deployments: 1_000, replicas: 1_000 }, /^--deployments 1000 × --replicas 1000: at most 500000 in all/],
  ] as [Partial<SimArgs>, RegExp][])('%j is one line naming the flag, exit code 2', async (bad, message) => {
    const error = await startSim({ ...GOOD, ...bad }).then((s) => { opened.push(s); return undefined; }, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('a port in use is one line, exit code 2', async () => {
    const taken = await startSimulator({ port: 0 });
    opened.push(taken);
    await expect(startSim({ ...GOOD, port: taken.port })).rejects.toThrow(new ConfigError(`--port: ${taken.port} is already in use; pick another port, or 0 for a free one`));
  });

  it('starts with a fault in force from --fault MODE:COUNT', async () => {
    const sim = await startSim({ ...GOOD, fault: 'error503:1' });
    opened.push(sim);
    const headers = { Authorization: 'Bearer k' };
    expect((await fetch(`${sim.url}/deployments`, { headers })).status).toBe(503);
    expect((await fetch(`${sim.url}/deployments`, { headers })).status).toBe(200);
  });

  it('--deployments N --replicas M serves N generated deployments, after any --scenario, the biggest with M replicas', async () => {
    const headers = { Authorization: 'Bearer k' };
    const names = async (args: Partial<SimArgs>) => {
      const sim = await startSim({ ...GOOD, ...args });
      opened.push(sim);
      const list = (await (await fetch(`${sim.url}/deployments`, { headers })).json()) as { data: { name: string; desired_replicas: number }[] };
      return list.data;
    };
    const alone = await names({ scenario: undefined, deployments: 6, replicas: 7 });
    expect(alone).toHaveLength(6);
    expect(Math.max(...alone.map((d) => d.desired_replicas))).toBe(7);
    expect((await names({ scenario: ['steady', 'crashloop'], deployments: 3 })).map((d) => d.name).slice(0, 2)).toEqual(['steady', 'crashloop']);
    expect(await names({ scenario: ['steady'], deployments: 3 })).toHaveLength(4);
  });

  it('checkSpeed (demo --speed too) passes a positive number through', () => {
    expect(checkSpeed(2.5)).toBe(2.5);
    expect(() => checkSpeed('fast')).toThrow(/^--speed: .* got "fast"$/);
  });
});
