import { describe, expect, it } from 'vitest';
import { BEGIN_SYNC, END_SYNC, SMALL_UPDATE_BYTES, syncSmallUpdatesBare } from '../../src/ui/sync-output.js';

/** A stream's write that records each call. */
function recorder() {
  const calls: unknown[][] = [];
  const write = syncSmallUpdatesBare((...args: unknown[]) => {
    calls.push(args);
    return true;
  });
  return { calls, write };
}

describe('synchronized-output markers', () => {
  it('sends a small one-write update bare', () => {
    const { calls, write } = recorder();
    write(BEGIN_SYNC);
    write('\x1b[113G5');
    write(END_SYNC);
    expect(calls).toEqual([['\x1b[113G5']]);
  });

  it('keeps the markers around a large update, all in one write', () => {
    const { calls, write } = recorder();
    const frame = 'x'.repeat(SMALL_UPDATE_BYTES + 1);
    write(BEGIN_SYNC);
    write(frame);
    write(END_SYNC);
    expect(calls).toEqual([[BEGIN_SYNC + frame + END_SYNC]]);
  });

  it('keeps the markers around an update made of several writes (erase, then redraw)', () => {
    const { calls, write } = recorder();
    write(BEGIN_SYNC);
    write('\x1b[2K');
    write('frame');
    write(END_SYNC);
    expect(calls).toEqual([[`${BEGIN_SYNC}\x1b[2Kframe${END_SYNC}`]]);
  });

  it('sends nothing for an update with nothing in it', () => {
    const { calls, write } = recorder();
    write(BEGIN_SYNC);
    write('');
    write(END_SYNC);
    expect(calls).toEqual([]);
  });

  it('passes other writes through in order, and a write with a callback is not held back', () => {
    const { calls, write } = recorder();
    const done = () => {};
    write('plain');
    write(BEGIN_SYNC);
    write('held');
    write('', done);
    write(END_SYNC);
    expect(calls).toEqual([['plain'], [`${BEGIN_SYNC}held`], ['', done], [END_SYNC]]);
  });

  it('never keeps an unfinished update: what was held goes out at the end of the tick', async () => {
    const { calls, write } = recorder();
    write(BEGIN_SYNC);
    write('half');
    await Promise.resolve();
    expect(calls).toEqual([[`${BEGIN_SYNC}half`]]);
  });
});
