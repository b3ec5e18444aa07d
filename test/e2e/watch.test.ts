// The built CLI in a real pty against `depwatch sim`: what a person at the terminal sees.
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PtyRun, baseEnv, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'rollout', 'steady', 'crashloop', 'scale', '--speed', '6']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(async () => {
  await sim.fault({ mode: 'none' });
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function watch(args: string[], opts: ConstructorParameters<typeof PtyRun>[1] = {}): PtyRun {
  const run = new PtyRun(['watch', ...args, '--base-url', sim.url, '--interval', '300ms'], opts);
  runs.push(run);
  return run;
}

/** How many of the new revision's replicas the rollout line says are ready. */
function rolledIn(text: string): number | undefined {
  const m = /progressing \S+ ← .*· (\d)\/3 new ready/.exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('depwatch watch', () => {
  it('shows the deployment, follows the rollout, and q leaves the alternate screen with exit 0', async () => {
    const run = watch(['rollout']);
    await run.waitForText('rollout');
    await run.waitForText('Updating');
    expect(run.inAltScreen).toBe(true);
    // The new revision's replicas come up one by one; the screen follows.
    await run.waitForText(/ContainerCreating|InProgress/);
    // Ready counts of the new revision advance one by one as old replicas are replaced.
    await run.waitFor((t) => rolledIn(t) === 1, 'one new replica ready', 30_000);
    await run.waitFor((t) => rolledIn(t) === 2, 'two new replicas ready', 30_000);
    // The title line carries the status badge; the timeline below keeps the history.
    await run.waitFor(() => /Ready/.test(run.screen()[0]!), 'the rollout to finish', 30_000);
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });

  it('draws text that needs the full width rules (wide CJK, accents) and goes on polling', async () => {
    const run = watch(['scale'], { cols: 160, rows: 30 });
    await run.waitForText('日本語');
    expect(run.text()).toContain('café');
    await new Promise((resolve) => setTimeout(resolve, 700)); // a few more polls and frames
    expect(run.exitCode).toBeUndefined();
    const title = run.screen().find((l) => l.includes('日本語'))!;
    expect(title).toMatch(/^scale +dep-/);
  });

  it('lists a crash-looping replica first with its reason', async () => {
    const run = watch(['crashloop']);
    await run.waitForText('CrashLoopBackOff', 30_000);
    const lines = run.screen();
    const firstReplicaRow = lines.findIndex((l) => /^[ ›] crashloop-/.test(l));
    expect(lines[firstReplicaRow]).toMatch(/✖ (CrashLoopBackOff|Error|failing)/);
  });

  it('l shows the crash-looping replica\'s logs from the logs endpoint, with its traceback', async () => {
    const run = watch(['crashloop']);
    await run.waitForText('CrashLoopBackOff', 30_000);
    run.write('l');
    await run.waitForText(/── logs crashloop-\w+-\w+ \(1\/\d\)/);
    await run.waitForText('OutOfMemoryError', 20_000);
    expect(run.text()).not.toContain('REPLICA');
    run.write('l');
    await run.waitForText('REPLICA');
  });

  it('keeps the last data on screen under a banner when the API fails, and recovers', async () => {
    const run = watch(['steady']);
    await run.waitForText('3/3');
    await sim.fault({ mode: 'error500' });
    await run.waitForText(/server error \(500\)/);
    expect(run.text()).toContain('3/3');
    await sim.fault({ mode: 'none' });
    await run.waitFor((t) => !/server error \(500\)/.test(t.split('\n').slice(0, 6).join('\n')), 'the banner to clear', 40_000);
  });

  it('says it is connecting while the first answer is slow; q quits even then', async () => {
    await sim.fault({ mode: 'hang' });
    const run = watch(['steady', '--request-timeout', '20s']);
    await run.waitForText(/connecting to steady/);
    expect(run.inAltScreen).toBe(true);
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });

  it('a first answer that never comes is a timeout on screen, and data follows once the API answers', async () => {
    await sim.fault({ mode: 'hang' });
    const run = watch(['steady', '--request-timeout', '1500ms']);
    await run.waitForText(/connecting to steady/);
    await run.waitForText(/request timed out/);
    await sim.fault({ mode: 'none' });
    await run.waitForText('3/3', 20_000);
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
  });

  it('r polls now and p pauses', async () => {
    const run = watch(['steady']);
    await run.waitForText('3/3');
    run.write('p');
    await run.waitForText(/paused/i);
    run.write('p');
    await run.waitFor((t) => !/paused/i.test(t), 'resume');
  });

  it('says when the deployment does not exist, exit 2', async () => {
    const run = watch(['no-such-thing']);
    expect(await run.waitForExit()).toBe(2);
    expect(run.raw).toContain('deployment "no-such-thing" not found');
  });

  it('says when the key is refused, exit 2', async () => {
    await sim.fault({ mode: 'unauthorized' });
    const run = watch(['steady']);
    expect(await run.waitForExit()).toBe(2);
    expect(run.raw).toMatch(/authentication failed \(401\)/);
    expect(run.raw).not.toContain('tk-test-key-0123456789');
  });

  it('names both ways to give a key when there is none, exit 2', async () => {
    const run = watch(['steady'], { env: { TOGETHER_API_KEY: undefined } });
    expect(await run.waitForExit()).toBe(2);
    expect(run.raw).toMatch(/TOGETHER_API_KEY.*--api-key-file/);
  });
});

describe('depwatch with no deployment named, on a terminal', () => {
  it('lists the deployments; enter watches the selected one, Esc comes back, q quits', async () => {
    const run = new PtyRun([], { env: { TOGETHER_BASE_URL: sim.url } });
    runs.push(run);
    await run.waitForText(/4 deployments/);
    expect(run.inAltScreen).toBe(true);
    expect(run.screen().filter((l) => /^[› ][ ✔] \w/.test(l)).map((l) => l.slice(3).split(' ')[0]).sort()).toEqual(['NAME', 'crashloop', 'rollout', 'scale', 'steady']);
    run.write('s'); // by name
    run.write('G');
    await run.waitFor(() => run.screen().some((l) => l.startsWith('›  steady')), 'steady selected');
    run.write('\r');
    await run.waitFor(() => /^steady +dep-/.test(run.screen()[0] ?? ''), 'the watch of steady');
    await run.waitForText('REPLICA');
    run.write('\x1b');
    await run.waitFor(() => run.screen().some((l) => l.startsWith('›  steady')), 'the list again, steady still selected');
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });
});

describe('depwatch with no deployment named, when the key is refused', () => {
  it('says so and exits 2 rather than opening a list that cannot fill', async () => {
    await sim.fault({ mode: 'unauthorized' });
    const run = new PtyRun([], { env: { TOGETHER_BASE_URL: sim.url } });
    runs.push(run);
    expect(await run.waitForExit()).toBe(2);
    expect(run.raw).toMatch(/authentication failed \(401\).*TOGETHER_API_KEY/);
    expect(run.inAltScreen).toBe(false);
  });
});

describe('without a terminal', () => {
  const node = (args: string[], env: Record<string, string | undefined> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: baseEnv(env), timeout: 15_000 });

  it('watch points at status', () => {
    const r = node(['watch', 'steady', '--base-url', sim.url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/depwatch status steady/);
  });

  it('status prints a plain summary, and --json the parsed deployment', () => {
    const plain = node(['status', 'steady', '--base-url', sim.url]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/steady/);
    expect(plain.stdout).toMatch(/Ready/);
    const json = node(['status', 'steady', '--json', '--base-url', sim.url]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'steady', status: 'Ready', ready_replicas: 3 });
  });

  it('list prints every deployment a line each, and --json the parsed list', () => {
    const plain = node(['list', '--base-url', sim.url]);
    expect(plain.status).toBe(0);
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +ID +STATUS +READY +ROLLOUT +UPDATED +IMAGE$/);
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['crashloop', 'rollout', 'scale', 'steady']);
    expect(lines.find((l) => l.startsWith('steady'))).toMatch(/ Ready +3\/3 +stable /);
    const json = node(['list', '--json', '--base-url', sim.url]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).data.map((d: { name: string }) => d.name).sort()).toEqual(['crashloop', 'rollout', 'scale', 'steady']);
  });

  it('with no arguments (and no terminal) says what to type, exit 2', () => {
    const r = node([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/depwatch <deployment>.*depwatch list.*depwatch demo/);
  });

  it('an unknown flag is a usage error, exit 2, and nothing runs', () => {
    const r = node(['status', 'steady', '--bogus', '--base-url', sim.url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: bogus/);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['status', 'steady']],
    [['list']],
    [['logs', 'steady']],
    [['logs', 'steady', '--follow', '--interval', '100ms']],
  ])('%j says plainly when nothing answers at the base URL, exit 4', async (args) => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const base = `http://127.0.0.1:${port}/v1`;
    const r = node([...args, '--base-url', base]);
    expect(r.status).toBe(4);
    // --follow says it is retrying while it tries (a few attempts, as rollout).
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !/; retrying$/.test(l));
    expect(lines).toHaveLength(1);
    const tried = args.includes('--follow') ? ' \\(3 attempts in \\d+s\\)' : '';
    expect(lines[0]).toMatch(new RegExp(`^depwatch: could not reach the API at ${base.replace(/\./g, '\\.')}: connection refused${tried}; check --base-url \\(or TOGETHER_BASE_URL\\) and the network$`));
    expect(r.stdout).toBe('');
  });

  it('--help, --version and completion work', () => {
    expect(node(['--help']).stdout).toMatch(/watch <deployment\.\.>  +watch a deployment full-screen, or several side/);
    expect(node(['status', '--help']).stdout).toMatch(/--json/);
    expect(node(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(node(['completion']).stdout).toMatch(/depwatch/);
  });
});
