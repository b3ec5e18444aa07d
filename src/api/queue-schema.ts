// Tolerant parser for the queue metrics endpoint (GET /queue/metrics, QueueMetricsResponse) and
// its error body (QueueError: flat, unlike the deployments API's `{error: {...}}`). A count of the
// wrong type is missing; a negative or absurd one is kept as sent, for the view to mark impossible.
import * as z from 'zod/mini';
import { sanitize } from '../sanitize.js';
import { ApiError } from './errors.js';
import { excerpt } from './schema.js';

const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
const count = optional(z.number());
const optText = optional(z.pipe(z.string(), z.transform(sanitize)));

export const QueueMetricsSchema = z.object({
  messages_running: count,
  messages_waiting: count,
  total_jobs: count,
});

export const QueueErrorSchema = z.object({ message: optText, type: optText, code: optText, param: optText });

export type QueueMetrics = z.output<typeof QueueMetricsSchema>;

export function parseQueueMetrics(body: unknown): QueueMetrics {
  // An array is an object to zod/mini's object(): it is no answer at all here.
  const result = Array.isArray(body) ? undefined : QueueMetricsSchema.safeParse(body);
  if (result?.success) return result.data;
  throw new ApiError('invalid-response', `unexpected queue metrics from the server: ${excerpt(body)}`, { excerpt: excerpt(body) });
}

/** The message of a QueueError body (`{"message", "type", "code"}`), when the body is one. */
export function queueErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const result = QueueErrorSchema.safeParse(body);
  return result.success ? result.data.message : undefined;
}
