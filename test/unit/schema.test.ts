import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError } from '../../src/api/errors.js';
import { errorMessage, parseDeployment, parseDeploymentList, parseDeploymentLogs } from '../../src/api/schema.js';

// The shape the spec documents for GET /deployments/{id} (DeploymentResponseItem).
const specExample = {
  object: 'deployment',
  id: 'dep-123',
  name: 'my-deployment',
  description: 'Inference server',
  status: 'Ready',
  image: 'registry.together.ai/acme/app@sha256:abc',
  args: ['--port', '8000'],
  command: ['python', 'serve.py'],
  cpu: 4.5,
  memory: 16,
  storage: 100,
  gpu_type: 'h100-80gb',
  gpu_count: 2,
  port: 8000,
  health_check_path: '/health',
  desired_replicas: 2,
  ready_replicas: 1,
  min_replicas: 1,
  max_replicas: 4,
  autoscaling: { metric: 'HTTPTotalRequests', target: 100, time_interval_minutes: 10 },
  environment_variables: [{ name: 'A', value: '1' }, { name: 'B', value_from_secret: 'sec' }],
  volumes: [{ name: 'weights', mount_path: '/data', version: 2 }],
  replica_events: {
    'r-1': {
      image: 'registry.together.ai/acme/app@sha256:abc', replica_ready_since: '2026-11-27T10:00:00Z', replica_status: 'Running',
      replica_status_message: '', replica_status_reason: '', revision_id: 'rev-1', volume_preload_completed_at: '2026-11-27T09:59:00Z',
      volume_preload_started_at: '2026-11-27T09:58:00Z', volume_preload_status: 'Completed',
    },
  },
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-27T10:00:00Z',
};

describe('parseDeployment', () => {
  it('reads every field of the spec example', () => {
    const d = parseDeployment(specExample);
    expect(d).toMatchObject({ ...specExample, replica_events: { 'r-1': { revision_id: 'rev-1', volume_preload_status: 'Completed' } } });
  });

  it('ignores unknown fields and keeps unknown status strings as they are', () => {
    const d = parseDeployment({ id: 'dep-1', status: 'ScaledToZero', brand_new_field: { x: 1 } });
    expect(d.status).toBe('ScaledToZero');
    expect(d).not.toHaveProperty('brand_new_field');
  });

  it('treats a field of the wrong type as missing instead of failing the whole deployment', () => {
    const d = parseDeployment({ id: 'dep-1', cpu: 'lots', ready_replicas: '3', environment_variables: 'nope', status: 42 });
    expect(d.id).toBe('dep-1');
    expect(d.cpu).toBeUndefined();
    expect(d.ready_replicas).toBeUndefined();
    expect(d.environment_variables).toBeUndefined();
    expect(d.status).toBeUndefined();
  });

  it('drops malformed list items and replica events but keeps the good ones', () => {
    const d = parseDeployment({ name: 'x', volumes: [{ name: 'ok', mount_path: '/m' }, 7, { mount_path: '/no-name' }], replica_events: { good: { replica_status: 'Running' }, bad: 'text' } });
    expect(d.volumes).toEqual([{ name: 'ok', mount_path: '/m' }]);
    expect(Object.keys(d.replica_events ?? {})).toEqual(['good']);
  });

  it('sanitizes every string, including replica names', () => {
    const d = parseDeployment({ id: 'dep-1', description: 'hi\x1b]0;owned\x07 there', replica_events: { 'r\x1b[2J1': { replica_status_message: 'boom\x1b[31m!' } } });
    expect(d.description).toBe('hi there');
    expect(d.replica_events).toEqual({ r1: { replica_status_message: 'boom!' } });
  });

  it.each([null, 'text', 42, [], {}, { status: 'Ready' }])('turns %j into an invalid-response error with an excerpt', (body) => {
    let caught: unknown;
    try {
      parseDeployment(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).kind).toBe('invalid-response');
  });
});

describe('untrusted shapes and sizes', () => {
  it('takes replica_events that are null, an array or a string as no replicas, and keeps __proto__ as a replica', () => {
    for (const replica_events of [null, [{ replica_status: 'Running' }], 'x', 3]) {
      expect(Object.keys(parseDeployment({ id: 'd', replica_events }).replica_events ?? {})).toEqual([]);
    }
    const d = parseDeployment(JSON.parse('{"id":"d","replica_events":{"__proto__":{"replica_status":"Running"},"constructor":{}}}'));
    expect(Object.keys(d.replica_events!)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(d.replica_events)).toBeNull();
  });

  it('keeps counts that cannot be true, so they can be shown as such', () => {
    const d = parseDeployment({ id: 'd', ready_replicas: -168, desired_replicas: 2.5, memory: 1e300 });
    expect([d.ready_replicas, d.desired_replicas, d.memory]).toEqual([-168, 2.5, 1e300]);
  });

  it('caps every string at 16 KB, marked, before cleaning it', () => {
    const d = parseDeployment({ id: 'd', description: `\x1b[31m${'x'.repeat(10_000_000)}`, replica_events: { ['r'.repeat(40_000)]: { replica_status_message: '🚀'.repeat(20_000) } } });
    expect(d.description).toHaveLength(16 * 1024 - 1 - 5 + 1);
    expect(d.description!.endsWith('x…')).toBe(true);
    const [name, ev] = Object.entries(d.replica_events!)[0]!;
    expect(name.length).toBeLessThanOrEqual(16 * 1024);
    expect(ev.replica_status_message!.endsWith('🚀…')).toBe(true);
  });

  it('cuts a log line at 16 KB, saying how long it was, and keeps the newest 1000 lines', () => {
    const { lines } = parseDeploymentLogs({ lines: [`${'y'.repeat(20_000)}`, ...Array.from({ length: 1500 }, (_, i) => `line ${i}`)] });
    expect(lines).toHaveLength(1000);
    expect(lines.at(-1)).toBe('line 1499');
    expect(parseDeploymentLogs({ lines: ['z'.repeat(10_000_000)] }).lines[0]).toMatch(/^z{16384}… \[cut: 10\.0 MB\]$/);
  });

  it('an empty error body reads as such', () => {
    expect(() => parseDeployment(undefined)).toThrow('unexpected deployment from the server: (empty body)');
  });
});

describe('parseDeploymentList', () => {
  it('reads the list and tolerates a missing data field', () => {
    expect(parseDeploymentList({ object: 'list', data: [specExample] }).data).toHaveLength(1);
    expect(parseDeploymentList({ object: 'list' }).data).toEqual([]);
  });
});

describe('parseDeploymentLogs', () => {
  it('splits multi-line entries, drops non-strings and strips escapes', () => {
    expect(parseDeploymentLogs({ lines: ['a\nb', 3, '\x1b[1mc'] }).lines).toEqual(['a', 'b', 'c']);
  });

  it('splits at \\n and \\r\\n and keeps the newest 1000 lines, whatever the entries hold', () => {
    // The plain way, the reference: every entry split, then the newest kept.
    const reference = (items: unknown[]) => items.filter((i): i is string => typeof i === 'string').flatMap((l) => l.split(/\r?\n/)).slice(-1000).map((l) => parseDeploymentLogs({ lines: [l] }).lines[0]);
    const piece = fc.constantFrom('a', 'b', '\n', '\r', '\r\n', '\n\n', ' ');
    const entry = fc.oneof(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.integer(), fc.constant(null));
    fc.assert(fc.property(fc.array(entry, { maxLength: 30 }), fc.integer({ min: 0, max: 1100 }), (items, filler) => {
      const all = [...Array.from({ length: filler }, (_, i) => `line ${i}`), ...items];
      expect(parseDeploymentLogs({ lines: all }).lines).toEqual(reference(all));
    }), { numRuns: 300 });
  });
});

describe('errorMessage', () => {
  it('reads the spec error body', () => {
    expect(errorMessage({ error: { message: 'nope', type: 'invalid_request_error' } })).toBe('nope');
    expect(errorMessage({ message: 'other shape' })).toBeUndefined();
  });
});
