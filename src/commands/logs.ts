// `depwatch logs <deployment> [--replica R] [--follow] [--since 10m]`: log lines, plain, on
// stdout for pipes and grep (sanitized by the schema, redacted by the writer). Without --replica,
// every replica's lines: the endpoint without replica_id, one request a poll, as the official CLI
// follows them. --follow polls and prints only the new lines (watch/log-merge.ts) until Ctrl-C
// (130), SIGTERM (143) or a closed pipe (0: `| head` is a normal way to stop). An unknown
// deployment or replica, a refused key or a base URL that is not the API: one line, exit 2 (as rollout);
// nothing answering at the base URL: one line, exit 4 (with --follow, after a few attempts, as rollout).
import type { DeploymentsClient } from '../api/client.js';
import type { DeploymentLogs } from '../api/schema.js';
import { CONNECTION_OPTIONS, SCREEN_OPTIONS, type ConnectionArgs } from '../cli-options.js';
import { checkDeploymentName, ConfigError, parseDuration, parseInterval } from '../config.js';
import { since } from '../plain/log-since.js';
import { deploymentNotFound } from '../suggest.js';
import { SIGINT_EXIT, SIGTERM_EXIT } from '../ui/exit-codes.js';
import type { Snapshot } from '../watch/types.js';
import { connect, refusal } from './startup.js';
import { isNoAnswer, unansweredGuard, unreachable } from './unreachable.js';

export interface LogsArgs extends ConnectionArgs {
  replica?: string | undefined;
  follow: boolean;
  since?: string | undefined;
  interval: string;
}

/** The command's flags, for the yargs table (cli-commands.ts). */
export const LOGS_OPTIONS = {
  ...CONNECTION_OPTIONS,
  replica: { type: 'string', describe: 'only this replica\'s lines (default: every replica\'s)' },
  follow: { type: 'boolean', default: false, describe: 'keep printing new lines as they come, until Ctrl-C' },
  since: { type: 'string', describe: 'only lines stamped within this long before now: 30s, 10m, 2h (lines with no timestamp are kept)' },
  interval: { ...SCREEN_OPTIONS.interval, describe: 'with --follow, time between polls: 500ms, 2s, 1m (default 2s)' },
} as const;

/** How far back --since may reach (no timer is set from it: only a bound on nonsense). */
const MAX_SINCE_MS = 365 * 24 * 3_600_000;

export async function logs(deployment: string, args: LogsArgs): Promise<number> {
  checkDeploymentName(deployment);
  if (args.replica !== undefined && args.replica.trim() === '') throw new ConfigError('--replica: expected a replica id, got nothing');
  const recent = args.since === undefined ? () => true : since(Date.now() - parseDuration(args.since, '--since', MAX_SINCE_MS));
  const { client, baseUrl } = connect(args, args.follow ? 0 : 2);
  const intervalMs = args.follow ? parseInterval(args.interval, baseUrl) : 0;
  const notFound = deploymentNotFound(deployment);
  /** A refused key, a wrong base URL or (before any answer) an unknown deployment: the line to exit 2 with. */
  const refused = (error: { kind: string; message: string; wrongBaseUrl?: boolean }, first: boolean) =>
    refusal(error) ?? (first && error.kind === 'not-found' ? new ConfigError(notFound) : undefined);
  /** An empty answer for --replica: a replica the deployment does not have is a mistake to say, not silence. */
  const checkReplica = async (lines: readonly string[]) => {
    if (args.replica !== undefined && lines.length === 0) await unknownReplica(client, deployment, args.replica);
  };
  process.stdout.on('error', closedPipe);
  const fetch = (signal?: AbortSignal) => client.logs(deployment, args.replica, signal ? { signal } : {});
  const print = (lines: readonly string[]) => {
    const kept = lines.filter(recent);
    if (kept.length > 0) process.stdout.write(`${kept.join('\n')}\n`);
  };
  if (!args.follow) {
    const { ApiError } = await import('../api/errors.js');
    let answer: DeploymentLogs;
    try {
      answer = await fetch();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw refused(error, true) ?? (isNoAnswer(error) ? unreachable(baseUrl, error) : error);
    }
    await checkReplica(answer.lines);
    print(answer.lines);
    return 0;
  }
  const [{ Poller }, { GAP_LINE, mergeWindow }, { MAX_LOG_LINES }] = await Promise.all([
    import('../watch/poller.js'), import('../watch/log-merge.js'), import('../watch/logs.js'),
  ]);

  return new Promise<number>((resolve, reject) => {
    /** The lines printed so far (the newest), to merge each answer with; undefined before the first. */
    let held: string[] | undefined;
    let lastErrorKind: string | undefined;
    const unanswered = unansweredGuard(baseUrl);
    const end = (settle: () => void) => {
      poller.stop();
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      settle();
    };
    const onSnapshot = (snap: Snapshot<DeploymentLogs>) => {
      const unreached = unanswered(snap.ok ? undefined : snap.error);
      if (unreached) return end(() => reject(unreached));
      if (!snap.ok) {
        const why = refused(snap.error, held === undefined);
        if (why) return end(() => reject(why));
        // One warning when trouble starts and one when its nature changes; the Poller retries.
        if (snap.error.kind !== lastErrorKind) process.stderr.write(`depwatch: ${snap.error.message}; retrying\n`);
        lastErrorKind = snap.error.kind;
        return;
      }
      lastErrorKind = undefined;
      if (held === undefined) checkReplica(snap.data.lines).catch((error: unknown) => end(() => reject(error)));
      const { added, gap } = mergeWindow(held ?? [], snap.data.lines);
      if (gap) process.stderr.write(`depwatch: ${GAP_LINE}\n`);
      print(added);
      held ??= [];
      held.push(...added);
      if (held.length > MAX_LOG_LINES) held.splice(0, held.length - MAX_LOG_LINES);
    };
    const poller = new Poller<DeploymentLogs>({ fetch: (signal) => fetch(signal), intervalMs, onSnapshot });
    const onInt = () => end(() => resolve(SIGINT_EXIT));
    const onTerm = () => end(() => resolve(SIGTERM_EXIT));
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    poller.start();
  });
}

/** How many replica names the complaint lists before "…". */
const MAX_NAMED = 5;

/**
 * Throws when the deployment lists replicas and `replica` is not one of them (or lists none); a
 * deployment that cannot be read says nothing here (the logs answer was the one asked for).
 */
async function unknownReplica(client: DeploymentsClient, deployment: string, replica: string): Promise<void> {
  const found = await client.get(deployment).catch(() => undefined);
  if (found === undefined) return;
  const names = Object.keys(found.replica_events ?? {});
  if (names.includes(replica)) return;
  const listed = names.length === 0 ? 'the API lists no replicas for it' : `replicas: ${names.slice(0, MAX_NAMED).join(', ')}${names.length > MAX_NAMED ? ', …' : ''}`;
  throw new ConfigError(`deployment ${deployment} has no replica ${JSON.stringify(replica)} (${listed})`);
}

/** The reader went away (`| head`): how a pipe says it has had enough, so exit 0, quietly; anything else is one line. */
function closedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') process.stderr.write(`depwatch: cannot write the output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? 0 : 1);
}
