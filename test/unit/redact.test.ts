import fc from 'fast-check';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { addSecret, clearSecrets, PIECE, redact, redactWrites } from '../../src/redact.js';
import { sanitize } from '../../src/sanitize.js';

const KEY = 'sk-test-DEPWATCH-SECRET-0123456789abcdef';

/** Every PIECE-long piece of `key`. */
const piecesOf = (key: string) => Array.from({ length: key.length - PIECE + 1 }, (_, i) => key.slice(i, i + PIECE));

beforeEach(() => {
  clearSecrets();
  addSecret(KEY);
});

describe('redact', () => {
  it('replaces the whole key', () => {
    expect(redact(`Authorization: Bearer ${KEY}`)).toBe('Authorization: Bearer ****');
    expect(redact(`${KEY}${KEY} and ${KEY}`)).toBe('******** and ****');
  });

  it('replaces a key cut at either edge, or by an ellipsis', () => {
    expect(redact(`token=${KEY.slice(0, 20)}…`)).toBe('token=****…');
    expect(redact(`…${KEY.slice(-9)} rejected`)).toBe('…**** rejected');
    expect(redact(KEY.slice(5, 13))).toBe('****');
  });

  it('leaves pieces shorter than eight characters, and text that only looks like a key', () => {
    expect(redact('sk-test is a prefix; 0123456 too')).toBe('sk-test is a prefix; 0123456 too');
    expect(redact('nothing secret here at all')).toBe('nothing secret here at all');
  });

  it('finds a key spliced with escape sequences once sanitized', () => {
    expect(sanitize(`x ${KEY.slice(0, 10)}\x1b[31m${KEY.slice(10)} y`)).toBe('x **** y');
  });

  it('knows several keys, and short keys only whole', () => {
    addSecret('other-secret-value');
    addSecret('abcd');
    expect(redact(`${KEY.slice(3, 15)} other-secret abcd abc`)).toBe('**** **** **** abc');
  });

  it('leaves no piece of the key, wherever it is cut and whatever surrounds it', () => {
    fc.assert(fc.property(fc.string(), fc.nat(KEY.length), fc.nat(KEY.length), fc.string(), (before, a, b, after) => {
      const piece = KEY.slice(Math.min(a, b), Math.max(a, b));
      const out = redact(before + piece + after);
      for (const p of piecesOf(KEY)) expect(out).not.toContain(p);
    }));
  });

  it('changes nothing in text that holds no piece of the key', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'sk-tDEPWAHCR0123456789abcdef x\u001b[m…') }), (text) => {
      fc.pre(!piecesOf(KEY).some((p) => text.includes(p)));
      expect(redact(text)).toBe(text);
    }));
  });
});

describe('redactWrites', () => {
  function sink() {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    return { stream: redactWrites(stream), text: () => chunks.join('') };
  }

  it('redacts strings and bytes written to a stream, and keeps the callback', async () => {
    const { stream, text } = sink();
    stream.write(`a ${KEY} b\n`);
    stream.write(Buffer.from(`c ${KEY.slice(0, 12)}\n`));
    await new Promise<void>((resolve) => stream.write('end', 'utf8', () => resolve()));
    expect(text()).toBe('a **** b\nc ****\nend');
  });
});
