import { describe, expect, it } from 'vitest';
import { parseQueueMetrics, queueErrorMessage } from '../../src/api/queue-schema.js';

describe('queue metrics parser', () => {
  it('reads a QueueMetricsResponse as sent', () => {
    expect(parseQueueMetrics({ messages_running: 3, messages_waiting: 12, total_jobs: 15 })).toEqual({ messages_running: 3, messages_waiting: 12, total_jobs: 15 });
  });

  it('keeps negative, fractional and absurd counts as sent, for the view to mark', () => {
    expect(parseQueueMetrics({ messages_running: -3, messages_waiting: 1e15, total_jobs: 2.5 })).toEqual({ messages_running: -3, messages_waiting: 1e15, total_jobs: 2.5 });
  });

  it('treats a count of the wrong type as missing and drops unknown fields', () => {
    const parsed = parseQueueMetrics({ messages_running: null, messages_waiting: '12', total_jobs: { n: 1 }, oldest_job_age_s: 42 });
    expect(parsed).toEqual({ messages_running: undefined, messages_waiting: undefined, total_jobs: undefined });
    expect(parsed).not.toHaveProperty('oldest_job_age_s');
  });

  it.each([['an array', [1, 2]], ['a string', 'ok'], ['null', null], ['a number', 7]])('refuses %s as an invalid response', (_what, body) => {
    expect(() => parseQueueMetrics(body)).toThrow(expect.objectContaining({ name: 'ApiError', kind: 'invalid-response' }));
  });
});

describe('QueueError message', () => {
  it('reads the flat body the queue endpoints send, sanitized', () => {
    expect(queueErrorMessage({ message: 'model is required\x1b[2J', type: 'invalid_request_error', param: 'model' })).toBe('model is required');
  });

  it('is undefined for anything else', () => {
    for (const body of [undefined, null, 'text', [], { error: { message: 'nested' } }, { message: 42 }]) expect(queueErrorMessage(body)).toBeUndefined();
  });
});
