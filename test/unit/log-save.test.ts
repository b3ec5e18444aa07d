// Saving the logs pane's buffer: a new file each time (never over another), in the current
// directory or else the temporary one, plain sanitized lines under a header; failure as one line.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSecret, clearSecrets } from '../../src/redact.js';
import { saveLogs, saveNote, type LogSaveRequest } from '../../src/ui/log-save.js';
import { GAP_LINE } from '../../src/watch/log-merge.js';

const AT = Date.UTC(2026, 10, 29, 3, 12, 5);
const REQUEST: LogSaveRequest = { deployment: 'llama-chat', replica: 'llama-chat-rev-2-a', lines: ['one', 'two', GAP_LINE, 'three'], dropped: 1_234, at: AT };

let dir: string;
let tmp: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'depwatch-save-cwd-'));
  tmp = mkdtempSync(join(tmpdir(), 'depwatch-save-tmp-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  clearSecrets();
});

describe('saveLogs', () => {
  it('writes the lines under a header naming the deployment, replica and time, in the current directory', async () => {
    const r = await saveLogs(REQUEST, { cwd: dir, tmp });
    expect(r).toEqual({ ok: true, path: join(dir, 'depwatch-llama-chat-rev-2-a-20261129T031205Z.log'), shown: './depwatch-llama-chat-rev-2-a-20261129T031205Z.log', lines: 3 });
    expect(readFileSync(join(dir, 'depwatch-llama-chat-rev-2-a-20261129T031205Z.log'), 'utf8')).toBe([
      '# depwatch logs: deployment llama-chat, replica llama-chat-rev-2-a, saved 2026-11-29T03:12:05.000Z',
      '# 3 lines; 1,234 older lines dropped before them',
      'one', 'two', `# ${GAP_LINE}`, 'three', '',
    ].join('\n'));
  });

  it('makes the file readable by its owner only: logs can hold secrets', async () => {
    const r = await saveLogs(REQUEST, { cwd: dir, tmp });
    expect(r.ok && statSync(r.path).mode & 0o777).toBe(0o600);
  });

  it('names the deployment once when the replica\'s name starts with it, and keeps a replica name that does not', async () => {
    const at = { cwd: dir, tmp };
    expect((await saveLogs({ ...REQUEST, deployment: 'crashloop', replica: 'crashloop-ngb8ffshq-cp7d7' }, at)).ok && readdirSync(dir)).toEqual(['depwatch-crashloop-ngb8ffshq-cp7d7-20261129T031205Z.log']);
    const other = await saveLogs({ ...REQUEST, deployment: 'web', replica: 'worker-1' }, at);
    expect(other.ok && other.shown).toBe('./depwatch-web-worker-1-20261129T031205Z.log');
    // A replica named just like its deployment (no suffix) is not emptied.
    const same = await saveLogs({ ...REQUEST, deployment: 'web', replica: 'web-' }, at);
    expect(same.ok && same.shown).toBe('./depwatch-web-web--20261129T031205Z.log');
  });

  it('says what it saved and where, in few words', () => {
    expect(saveNote({ ok: true, path: '/x/f.log', shown: './f.log', lines: 1_234 })).toEqual({ ok: true, text: 'saved 1,234 lines', path: './f.log' });
    expect(saveNote({ ok: true, path: '/x/f.log', shown: './f.log', lines: 1 }).text).toBe('saved 1 line');
    expect(saveNote({ ok: false, message: 'EACCES: permission denied' })).toEqual({ ok: false, text: 'cannot save the logs: EACCES: permission denied' });
  });

  it('never writes over a file: a second save in the same second gets a new name', async () => {
    const first = await saveLogs(REQUEST, { cwd: dir, tmp });
    const second = await saveLogs({ ...REQUEST, lines: ['other'] }, { cwd: dir, tmp });
    expect(second.ok && second.shown).toBe('./depwatch-llama-chat-rev-2-a-20261129T031205Z-2.log');
    expect(first.ok && readFileSync(first.path, 'utf8')).toContain('three');
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('falls back to the temporary directory when the current one cannot be written, and says the full path', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const r = await saveLogs(REQUEST, { cwd: notADir, tmp });
    expect(r.ok).toBe(true);
    expect(r.ok && r.shown).toBe(join(tmp, 'depwatch-llama-chat-rev-2-a-20261129T031205Z.log'));
  });

  it('says in one line why nowhere could take it', async () => {
    const r = await saveLogs(REQUEST, { cwd: join(dir, 'gone'), tmp: join(dir, 'gone-too') });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/^ENOENT: no such file or directory here, ENOENT: no such file or directory in .*gone-too$/) });
    expect(!r.ok && r.message).not.toContain('\n');
  });

  it('keeps server names out of the path and terminal sequences and the key out of the file', async () => {
    addSecret('tk-secret-key-0123456789');
    const r = await saveLogs({ deployment: '../../etc', replica: 'r/\x1b]0;x\x07', lines: ['\x1b]52;c;cHduZWQ=\x07copied', 'key tk-secret-key-0123456789 echoed'], dropped: 0, at: AT }, { cwd: dir, tmp });
    expect(r.ok && r.path.startsWith(join(dir, 'depwatch-'))).toBe(true);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^depwatch-[\w.-]+\.log$/)]);
    const text = readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8');
    // eslint-disable-next-line no-control-regex -- looking for the very bytes that must not be there
    expect(text).not.toMatch(/\x1b|\x07|0123456789/);
    expect(text).toContain('copied');
  });
});
