import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { trackTerminal } from '../../src/ui/terminal-guard.js';

const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
});

/** A terminal whose output goes to a file (the guard writes synchronously to the fd), and a keyboard in raw mode. */
function terminal() {
  const path = join(mkdtempSync(join(tmpdir(), 'guard-')), 'out');
  const fd = openSync(path, 'w');
  fds.push(fd);
  const stdout = { fd, write: (_chunk: unknown) => true } as unknown as NodeJS.WriteStream;
  const keyboard = { isTTY: true, isRaw: true, setRawMode: (raw: boolean) => { keyboard.isRaw = raw; } };
  const stdin = keyboard as unknown as NodeJS.ReadStream;
  const restore = trackTerminal(stdout, stdin);
  return { stdout, stdin, restore, written: () => readFileSync(path, 'utf8') };
}

describe('the last-resort terminal guard', () => {
  it('leaves an alternate screen still up, shows a hidden cursor and turns raw mode off', () => {
    const t = terminal();
    t.stdout.write('\x1b[?1049h\x1b[?25l\x1b[Hframe');
    t.restore();
    expect(t.written()).toBe('\x1b[?25h\x1b[?1049l');
    expect(t.stdin.isRaw).toBe(false);
  });

  it('writes nothing once the program has restored the terminal itself', () => {
    const t = terminal();
    t.stdout.write('\x1b[?1049h\x1b[?25l');
    t.stdout.write(Buffer.from('frame\x1b[?25h\x1b[?1049l'));
    t.restore();
    expect(t.written()).toBe('');
  });

  it('judges by the last switch: entered again after leaving is still in the alternate screen', () => {
    const t = terminal();
    t.stdout.write('\x1b[?1049h\x1b[?1049l');
    t.stdout.write('\x1b[?1049h');
    t.restore();
    t.restore(); // a second way out adds nothing
    expect(t.written()).toBe('\x1b[?1049l');
  });
});
