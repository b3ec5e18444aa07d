import { describe, expect, it } from 'vitest';
import { configChanges } from '../../src/watch/config-changes.js';
import { formatDuration } from '../../src/watch/duration.js';
import { deployment } from '../helpers/fixtures.js';

describe('configChanges', () => {
  it('says nothing when nothing changed, the image included (the rollout says that)', () => {
    expect(configChanges(deployment(), deployment({ image: 'acme/llm:v9' }))).toEqual([]);
  });

  it('names each changed field with before and after', () => {
    const after = deployment({
      gpu_type: 'b200-192gb', cpu: 16, min_replicas: 2,
      autoscaling: { metric: 'HTTPTotalRequests', target: 100, time_interval_minutes: 10 },
      volumes: [{ name: 'weights', mount_path: '/models', version: 4 }, { name: 'cache', mount_path: '/cache' }],
    });
    expect(configChanges(deployment(), after)).toEqual([
      'gpu h100-80gb × 1 → b200-192gb × 1',
      'cpu 8 → 16',
      'min replicas 1 → 2',
      'autoscaling QueueBacklogPerWorker target 1.01 → HTTPTotalRequests target 100 every 10m',
      'volume weights /models v3 → /models v4',
      'volume cache added (/cache)',
    ]);
    expect(configChanges(after, deployment({ autoscaling: undefined, volumes: [] }))).toContain('volume weights removed');
    expect(configChanges(deployment(), deployment({ autoscaling: undefined }))).toEqual(['autoscaling QueueBacklogPerWorker target 1.01 → off']);
  });

  it('compares environment variables by name only: a changed value is not seen, and never shown', () => {
    const changedValue = deployment({ environment_variables: [{ name: 'MODEL_ID', value: 'other-model' }, { name: 'HF_TOKEN', value_from_secret: 'hf-token' }] });
    expect(configChanges(deployment(), changedValue)).toEqual([]);
    const renamed = deployment({ environment_variables: [{ name: '__proto__', value: 'v' }, { name: 'MODEL_ID', value: 'sk-live-value' }] });
    expect(configChanges(deployment(), renamed)).toEqual(['env added __proto__; removed HF_TOKEN']);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'], [999, '0s'], [45_000, '45s'], [252_000, '4m12s'], [3_600_000, '1h00m'], [3_780_000 + 59_000, '1h03m'], [-5, '0s'], [NaN, '?'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
