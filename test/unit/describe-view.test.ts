// The describe view's message: folded at the words, within the width, never cutting a word that fits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineWidth, makeCtx } from '../../src/ui/line.js';
import { describeSection } from '../../src/ui/sections/describe.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';

const LABEL = 10;

/** The message's rows of the describe view of a replica whose status message is `message`, `width` columns wide. */
function messageRows(message: string, width: number) {
  const d = deployment({ replica_events: { 'web-a': replica({ replica_status: 'CrashLoopBackOff', replica_status_message: message }) } });
  const { lines } = describeSection(makeCtx(T0, { color: false, ascii: false }, width), d, 'web-a', [], 30, new Map(), new Map());
  const at = lines.findIndex((l) => l[0]?.text.startsWith('message'));
  const rows = [lines[at]!];
  for (const l of lines.slice(at + 1)) if (l[0]?.text.trim() === '') rows.push(l); else break;
  return rows;
}
const texts = (rows: ReturnType<typeof messageRows>) => rows.map((r) => r.slice(1).map((seg) => seg.text).join(''));

describe('the describe view\'s message', () => {
  it('breaks between words, not inside one', () => {
    const message = 'Back-off restarting failed container (back-off 20s restarting failed container=vllm pod=web-a)';
    expect(texts(messageRows(message, 40))).toEqual([
      'Back-off restarting failed', 'container (back-off 20s', 'restarting failed', 'container=vllm pod=web-a)',
    ]);
  });

  it('no row wider than the view; a word that fits a row is never split; no more than six rows', () => {
    const word = fc.oneof(fc.constantFrom('back-off', '20s', 'restarting', 'failed', '日本語', 'x'.repeat(70)), fc.string({ unit: fc.constantFrom('a', 'é', '日'), minLength: 1, maxLength: 25 }));
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.integer({ min: 20, max: 120 }), (words, width) => {
      const rows = messageRows(words.join(' '), width);
      expect(rows.length).toBeLessThanOrEqual(6);
      for (const row of rows) expect(lineWidth(row)).toBeLessThanOrEqual(width);
      const shown = texts(rows).flatMap((t) => t.split(' '));
      // Every word that fits a row is there whole (unless the message was cut at six rows).
      if (rows.length < 6) for (const w of words) if (lineWidth([{ text: w }]) <= width - LABEL) expect(shown).toContain(w);
    }), { numRuns: 300 });
  });
});
