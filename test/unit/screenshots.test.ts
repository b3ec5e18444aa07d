// The README's pictures (docs/*.svg, made by `npm run screenshots`) must show the screens as the
// sources draw them now: each picture records the hash of those sources, compared here (no pty).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

/** What the screenshot script would record now, and the pictures it writes. */
function current(): { hash: string; pictures: string[] } {
  return JSON.parse(execFileSync(process.execPath, [`${ROOT}scripts/screenshots.mjs`, '--hash'], { encoding: 'utf8' })) as { hash: string; pictures: string[] };
}

function recordedHash(picture: string): string | undefined {
  const path = `docs/${picture}`;
  return existsSync(`${ROOT}${path}`) ? /inputs sha256:([0-9a-f]{64})/.exec(read(path))?.[1] : undefined;
}

describe('the README pictures', () => {
  it('were taken from the screens as they are now', () => {
    const { hash, pictures } = current();
    expect(pictures.length).toBeGreaterThan(0);
    const stale = pictures.filter((picture) => recordedHash(picture) !== hash);
    expect(stale, 'docs/*.svg are older than the screens: run npm run screenshots and commit').toEqual([]);
  });

  it('are the ones the README shows', () => {
    const shown = [...read('README.md').matchAll(/!\[[^\]]*\]\(docs\/([^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    expect(current().pictures).toEqual(expect.arrayContaining(shown));
  });
});
