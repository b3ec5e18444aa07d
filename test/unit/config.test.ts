import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseBaseUrl, parseDuration, readApiKey, resolveDisplay } from '../../src/config.js';
import { redact } from '../../src/redact.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['2s', 2000], ['1.5s', 1500], ['1m', 60_000], ['3', 3000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, '--interval')).toBe(ms);
  });

  it.each(['', 'fast', '-1s', '0s', '2 parsecs'])('rejects %j with a message naming the flag', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(/--interval/);
  });
});

describe('parseBaseUrl', () => {
  it('drops a trailing slash', () => {
    expect(parseBaseUrl('http://127.0.0.1:8080/v1/', '--base-url')).toBe('http://127.0.0.1:8080/v1');
  });

  it('refuses non-http URLs and credentials in the URL', () => {
    expect(() => parseBaseUrl('ftp://x', '--base-url')).toThrow(ConfigError);
    expect(() => parseBaseUrl('https://user:pw@x/v1', '--base-url')).toThrow(/credentials/);
    expect(() => parseBaseUrl('not a url', 'TOGETHER_BASE_URL')).toThrow(/TOGETHER_BASE_URL/);
  });
});

describe('readApiKey', () => {
  it('names both ways to give a key when there is none', () => {
    expect(() => readApiKey({ env: {} })).toThrow(/TOGETHER_API_KEY.*--api-key-file/);
  });

  it('reads the key from a file, trimmed, and redacts it from any later text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'depwatch-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'tk-file-secret-123\n');
    expect(readApiKey({ apiKeyFile: file, env: { TOGETHER_API_KEY: 'ignored' } })).toBe('tk-file-secret-123');
    expect(redact('Bearer tk-file-secret-123 failed')).toBe('Bearer **** failed');
  });

  it('says which file could not be read', () => {
    expect(() => readApiKey({ apiKeyFile: '/nonexistent/key', env: {} })).toThrow(/\/nonexistent\/key \(ENOENT\)/);
  });

  it('takes TOGETHER_API_KEY from the environment', () => {
    expect(readApiKey({ env: { TOGETHER_API_KEY: ' tk-env-key ' } })).toBe('tk-env-key');
  });
});

describe('resolveDisplay', () => {
  const utf8 = { LANG: 'en_US.UTF-8' };
  it('uses colour on a TTY and not on a pipe', () => {
    expect(resolveDisplay({}, utf8, true).color).toBe(true);
    expect(resolveDisplay({}, utf8, false).color).toBe(false);
  });

  it('honours NO_COLOR, --no-color and FORCE_COLOR', () => {
    expect(resolveDisplay({}, { ...utf8, NO_COLOR: '1' }, true).color).toBe(false);
    expect(resolveDisplay({ color: false }, utf8, true).color).toBe(false);
    expect(resolveDisplay({}, { ...utf8, FORCE_COLOR: '1' }, false).color).toBe(true);
  });

  it('falls back to ASCII when the locale is not UTF-8, or when asked', () => {
    expect(resolveDisplay({}, utf8, true).ascii).toBe(false);
    expect(resolveDisplay({}, { LANG: 'C' }, true).ascii).toBe(true);
    expect(resolveDisplay({}, { LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' }, true).ascii).toBe(true);
    expect(resolveDisplay({}, {}, true).ascii).toBe(true);
    expect(resolveDisplay({ ascii: true }, utf8, true).ascii).toBe(true);
  });
});
