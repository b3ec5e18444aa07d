// When a command that waits gives up on a base URL where nothing answers (unreachable.ts).
import { describe, expect, it } from 'vitest';
import { unansweredGuard } from '../../src/commands/unreachable.js';
import type { SnapshotError } from '../../src/watch/types.js';

const BASE = 'http://127.0.0.1:4010/v1';
const refused: SnapshotError = { kind: 'network', message: 'connection refused', unreached: true };
const notFound: SnapshotError = { kind: 'network', message: 'host not found', unreached: true };
const reset: SnapshotError = { kind: 'network', message: 'connection reset' };
const timedOut: SnapshotError = { kind: 'timeout', message: 'request timed out' };
const proxy503: SnapshotError = { kind: 'server', message: 'server error (503)', status: 503 };
const garbage: SnapshotError = { kind: 'invalid-response', message: 'the server sent something that is not JSON: <html>' };

/** Feeds the guard each poll's outcome (undefined: a good answer) a second apart; the index it gave up at, and its line. */
function run(outcomes: (SnapshotError | undefined)[]) {
  let t = 1_000_000;
  const guard = unansweredGuard(BASE, { now: () => t });
  for (const [i, outcome] of outcomes.entries()) {
    t += 1_000;
    const gaveUp = guard(outcome);
    if (gaveUp) return { at: i, message: gaveUp.message, exitCode: gaveUp.exitCode };
  }
  return undefined;
}

describe('giving up on a base URL where nothing answers', () => {
  it('gives up at the third attempt nobody answered, with one line naming where, why and how long, exit 4', () => {
    expect(run([refused, refused, refused, refused])).toEqual({
      at: 2,
      message: `could not reach the API at ${BASE}: connection refused (3 attempts in 3s); check --base-url (or TOGETHER_BASE_URL) and the network`,
      exitCode: 4,
    });
  });

  it('counts every failure that reached no server, the last one giving the reason', () => {
    expect(run([refused, notFound, notFound])?.message).toMatch(/: host not found \(3 attempts in 3s\)/);
  });

  it('a reset or a timed-out request is neither counted nor an answer: something may be there (a load balancer resetting, a slow API)', () => {
    expect(run([reset, timedOut, reset, timedOut, reset, timedOut])).toBeUndefined();
    expect(run([refused, reset, refused, timedOut, refused])?.at).toBe(4);
  });

  it('never gives up once the API has answered, however long it fails after', () => {
    expect(run([undefined, ...Array<SnapshotError>(50).fill(refused)])).toBeUndefined();
  });

  it.each([
    ['a proxy 503', proxy503],
    ['something that is not the API', garbage],
  ])('an answer that is an error (%s) still counts as something answering: retried as long as the command waits', (_, answer) => {
    expect(run([refused, answer, refused, refused, refused, refused])).toBeUndefined();
  });
});
