// A watched deployment parsed per replica: the same answer as parsing the whole body, with every
// replica event sent again byte for byte handed back as the very object of the last poll, and a
// changed one never mistaken for an unchanged one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploymentParser } from '../../src/api/replica-items.js';
import { parseDeployment, type Deployment } from '../../src/api/schema.js';
import { fleet } from '../../src/sim/fleet.js';
import { DEFAULT_STARTED_AT, scenarioState } from '../../src/sim/scenarios.js';
import type { Scenario } from '../../src/sim/deployment.js';
import { replicaEntries } from '../../src/watch/replica.js';

const whole = (text: string) => parseDeployment(JSON.parse(text));
const TIME = { startedAt: DEFAULT_STARTED_AT, speed: 1, loop: true };
const [big] = fleet(1, 60) as [Scenario];
/** The simulated 60-replica deployment at `t` ms, as raw JSON data. */
const raw = (t: number) => JSON.parse(JSON.stringify(scenarioState(big, t, TIME))) as Record<string, unknown> & { replica_events: Record<string, unknown> };
const indent = fc.constantFrom(undefined, 0, 1, 2, '\t');
const text = (d: unknown, space?: string | number) => JSON.stringify(d, null, space);

/** Each parse's replica events beside the last one's: the same object exactly where the event's text did not change. */
function expectShared(before: Deployment, after: Deployment, sentBefore: Record<string, unknown>, sentAfter: Record<string, unknown>) {
  for (const [name, ev] of Object.entries(after.replica_events ?? {})) {
    const same = Object.hasOwn(sentBefore, name) && JSON.stringify(sentBefore[name]) === JSON.stringify(sentAfter[name]);
    if (same) expect(ev, name).toBe(before.replica_events![name]);
    else expect(ev, name).not.toBe(before.replica_events?.[name]);
  }
}

describe('deploymentParser', () => {
  it('answers as the whole-body parse for any replica events, names and values, first time and after another body', () => {
    const name = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '0', '17', '01', '4294967295', '4294967294', 'a"b', 'r\\n', '', '\u001b[2J', '1\u0007', '\u001b[0m7'));
    const events = fc.dictionary(name, fc.oneof(fc.jsonValue(), fc.record({ replica_status: fc.string(), revision_id: fc.string(), replica_ready_since: fc.string() }, { requiredKeys: [] })), { maxKeys: 8 });
    const extra = fc.dictionary(fc.string().filter((k) => k !== 'replica_events'), fc.jsonValue(), { maxKeys: 2 });
    fc.assert(fc.property(events, events, extra, indent, (a, b, more, space) => {
      const parse = deploymentParser();
      for (const events of [a, b, a]) {
        const t = text({ id: 'dep-1', name: 'x', ...more, replica_events: events }, space);
        let expected: Deployment | Error;
        try {
          expected = whole(t);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) {
          expect(() => parse(t)).toThrow(expected.message);
          continue;
        }
        const parsed = parse(t);
        expect(parsed).toEqual(expected);
        // In the same order too (a name sent twice keeps its first place; integer-like names first).
        expect(Object.keys(parsed.replica_events ?? {})).toEqual(Object.keys(expected.replica_events ?? {}));
        // The pairs either parse lists for its readers are the object's own entries, in its order.
        for (const d of [parsed, expected]) expect(replicaEntries(d)).toEqual(Object.entries(d.replica_events ?? {}));
      }
    }), { numRuns: 300 });
  });

  it.each([
    ['no replica_events', '{"id":"a"}'],
    ['replica_events null', '{"id":"a","replica_events":null}'],
    ['replica_events an array', '{"id":"a","replica_events":[{"replica_status":"Running"}]}'],
    ['replica_events twice', '{"id":"a","replica_events":{"r1":{}},"replica_events":{"r2":{}}}'],
    ['a name twice (the last event wins, in the first place)', '{"id":"a","replica_events":{"r1":{"replica_status":"A"},"r2":{},"r1":{"replica_status":"B"}}}'],
    ['a name twice, the last dropped', '{"id":"a","replica_events":{"r1":{"replica_status":"A"},"r1":7}}'],
    ['an escaped key', '{"id":"a","repl\\u0069ca_events":{"r1":{}}}'],
    ['no id or name', '{"replica_events":{"r1":{}}}'],
    ['empty events', '{"id":"a","replica_events":{ }}'],
  ])('a body with %s parses as the whole body does', (_, t) => {
    const parse = deploymentParser();
    for (let i = 0; i < 2; i++) {
      let expected: Deployment | undefined;
      try {
        expected = whole(t);
      } catch {
        expect(() => parse(t)).toThrow();
        continue;
      }
      expect(parse(t)).toEqual(expected);
    }
  });

  it('a body that is not JSON throws as the whole-body parse does', () => {
    const parse = deploymentParser();
    for (const t of ['{"id":"a","replica_events":{"r1":{},}}', '{"id":"a","replica_events":{"r1" {}}}', '{"id":"a","replica_events":{"r1":{}}} x', 'nope']) {
      expect(() => parse(t)).toThrow(SyntaxError);
    }
  });

  /** Every leaf of a JSON value: its path, and the value there. */
  function leaves(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
    if (typeof value !== 'object' || value === null) return [{ path, value }];
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  const changed = (v: unknown) => (typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : typeof v === 'string' ? `${v}x` : 'now set');

  it('a single field changed in one replica event gives that event anew; every other one is last poll\'s object', () => {
    const first = raw(60_000);
    fc.assert(fc.property(fc.nat(), fc.nat(), indent, (which, leaf, space) => {
      const parse = deploymentParser();
      const before = parse(text(first, space));
      const next = structuredClone(first);
      const names = Object.keys(next.replica_events);
      const ev = next.replica_events[names[which % names.length]!] as Record<string, unknown>;
      const all = leaves(ev);
      const { path, value } = all[leaf % all.length]!;
      let at: Record<string, unknown> = ev;
      for (const step of path.slice(0, -1)) at = at[step] as Record<string, unknown>;
      at[path.at(-1)!] = changed(value);
      const t = text(next, space);
      const after = parse(t);
      expect(after).toEqual(whole(t));
      expectShared(before, after, first.replica_events, next.replica_events);
    }), { numRuns: 200 });
  });

  it('over a whole rollout, each poll equals the whole-body parse and unchanged replica events keep their objects', () => {
    const parse = deploymentParser();
    let sent = raw(0);
    let last = parse(text(sent));
    for (let t = 1_000; t < big.durationMs + 5_000; t += 3_000) {
      const now = raw(t);
      const parsed = parse(text(now));
      expect(parsed).toEqual(whole(text(now)));
      expectShared(last, parsed, sent.replica_events, now.replica_events);
      [last, sent] = [parsed, now];
    }
  });
});
