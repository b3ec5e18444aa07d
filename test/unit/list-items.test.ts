// The list parsed per deployment: the same answer as parsing the whole body, with every deployment
// sent again byte for byte handed back as the very object of the last poll, and a changed one
// never mistaken for an unchanged one.
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { splitListItems } from '../../src/api/list-items.js';
import { listParser } from '../../src/api/list-parser.js';
import { parseDeploymentList } from '../../src/api/schema.js';
import { fleet } from '../../src/sim/fleet.js';
import { DEFAULT_STARTED_AT, scenarioState } from '../../src/sim/scenarios.js';

const whole = (text: string) => parseDeploymentList(JSON.parse(text));
const TIME = { startedAt: DEFAULT_STARTED_AT, speed: 1, loop: true };
const project = fleet(12, 4);
/** The simulated project's list at `t` ms, as raw JSON data. */
const rawList = (t: number) => JSON.parse(JSON.stringify(project.map((d) => scenarioState(d, t, TIME)))) as Record<string, unknown>[];

const indent = fc.constantFrom(undefined, 0, 1, 2, '\t');
const body = (items: unknown[], space: string | number | undefined, extra: Record<string, unknown> = {}) => JSON.stringify({ object: 'list', ...extra, data: items }, null, space);

describe('splitListItems', () => {
  it('cuts any list body into texts that parse to its items, the envelope to the rest, with or without hints', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue()), fc.array(fc.jsonValue()), indent, fc.dictionary(fc.string().filter((k) => k !== 'data'), fc.jsonValue(), { maxKeys: 3 }), (items, before, space, extra) => {
      const text = body(items, space, extra);
      const hints = splitListItems(body(before, space))!.items;
      // A top-level key written with an escape might spell "data": such a body is left to the whole-body parse.
      if (Object.keys(extra).some((k) => JSON.stringify(k).includes('\\'))) {
        expect(splitListItems(text)).toBeUndefined();
        return;
      }
      for (const cut of [splitListItems(text), splitListItems(text, hints), splitListItems(text, [...hints, ...splitListItems(text)!.items].reverse())]) {
        expect(cut).toBeDefined();
        expect(cut!.items.map((i) => JSON.parse(i) as unknown)).toEqual(JSON.parse(JSON.stringify(items)));
        expect(JSON.parse(cut!.envelope)).toEqual({ ...JSON.parse(JSON.stringify({ object: 'list', ...extra })), data: [] });
      }
    }));
  });

  it.each([
    ['no data', '{"object":"list"}'],
    ['data not an array', '{"data":{"a":1}}'],
    ['data null', '{"data":null,"object":"list"}'],
    ['data a string', '{"data":"[1]"}'],
    ['two data keys', '{"data":[1],"data":[2]}'],
    ['an escaped key', '{"d\\u0061ta":[1]}'],
    ['an unclosed string', '{"data":["abc]}'],
    ['unbalanced brackets', '{"data":[{"a":1]}]}'],
    ['not an object', '[{"data":[1]}]'],
  ])('leaves a body with %s to the whole-body parse', (_, text) => {
    expect(splitListItems(text)).toBeUndefined();
  });
});

describe('listParser', () => {
  it('answers as the whole-body parse for bodies it cannot cut or that are not valid', () => {
    const parse = listParser();
    for (const text of ['{"object":"list"}', '{"data":null}', '{"data":[{"id":"a"}],"data":[{"id":"b"}]}', '{"d\\u0061ta":[{"id":"c"}]}', '{"data":[]}', '{"data":[ ]}', '{"data":[{"id":"a"},{"nope":1},7]}']) {
      expect(parse(text)).toEqual(whole(text));
    }
    for (const text of ['{"data":[{"id":"a"},]}', '{"data":[,{"id":"a"}]}', '{"data":[{"id":"a"}]} x', '{"data":[{"id":"a"} {"id":"b"}]}', 'nope']) {
      expect(() => parse(text)).toThrow(SyntaxError);
    }
  });

  it('a deployment the schema drops stays dropped when it is sent again', () => {
    const parse = listParser();
    const text = '{"data":[{"id":"a"},{"image":"no id or name"},{"id":"b"}]}';
    expect(parse(text).data.map((d) => d.id)).toEqual(['a', 'b']);
    expect(parse(text).data.map((d) => d.id)).toEqual(['a', 'b']);
  });

  /** Every leaf of a JSON value: its path, and the value there. */
  function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
    if (typeof value !== 'object' || value === null) return [{ path, value }];
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  const changed = (v: unknown) => (typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : typeof v === 'string' ? `${v}x` : 'now set');

  it('a single field changed in one deployment gives that deployment anew; every other one is last poll\'s object', () => {
    const first = rawList(40_000);
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.nat(), indent, (which, leaf, moveTo, space) => {
      const parse = listParser();
      const before = parse(body(first, space));
      const next = structuredClone(first);
      const i = which % next.length;
      const all = leaves(next[i]);
      const { path, value } = all[leaf % all.length]!;
      let at: Record<string | number, unknown> = next[i]!;
      for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
      at[path.at(-1)!] = changed(value);
      // Sometimes the list's order changes too (a deployment moved), to exercise the hints' resync.
      const j = moveTo % next.length;
      if (j !== i) next.splice(j, 0, ...next.splice(i, 1));
      const text = body(next, space);
      const after = parse(text);
      expect(after).toEqual(whole(text));
      const changedKey = next[j !== i ? j : i]!.id;
      for (const d of after.data) {
        const old = before.data.find((o) => o.id === d.id);
        if (d.id === changedKey) {
          expect(d, `changed at ${path.join('.')}`).not.toBe(old);
          // Read per replica when it kept its place: a replica event whose text did not change is last poll's object.
          if (j === i && path[0] === 'replica_events') {
            for (const [name, ev] of Object.entries(d.replica_events ?? {})) {
              if (name === path[1]) expect(ev).not.toBe(old!.replica_events![name]);
              else expect(ev, name).toBe(old!.replica_events![name]);
            }
          }
        } else expect(d).toBe(old);
      }
    }), { numRuns: 200 });
  });

  it('over a rolling project, each poll equals the whole-body parse and unchanged deployments keep their objects', () => {
    const parse = listParser();
    let last = parse(body(rawList(0), undefined));
    for (let t = 500; t < 90_000; t += 1_500) {
      const text = body(rawList(t), undefined);
      const now = parse(text);
      expect(now).toEqual(whole(text));
      now.data.forEach((d, k) => {
        const same = JSON.stringify(d) === JSON.stringify(last.data[k]);
        expect(d === last.data[k]).toBe(same);
      });
      last = now;
    }
  });
});

describe('listParser memory', () => {
  it('keeps no body alive: deployments that changed at different polls hold only their own texts, not the 2 MB bodies they came in', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const parse = listParser();
    const items = rawList(0).slice(0, 10);
    // Poll i changes deployment i only; every body carries a 2 MB field of its own beside the list.
    const poll = (i: number) => {
      const data = items.map((d, k) => (k === i % items.length ? { ...d, description: `changed at poll ${i}` } : d));
      return parse(body(data, undefined, { padding: `${i}`.padEnd(2_000_000, '.') }));
    };
    poll(0);
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: 30 }, (_, i) => poll(i + 1)).at(-1)!;
    gc();
    const grownMB = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(kept.data).toHaveLength(10);
    // Keeping the body of each deployment's last change would hold ten of them (~20 MB).
    expect(grownMB).toBeLessThan(4);
  });
});
