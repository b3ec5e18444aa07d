// Tolerant parsers for the deployments API. The server is trusted for nothing: unknown fields
// are dropped, a field of the wrong type is treated as missing, unknown status strings are kept
// as they are, and every string is sanitized here, before any other module can see it.
// Only a body that is not a deployment at all (no id and no name) is an invalid response.
// zod/mini: the same parser at a twentieth of the bundle size of the classic API (start-up).
import * as z from 'zod/mini';
import { sanitize } from '../sanitize.js';
import { ApiError } from './errors.js';
import { capLogLine, capText, cutUnits } from './text-cap.js';

// Capped before sanitizing: a 10 MB string costs no more than a 16 KB one from here on.
const text = z.pipe(z.string(), z.transform((raw) => capText(raw, sanitize)));
const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
const optText = optional(text);
// Any finite number, counts included: a count of -3 or 2.5 is kept so the screens can show it as
// impossible (watch/plausible.ts) rather than drop it and fall back to something that looks healthy.
const optNumber = optional(z.number());
const strings = (items: unknown[]) => items.filter((i): i is string => typeof i === 'string');
const textList = optional(z.pipe(z.array(z.unknown()), z.transform((items) => strings(items).map((i) => capText(i, sanitize)))));

function listOf<T extends z.ZodMiniType>(item: T) {
  // Drop the items that do not parse rather than the whole list.
  return optional(z.pipe(
    z.array(z.unknown()),
    z.transform((items) => items.flatMap((i) => { const r = item.safeParse(i); return r.success ? [r.data as z.output<T>] : []; })),
  ));
}

export const ReplicaEventSchema = z.object({
  image: optText,
  replica_ready_since: optText,
  replica_status: optText,
  replica_status_message: optText,
  replica_status_reason: optText,
  revision_id: optText,
  volume_preload_completed_at: optText,
  volume_preload_started_at: optText,
  volume_preload_status: optText,
});

export const EnvironmentVariableSchema = z.object({
  name: text,
  value: optText,
  value_from_secret: optText,
});

export const VolumeMountSchema = z.object({
  name: text,
  mount_path: optText,
  version: optNumber,
});

export const AutoscalingSchema = z.object({
  metric: optText,
  target: optNumber,
  time_interval_minutes: optNumber,
  model: optText,
  custom_metric_name: optText,
});

/**
 * Replica name → event, as a null-prototype object: names are the server's, and `constructor`,
 * `toString` or `__proto__` must be replicas like any other. Read from the raw object (zod's
 * record turns a `__proto__` key into the prototype); anything but an object is no replicas.
 */
const replicaEvents = optional(z.pipe(
  z.unknown(),
  z.transform((raw): Record<string, ReplicaEvent> | undefined => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    return replicaEventsOf(Object.entries(raw).map(([name, value]) => [replicaName(name), parseReplicaEvent(value)] as const));
  }),
));

/** One replica's event as the schema keeps it, or null when it drops it. */
export function parseReplicaEvent(value: unknown): ReplicaEvent | null {
  const parsed = ReplicaEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A replica's name as the screens get it: capped and sanitized. */
export const replicaName = (sent: string): string => capText(sent, sanitize);

/** The replica events from their names (as replicaName made them) and parsed events (null: dropped), in that order. */
export function replicaEventsOf(entries: Iterable<readonly [string, ReplicaEvent | null]>): Record<string, ReplicaEvent> {
  const out = Object.create(null) as Record<string, ReplicaEvent>;
  const listed: (readonly [string, ReplicaEvent])[] = [];
  // The pairs are the object's entries, in its order, unless a name came twice or one is an array
  // index (JavaScript lists those first): then its readers list it themselves.
  let inOrder = true;
  for (const [name, event] of entries) {
    if (event === null) continue;
    if (Object.hasOwn(out, name) || isIndex(name)) inOrder = false;
    out[name] = event;
    if (inOrder) listed.push([name, event]);
  }
  if (inOrder) knownEntries(out, listed);
  return out;
}

/** Does a property named `name` count as an array index (listed before every other key, in number order)? */
function isIndex(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57 && String(Number(name) >>> 0) === name && name !== '4294967295';
}

/** Each replica events object's [name, event] pairs, listed once: parsed data is never changed, and a thousand replicas are many to list at every reader. */
const ENTRIES = new WeakMap<Record<string, ReplicaEvent>, readonly (readonly [string, ReplicaEvent])[]>();

/** Object.entries of replica events (own keys only: a replica named `constructor` is one like any other), listed once per object. */
export function replicaEntriesOf(events: Record<string, ReplicaEvent>): readonly (readonly [string, ReplicaEvent])[] {
  let entries = ENTRIES.get(events);
  if (entries === undefined) ENTRIES.set(events, (entries = Object.entries(events)));
  return entries;
}

/** Entries already listed by whoever built `events`, in its order: the next reader need not list them again. */
export function knownEntries(events: Record<string, ReplicaEvent>, entries: readonly (readonly [string, ReplicaEvent])[]): void {
  ENTRIES.set(events, entries);
}

export const DeploymentSchema = z
  .object({
    id: optText,
    name: optText,
    object: optText,
    description: optText,
    status: optText,
    image: optText,
    args: textList,
    command: textList,
    cpu: optNumber,
    memory: optNumber,
    storage: optNumber,
    gpu_type: optText,
    gpu_count: optNumber,
    port: optNumber,
    health_check_path: optText,
    desired_replicas: optNumber,
    ready_replicas: optNumber,
    min_replicas: optNumber,
    max_replicas: optNumber,
    autoscaling: optional(AutoscalingSchema),
    environment_variables: listOf(EnvironmentVariableSchema),
    volumes: listOf(VolumeMountSchema),
    replica_events: replicaEvents,
    created_at: optText,
    updated_at: optText,
  })
  .check(z.refine((d) => d.id !== undefined || d.name !== undefined, { message: 'a deployment needs an id or a name' }));

export const DeploymentListSchema = z.object({
  object: optText,
  data: listOf(DeploymentSchema),
});

/** Log lines kept from one response: a window of the newest (watch/log-merge.ts merges windows); a body of millions costs no more. */
const MAX_LOG_LINES = 1000;

/**
 * The newest MAX_LOG_LINES lines of the items (each may hold several, split at `\n` or `\r\n`),
 * each capped and cleaned. Walked from the end, so lines that would be dropped are never split;
 * split with lastIndexOf, not a regular expression (a native scan: 4 MB of lines is a poll's work).
 */
function newestLogLines(items: unknown[]): string[] {
  const newest: string[] = [];
  for (let i = items.length - 1; i >= 0 && newest.length < MAX_LOG_LINES; i--) {
    const item = items[i];
    if (typeof item !== 'string') continue;
    // `end` is where the line being cut out ends: the end of the item, or the \n (or \r\n) after it.
    for (let end = item.length; newest.length < MAX_LOG_LINES;) {
      const nl = end > 0 ? item.lastIndexOf('\n', end - 1) : -1;
      newest.push(item.slice(nl + 1, end));
      if (nl < 0) break;
      end = nl > 0 && item.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    }
  }
  return newest.reverse().map((line) => capLogLine(line, sanitize));
}

export const DeploymentLogsSchema = z.object({
  lines: z.catch(z.pipe(z.array(z.unknown()), z.transform(newestLogLines)), []),
});

export const ErrorBodySchema = z.object({
  error: z.object({ message: optText, type: optText, code: optText }),
});

export type ReplicaEvent = z.output<typeof ReplicaEventSchema>;
export type EnvironmentVariable = z.output<typeof EnvironmentVariableSchema>;
export type VolumeMount = z.output<typeof VolumeMountSchema>;
export type Autoscaling = z.output<typeof AutoscalingSchema>;
export type Deployment = z.output<typeof DeploymentSchema>;
export type DeploymentList = { object?: string; data: Deployment[] };
export type DeploymentLogs = z.output<typeof DeploymentLogsSchema>;

/** A short single-line excerpt of a body, for error messages. */
export function excerpt(body: unknown, max = 80): string {
  // Nothing at all reads as such, not as the word `undefined`.
  const raw = typeof body === 'string' ? body : (body === undefined ? undefined : JSON.stringify(body)) ?? '';
  const clean = sanitize(raw).trim();
  if (clean === '') return '(empty body)';
  return clean.length > max ? `${cutUnits(clean, max - 1)}…` : clean;
}

function parseWith<T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError('invalid-response', `unexpected ${what} from the server: ${excerpt(body)}`, { excerpt: excerpt(body) });
}

export function parseDeployment(body: unknown): Deployment {
  return parseWith(DeploymentSchema, body, 'deployment');
}

export function parseDeploymentList(body: unknown): DeploymentList {
  const list = parseWith(DeploymentListSchema, body, 'deployment list');
  return { ...(list.object === undefined ? {} : { object: list.object }), data: list.data ?? [] };
}

export function parseDeploymentLogs(body: unknown): DeploymentLogs {
  return parseWith(DeploymentLogsSchema, body, 'logs');
}

/**
 * A logs answer as sent: one JSON object, or newline-delimited JSON objects each carrying `lines`
 * (as the official CLI's follow mode reads it), their lines in order; lines that are not JSON
 * objects are skipped, and only a body with none at all is refused.
 */
export function parseDeploymentLogsText(text: string): DeploymentLogs {
  const whole = jsonOrUndefined(text);
  if (whole !== undefined) return parseDeploymentLogs(whole);
  const objects = text.split(/\r?\n/).map(jsonOrUndefined).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (objects.length === 0) throw new ApiError('invalid-response', `the server sent something that is not JSON: ${excerpt(text)}`, { excerpt: excerpt(text) });
  return { lines: objects.flatMap((o) => parseDeploymentLogs(o).lines).slice(-MAX_LOG_LINES) };
}

/** The JSON value of `text`, or undefined when it is not JSON. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The message of an `{"error":{"message","type"}}` body, when the body is one. */
export function errorMessage(body: unknown): string | undefined {
  const result = ErrorBodySchema.safeParse(body);
  return result.success ? result.data.error.message : undefined;
}

/** The name a person knows a deployment by. */
export function displayName(d: Deployment): string {
  return d.name ?? d.id ?? '?';
}
