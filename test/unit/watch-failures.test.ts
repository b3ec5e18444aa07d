import { describe, expect, it } from 'vitest';
import { rememberCauses, withReason } from '../../src/watch/failures.js';
import { deployment, replica } from '../helpers/fixtures.js';

const crashed = replica({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', replica_ready_since: undefined });
const backingOff = replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 40s restarting failed container', replica_ready_since: undefined });
const with1 = (ev: typeof crashed) => deployment({ replica_events: { a: ev, b: replica() } });

describe('rememberCauses', () => {
  it('remembers the crash message through the back-off that follows it', () => {
    const afterCrash = rememberCauses(new Map(), with1(crashed));
    expect(afterCrash).toEqual(new Map([['a', 'Error: CUDA out of memory']]));
    expect(rememberCauses(afterCrash, with1(backingOff))).toEqual(new Map([['a', 'Error: CUDA out of memory']]));
  });

  it('knows no cause for a back-off it never saw crash', () => {
    expect(rememberCauses(new Map(), with1(backingOff))).toEqual(new Map());
  });

  it('forgets a replica that recovers or goes away', () => {
    const known = new Map([['a', 'Error: CUDA out of memory']]);
    expect(rememberCauses(known, with1(replica()))).toEqual(new Map());
    expect(rememberCauses(known, deployment({ replica_events: { b: replica() } }))).toEqual(new Map());
  });

  it('returns the same object when nothing changed', () => {
    const known = rememberCauses(new Map(), with1(crashed));
    expect(rememberCauses(known, with1(backingOff))).toBe(known);
  });
});

describe('withReason', () => {
  it('prefixes the reason once', () => {
    expect(withReason('Error', 'CUDA out of memory')).toBe('Error: CUDA out of memory');
    expect(withReason('Error', 'Error: CUDA out of memory')).toBe('Error: CUDA out of memory');
    expect(withReason(undefined, 'boom')).toBe('boom');
  });
});
