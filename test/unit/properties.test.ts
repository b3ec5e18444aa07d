// Whatever the server sends - every shape the OpenAPI description allows (DeploymentResponseItem,
// DeploymentListResponse, DeploymentLogs, ReplicaEvent, the three autoscaling configs) and many it
// does not - goes through parsing, the watch core and the plan of every screen at 20-250 columns
// and 5-80 rows: nothing throws, every frame is exactly `rows` lines none wider than the screen,
// and no text shows NaN, undefined, Infinity, an Invalid Date, an object or a function, or a
// control character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeployment, parseDeploymentList, parseDeploymentLogs, type Deployment } from '../../src/api/schema.js';
import { formatList } from '../../src/plain/list.js';
import { formatSummary } from '../../src/plain/summary.js';
import { sanitize } from '../../src/sanitize.js';
import { textWidth } from '../../src/ui/format.js';
import type { Line } from '../../src/ui/line.js';
import { planList } from '../../src/ui/list-plan.js';
import { LIST_SORTS } from '../../src/ui/sections/list-order.js';
import { LOG_VIEW } from '../../src/ui/log-view.js';
import { planScreen, type ScreenInput } from '../../src/ui/screen-plan.js';
import type { LogsState } from '../../src/watch/logs.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { SnapshotError, WatchState } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';

const BAD_WORDS = /NaN|undefined|Infinity|Invalid Date|\[object Object\]|function |native code/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

// ---- server strings: ordinary, Unicode-heavy, escape-laden, hostile, long -------------------

const nasty = fc.constantFrom(
  '\x1b[2J\x1b[H', '\x1b]0;owned\x07', '\x9b31m', 'a\rb\nc\td', '\x00\x07\x7f\x85', '\u202eevil', '\u2028',
  '日本語のレビュー', 'café', 'e\u0301\u0301\u0301', '👨‍👩‍👧‍👦', '🚀🚀', 'ｗｉｄｅ', '\ud800', '\udc00x',
  'constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', '', ' ', '-', '…',
);
const long = fc.constantFrom('x'.repeat(20_000), '日本語 🚀 e\u0301 '.repeat(3_000));
const str = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 4, arbitrary: nasty },
  { weight: 1, arbitrary: long },
);
/** A field as the server may send it: usually the right type, sometimes null, sometimes anything. */
const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof(
  { weight: 10, arbitrary: arb },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);
const num = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(-168, 1e15, 1e300, -1e300, 2.5, 0.001, -0, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 5e-324) },
  { weight: 1, arbitrary: fc.double() },
);
const date = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: T0 - 400 * 86_400_000, max: T0 + 60_000 }).map((ms) => new Date(ms).toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom('not a date', '', '2026-13-45T99:99:99Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00Z', '1970-01-01') },
  { weight: 1, arbitrary: str },
);
const replicaStatus = fc.oneof(fc.constantFrom('Running', 'Waiting', 'Terminated', 'Failed', 'Succeeded', 'Pending', 'Unknown'), str);
const reason = fc.oneof(fc.constantFrom('CrashLoopBackOff', 'Error', 'OOMKilled', 'ImagePullBackOff', 'Completed', 'ContainerCreating'), str);
const revision = fc.oneof(fc.constantFrom('rev-1', 'rev-2', 'rev-3'), str);
const image = fc.oneof(fc.constantFrom('registry.together.ai/acme/llm@sha256:1111aaaa2222bbbb3333', 'acme/llm:v2', 'localhost:5000/x', '@', '/'), str);

const replicaEvent = fc.record({
  image: field(image),
  replica_ready_since: field(date),
  replica_status: field(replicaStatus),
  replica_status_message: field(str),
  replica_status_reason: field(reason),
  revision_id: field(revision),
  volume_preload_completed_at: field(date),
  volume_preload_started_at: field(date),
  volume_preload_status: field(fc.oneof(fc.constantFrom('Completed', 'InProgress', 'Failed'), str)),
  extra_field: fc.anything({ maxDepth: 1 }),
}, { requiredKeys: [] });

const replicaName = fc.oneof(fc.constantFrom('llama-rev-1-a', 'llama-rev-1-b', 'llama-rev-2-a', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'), str);
const replicaEvents = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(replicaName, fc.oneof({ weight: 9, arbitrary: replicaEvent }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) }), { maxKeys: 7 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(replicaEvent, { maxLength: 2 }) },
);

const autoscaling = fc.oneof(
  fc.record({ metric: fc.constantFrom('HTTPTotalRequests', 'HTTPAvgRequestDuration'), target: field(num), time_interval_minutes: field(num) }, { requiredKeys: [] }),
  fc.record({ metric: fc.constant('QueueBacklogPerWorker'), model: field(str), target: field(num) }, { requiredKeys: [] }),
  fc.record({ metric: fc.constant('CustomMetric'), custom_metric_name: field(str), target: field(num) }, { requiredKeys: [] }),
  fc.record({ metric: str, target: num, custom_metric_name: str, time_interval_minutes: num }, { requiredKeys: [] }),
);

const deploymentBody = fc.record({
  id: field(fc.oneof(fc.constantFrom('dep-1', 'dep-2'), str)),
  name: field(fc.oneof(fc.constantFrom('llama-chat', 'web'), str)),
  object: field(fc.constantFrom('deployment', 'list')),
  description: field(str),
  status: field(fc.oneof(fc.constantFrom('Ready', 'Updating', 'Scaling', 'Failed', 'Pending', 'Stopped'), str)),
  image: field(image),
  args: field(fc.array(fc.oneof(str, fc.anything({ maxDepth: 0 })), { maxLength: 3 })),
  command: field(fc.array(str, { maxLength: 3 })),
  cpu: field(num),
  memory: field(num),
  storage: field(num),
  gpu_type: field(str),
  gpu_count: field(num),
  port: field(num),
  health_check_path: field(str),
  desired_replicas: field(num),
  ready_replicas: field(num),
  min_replicas: field(num),
  max_replicas: field(num),
  autoscaling: field(autoscaling),
  environment_variables: field(fc.array(fc.record({ name: field(str), value: field(str), value_from_secret: field(str) }, { requiredKeys: [] }), { maxLength: 4 })),
  volumes: field(fc.array(fc.record({ name: field(str), mount_path: field(str), version: field(num) }, { requiredKeys: [] }), { maxLength: 3 })),
  replica_events: replicaEvents,
  created_at: field(date),
  updated_at: field(date),
  unknown_extra: fc.anything({ maxDepth: 1 }),
}, { requiredKeys: [] });

/** A body, or sometimes something that is no deployment at all. */
const anyBody = fc.oneof({ weight: 12, arbitrary: deploymentBody }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });

const errorKind = fc.constantFrom('auth', 'not-found', 'rate-limited', 'server', 'network', 'timeout', 'invalid-response' as const);
const failure: fc.Arbitrary<SnapshotError> = fc.record({
  kind: errorKind,
  message: str.map(sanitize),
  status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
  nextRetryAt: fc.option(fc.integer({ min: T0 - 10_000, max: T0 + 600_000 }), { nil: undefined }),
});
type Poll = { ok: true; body: unknown } | { ok: false; error: SnapshotError };
const poll: fc.Arbitrary<Poll> = fc.oneof(
  { weight: 4, arbitrary: anyBody.map((body) => ({ ok: true as const, body })) },
  { weight: 1, arbitrary: failure.map((error) => ({ ok: false as const, error })) },
);

const logsBody = fc.oneof(
  { weight: 6, arbitrary: fc.record({ lines: field(fc.array(fc.oneof({ weight: 8, arbitrary: str }, { weight: 1, arbitrary: fc.anything({ maxDepth: 0 }) }, { weight: 1, arbitrary: str.map((s) => `2026-11-27T11:59:0${s.length % 10}Z ${s}\nERROR second line`) }), { maxLength: 12 })) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

const size = fc.record({ columns: fc.integer({ min: 20, max: 250 }), rows: fc.integer({ min: 5, max: 80 }) });
const theme = fc.record({ color: fc.boolean(), ascii: fc.boolean() });

// ---- the pipeline ----------------------------------------------------------------------------

/** The watch core over a sequence of polls, as the poller would feed it (a body that is no deployment is an error). */
function watch(polls: readonly Poll[]): WatchState {
  return polls.reduce<WatchState>((state, p, i) => {
    const at = T0 - (polls.length - i) * 2_000;
    if (!p.ok) return reduce(state, { ok: false, error: p.error, at, latencyMs: 40 });
    try {
      return reduce(state, { ok: true, data: parseDeployment(p.body), at, latencyMs: 12 });
    } catch (error) {
      return reduce(state, { ok: false, error: { kind: 'invalid-response', message: (error as Error).message }, at, latencyMs: 12 });
    }
  }, initialState());
}

function logsState(replica: string, body: unknown, failed: boolean): LogsState {
  let lines: string[] = [];
  try {
    lines = parseDeploymentLogs(body).lines;
  } catch {
    // Not a logs body: the pane shows no lines.
  }
  return { replica, lines, seen: lines.length + 3, fetchedAt: T0 - 500, ...(failed ? { error: { kind: 'server', message: 'server error (502)' } } : {}) };
}

function checkText(text: string, where: string): void {
  expect(text, where).not.toMatch(BAD_WORDS);
  expect(text, where).not.toMatch(CONTROL);
}

function checkFrame(lines: readonly Line[], columns: number, rows: number, where: string): void {
  expect(lines, where).toHaveLength(rows);
  for (const line of lines) {
    const text = line.map((seg) => seg.text).join('');
    expect(textWidth(text), `${where}: ${JSON.stringify(text)}`).toBeLessThanOrEqual(columns);
    for (const seg of line) checkText(seg.text, where);
  }
}

const RUNS = 120;

describe('any server data, any terminal size', () => {
  it('plans every deployment screen: exact rows, within the width, nothing but clean text', () => {
    fc.assert(fc.property(
      fc.array(poll, { minLength: 1, maxLength: 4 }), size, theme, fc.integer({ min: -5, max: 40 }), fc.boolean(),
      fc.option(fc.tuple(fc.oneof(replicaName, fc.constant('')), logsBody, fc.boolean(), fc.option(fc.integer({ min: -5, max: 20 }), { nil: undefined }), fc.boolean(), fc.constantFrom('', 'e', 'INFO', 'é')), { nil: undefined }),
      fc.integer({ min: 0, max: 400_000 }), fc.boolean(),
      fc.option(fc.record({ offset: fc.integer({ min: -5, max: 2_000 }), filter: fc.string({ maxLength: 8 }), typing: fc.boolean() }), { nil: undefined }),
      (polls, sz, th, scroll, help, logs, later, paused, timeline) => {
        const state = watch(polls);
        const now = T0 + later;
        const base: ScreenInput = { state, ui: { scroll, help }, now, size: sz, theme: th, intervalMs: 2_000, paused, target: 'llama-chat' };
        checkFrame(planScreen(base).lines, sz.columns, sz.rows, 'screen');
        checkFrame(planScreen({ ...base, ui: { scroll, help: !help } }).lines, sz.columns, sz.rows, 'screen, help toggled');
        // The cursor anywhere (even past the end), and the describe view of a replica listed or not.
        const listed = Object.keys(state.deployment?.replica_events ?? {});
        for (const describe of [listed[0] ?? 'gone', listed.at(-1) ?? 'gone', 'not-listed']) {
          checkFrame(planScreen({ ...base, ui: { scroll, help: false, cursor: scroll, describe }, back: 'list' }).lines, sz.columns, sz.rows, `screen, describing ${describe}`);
        }
        checkFrame(planScreen({ ...base, ui: { scroll, help, cursor: -scroll, selected: listed[1], helpScroll: scroll } }).lines, sz.columns, sz.rows, 'screen, cursor and help scrolled');
        if (logs) {
          const [replica, body, failed, anchor, wrap, search] = logs;
          // The pane follows a name the screen listed, which the schema cleaned.
          const following = logsState(sanitize(replica), body, failed);
          const input: ScreenInput = { ...base, ui: { scroll, help: false, logView: { ...LOG_VIEW, wrap, search, ...(anchor === undefined ? {} : { anchor }) } }, logs: following };
          checkFrame(planScreen(input).lines, sz.columns, sz.rows, 'screen, logs open');
        }
        if (timeline) checkFrame(planScreen({ ...base, ui: { scroll, help: false, timeline } }).lines, sz.columns, sz.rows, 'screen, timeline open');
        if (state.deployment) for (const line of formatSummary(state.deployment, now)) checkText(line, 'status');
      },
    ), { numRuns: RUNS });
  });

  it('plans the list screen and the plain list from any list body', () => {
    const listBody = fc.oneof(
      { weight: 8, arbitrary: fc.record({ object: field(fc.constant('list')), data: field(fc.array(anyBody, { maxLength: 6 })) }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    );
    // What the person set on the list: a filter (often one that matches), a sort, marks, help.
    const view = fc.record({ filter: fc.oneof(fc.constant(''), fc.constantFrom('a', 'Fail', 'web'), str), typing: fc.boolean(), sort: fc.constantFrom(...LIST_SORTS), reverse: fc.boolean(), marks: fc.array(fc.constantFrom('dep-1', 'web'), { maxLength: 2 }).map((m) => new Set(m)), help: fc.boolean() }, { requiredKeys: [] });
    fc.assert(fc.property(listBody, size, theme, fc.option(fc.oneof(fc.constantFrom('dep-1', 'web'), str), { nil: undefined }), fc.option(failure, { nil: undefined }), view,
      (body, sz, th, selected, error, listView) => {
        let deployments: Deployment[] | undefined;
        try {
          deployments = parseDeploymentList(body).data;
        } catch {
          deployments = undefined;
        }
        const state = { ...(deployments ? { deployments, fetchedAt: T0 - 1_000 } : {}), ...(error ? { error } : {}) };
        const plan = planList({ state, selected, now: T0, size: sz, theme: th, intervalMs: 2_000, view: listView });
        checkFrame(plan.lines, sz.columns, sz.rows, 'list');
        expect(plan.selected).toBeGreaterThanOrEqual(0);
        if (deployments) for (const line of formatList({ data: deployments }, T0)) checkText(line, 'plain list');
      },
    ), { numRuns: RUNS });
  });
});
