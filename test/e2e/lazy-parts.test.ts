// The commands other than the watch and the list run from a lazy part of the bundle, with their
// own copies of the modules they share with the start-up (scripts/build.mjs). What must be one per
// process still is: the keys registered at start-up, and each key file read (and warned about) once.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/pty.js';

/** In the environment only: the connection uses the key file's key. */
const ENV_KEY = 'env-key-LAZYPARTS-0123456789abcdef';
const FILE_KEY = 'file-key-connection-9876543210';
const PIECES = Array.from({ length: ENV_KEY.length - 7 }, (_, i) => ENV_KEY.slice(i, i + 8));

let server: Server;
let base: string;

/** A deployment whose description holds the environment's key (pasted there by someone). */
const leaky = {
  id: 'dep-leaky', name: 'leaky', status: 'Ready', description: `token ${ENV_KEY}`, desired_replicas: 1, ready_replicas: 1,
  replica_events: { 'leaky-r1': { replica_status: 'Running', replica_ready_since: '2026-01-01T00:00:00Z', revision_id: 'rev1' } },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/v1/deployments/leaky' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/v1/deployments/leaky' ? leaky : { error: { message: 'no route' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function keyFile(mode: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'depwatch-lazy-')), 'key');
  writeFileSync(file, `${FILE_KEY}\n`);
  chmodSync(file, mode);
  return file;
}

const cli = (args: string[]) => runCli(args, { TOGETHER_API_KEY: ENV_KEY });

describe('state shared by the start-up and the lazy commands', () => {
  it('a key given only in the environment is masked in a recording the rollout command writes', async () => {
    const recording = join(mkdtempSync(join(tmpdir(), 'depwatch-lazy-')), 'rollout.jsonl');
    const r = await cli(['rollout', 'leaky', '--api-key-file', keyFile(0o600), '--base-url', base, '--record', recording]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Written to the file by the rollout command's own redact(), not by the start-up's writer on stdout.
    const text = readFileSync(recording, 'utf8');
    expect(text).toContain('token ****');
    for (const piece of PIECES) expect(text).not.toContain(piece);
  });

  it('a key file others can read is warned about once, though both the start-up and status read it', async () => {
    const file = keyFile(0o644);
    const r = await cli(['status', 'leaky', '--json', '--api-key-file', file, '--base-url', base]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`depwatch: warning: ${file} is readable by others (mode 0644); chmod 600 ${file}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'leaky', description: 'token ****' });
  });
});
