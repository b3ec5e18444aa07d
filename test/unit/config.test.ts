import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeyFileArg, checkDeploymentName, ConfigError, MAX_INTERVAL_MS, MAX_REQUEST_TIMEOUT_MS, MAX_WAIT_MS, parseBaseUrl, parseDuration, parseInterval, readApiKey, registerKeys, resolveDisplay } from '../../src/config.js';
import { redact } from '../../src/redact.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['2s', 2000], ['1.5s', 1500], ['1m', 60_000], ['3', 3000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, '--interval', 3_600_000)).toBe(ms);
  });

  it.each(['', 'fast', '-1s', '0s', '2 parsecs'])('rejects %j with a message naming the flag', (text) => {
    expect(() => parseDuration(text, '--interval', 3_600_000)).toThrow(/--interval/);
  });

  it('says a negative duration is not more than zero', () => {
    expect(() => parseDuration('-1s', '--interval', 3_600_000)).toThrow('--interval: must be more than zero, got "-1s"');
  });

  it('refuses a duration above the bound, naming the flag and the range (timers overflow past 2^31-1 ms)', () => {
    expect(parseDuration('1h', '--interval', MAX_INTERVAL_MS)).toBe(3_600_000);
    expect(() => parseDuration('597h', '--interval', MAX_INTERVAL_MS)).toThrow('--interval: expected a duration from 1ms to 1h, got "597h"');
    expect(() => parseDuration('11m', '--request-timeout', MAX_REQUEST_TIMEOUT_MS)).toThrow('--request-timeout: expected a duration from 1ms to 10m, got "11m"');
    expect(() => parseDuration('99999h', '--timeout', MAX_WAIT_MS)).toThrow('--timeout: expected a duration from 1ms to 7d, got "99999h"');
    expect(MAX_WAIT_MS).toBeLessThan(2 ** 31 - 1);
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

  it.each(['http://127.0.0.1:4010/v1', 'http://127.9.8.7/v1', 'http://localhost:4010/v1', 'http://[::1]:4010/v1', 'https://api.example.com/v1'])('accepts %s', (url) => {
    expect(parseBaseUrl(url, '--base-url')).toBe(url);
  });

  it.each(['http://api.example.com/v1', 'http://10.0.0.5:8080/v1', 'http://127.0.0.1.nip.io/v1', 'http://[::2]/v1'])('refuses plain http to %s, which would carry the key in clear text', (url) => {
    expect(() => parseBaseUrl(url, '--base-url')).toThrow(/clear text.*--insecure-http/);
    expect(parseBaseUrl(url, '--base-url', true)).toBe(url);
  });

  it.each(['https://x/v1?a=1', 'https://x/v1?', 'https://x/v1#top', 'https://x/v1#'])('refuses a query string or fragment: %s', (url) => {
    expect(() => parseBaseUrl(url, '--base-url')).toThrow(/query string or fragment.*\/v1/);
  });
});

describe('parseInterval', () => {
  it('allows no less than 250ms against a real API, and says so', () => {
    expect(parseInterval('250ms', 'https://api.together.ai/v1')).toBe(250);
    expect(() => parseInterval('1ms', 'https://api.together.ai/v1')).toThrow(/--interval: at least 250ms/);
    expect(() => parseInterval('0.2s', 'http://10.0.0.1/v1')).toThrow(ConfigError);
  });

  it('lets a loopback server (the simulator) be polled faster', () => {
    expect(parseInterval('1ms', 'http://127.0.0.1:4010/v1')).toBe(1);
    expect(parseInterval('10ms', 'http://localhost:4010/v1')).toBe(10);
  });
});

describe('checkDeploymentName', () => {
  it.each(['my-deployment', 'dep-1eb0a207a747d6a9', 'llama_3.1-8b', 'Mistral7B', 'a', 'x'.repeat(100), 'модель-1'])('accepts %s', (name) => {
    expect(checkDeploymentName(name)).toBe(name);
  });

  it.each([
    ['', /is empty/], ['.', /only dots/], ['..', /only dots/], ['...', /only dots/], ['a/b', /only letters/], ['../v1', /only letters/],
    ['a\\b', /only letters/], ['a b', /only letters/], ['a\x1b[2Jb', /only letters/], ['a?b', /only letters/], ['a%2e', /only letters/],
    ['x'.repeat(101), /longer than 100/],
  ])('refuses %j with one line', (name, why) => {
    expect(() => checkDeploymentName(name)).toThrow(why);
    try {
      checkDeploymentName(name);
    } catch (error) {
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).message).not.toContain('\n');
      expect((error as ConfigError).message.length).toBeLessThan(160);
    }
  });
});

describe('readApiKey', () => {
  it('names both ways to give a key when there is none', () => {
    expect(() => readApiKey({ env: {} })).toThrow(/TOGETHER_API_KEY.*--api-key-file/);
  });

  it('reads the key from a file, trimmed, and redacts it from any later text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'depwatch-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'tk-file-secret-123\n', { mode: 0o600 });
    expect(readApiKey({ apiKeyFile: file, env: { TOGETHER_API_KEY: 'ignored' } })).toBe('tk-file-secret-123');
    expect(redact('Bearer tk-file-secret-123 failed')).toBe('Bearer **** failed');
  });

  it('says which file could not be read', () => {
    expect(() => readApiKey({ apiKeyFile: '/nonexistent/key', env: {} })).toThrow(/\/nonexistent\/key \(ENOENT\)/);
  });

  it('takes TOGETHER_API_KEY from the environment', () => {
    expect(readApiKey({ env: { TOGETHER_API_KEY: ' tk-env-key ' } })).toBe('tk-env-key');
  });

  it('refuses what is not a regular file, without reading it (/dev/zero never ends)', () => {
    expect(() => readApiKey({ apiKeyFile: '/dev/zero', env: {} })).toThrow('--api-key-file: /dev/zero is not a regular file');
    expect(() => readApiKey({ apiKeyFile: tmpdir(), env: {} })).toThrow(/is not a regular file/);
  });

  it('refuses a file larger than 4 KB', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'big');
    writeFileSync(file, 'k'.repeat(4097), { mode: 0o600 });
    expect(() => readApiKey({ apiKeyFile: file, env: {} })).toThrow(/larger than 4 KB/);
  });

  const UNCARRIABLE = 'the API key contains characters an HTTP header cannot carry (control characters or non-ASCII); check TOGETHER_API_KEY or the key file';

  it.each([['a control character', 'sk-\x1bx'], ['non-ASCII', 'sk-12345678世界'], ['DEL', 'sk-\x7f']])('refuses a key with %s in one line that quotes none of it', (_what, key) => {
    expect(() => readApiKey({ env: { TOGETHER_API_KEY: key } })).toThrow(new ConfigError(UNCARRIABLE));
  });

  it('refuses a key file whose key an HTTP header cannot carry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, 'sk-ключ\n', { mode: 0o600 });
    expect(() => readApiKey({ apiKeyFile: file, env: {} })).toThrow(new ConfigError(UNCARRIABLE));
  });

  it('follows a symlink to a regular file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'depwatch-'));
    writeFileSync(join(dir, 'real'), 'tk-linked-key-456\n', { mode: 0o600 });
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(readApiKey({ apiKeyFile: join(dir, 'link'), env: {} })).toBe('tk-linked-key-456');
  });
});

describe('key file permissions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns once, on stderr, when the key file is readable by group or others, and still reads it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, 'tk-open-key-789\n');
    chmodSync(file, 0o644);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(readApiKey({ apiKeyFile: file, env: {} })).toBe('tk-open-key-789');
    expect(readApiKey({ apiKeyFile: file, env: {} })).toBe('tk-open-key-789');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]![0])).toMatch(/warning: .*key is readable by others \(mode 0644\); chmod 600/);
  });

  it('says nothing for a file only its owner can read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, 'tk-closed-key-789\n', { mode: 0o600 });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    readApiKey({ apiKeyFile: file, env: {} });
    expect(stderr).not.toHaveBeenCalled();
  });
});

describe('registerKeys', () => {
  it('finds --api-key-file in raw arguments, in either form, and not after --', () => {
    expect(apiKeyFileArg(['status', 'x', '--api-key-file', '/k'])).toBe('/k');
    expect(apiKeyFileArg(['--api-key-file=/k', 'x'])).toBe('/k');
    expect(apiKeyFileArg(['x', '--', '--api-key-file', '/k'])).toBeUndefined();
  });

  it('registers the environment key and the key file before any argument is checked', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, 'tk-early-file-key\n', { mode: 0o600 });
    registerKeys(['--base-url', 'whatever', '--api-key-file', file], { TOGETHER_API_KEY: 'tk-early-env-key' });
    expect(redact('tk-early-file-key tk-early-env-key')).toBe('**** ****');
  });

  it('keeps quiet about a key file it cannot read (reading it for real says why)', () => {
    expect(() => registerKeys(['--api-key-file', '/dev/zero'], {})).not.toThrow();
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
