// The logs endpoint's two shapes: one JSON object, or newline-delimited JSON objects each carrying
// `lines` (as the official CLI's follow mode reads it); both through the real client over HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { parseDeploymentLogsText } from '../../src/api/schema.js';

let body = '';
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const logs = () => createClient({ baseUrl, apiKey: 'tk-test-key', timeoutMs: 500 }).logs('web');

describe('a logs answer', () => {
  it('as one JSON object', async () => {
    body = JSON.stringify({ lines: ['one', 'two'] });
    expect(await logs()).toEqual({ lines: ['one', 'two'] });
  });

  it('as newline-delimited JSON objects: every object\'s lines, in order', async () => {
    body = [{ lines: ['one', 'two'] }, { lines: [] }, { lines: ['three'] }].map((o) => JSON.stringify(o)).join('\n') + '\n';
    expect(await logs()).toEqual({ lines: ['one', 'two', 'three'] });
  });

  it('skips NDJSON lines that are not objects with lines: junk, a cut-off last line, arrays, other fields', async () => {
    body = ['{"lines":["one"]}', 'not json', '[1,2]', '{"other":1}', '', '{"lines":["two",3,"thr', '{"lines":["four"]}\r', '{"lines":["five"'].join('\n');
    expect(await logs()).toEqual({ lines: ['one', 'four'] });
  });

  it('sanitizes NDJSON lines like JSON ones: no escape sequence or control gets through', async () => {
    body = `${JSON.stringify({ lines: ['\x1b]0;pwned\x07title', 'a\u009b2Jb\u202ec'] })}\n${JSON.stringify({ lines: ['\x1b[31mred\x1b[0m'] })}`;
    expect(await logs()).toEqual({ lines: ['title', 'abc', 'red'] });
  });

  it('refuses a body with no JSON object at all, as one line naming what came', async () => {
    body = 'upstream connect error\nor disconnect';
    const error = await logs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid-response', message: 'the server sent something that is not JSON: upstream connect error or disconnect' });
  });

  it('keeps the newest lines of a huge NDJSON answer', () => {
    const text = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ lines: [`line ${i}`] })).join('\n');
    const { lines } = parseDeploymentLogsText(text);
    expect(lines.at(-1)).toBe('line 2999');
    expect(lines.length).toBeLessThan(3000);
  });
});
