// `depwatch rollout <deployment>`: wait for a rollout to finish, for scripts and CI logs (no
// terminal needed): a timestamped line per change, then a summary line; `--json` for NDJSON.
// Exit 0 complete (or no rollout and Ready), 1 failed or stalled, 3 timeout, 2 usage, refused key,
// unknown deployment, 4 nothing ever answered at the base URL (after a few attempts:
// unreachable.ts); 130/143 on SIGINT/SIGTERM after the summary so far. Once the API has answered,
// poll failures are retried by the Poller (backoff, Retry-After) and reported as warnings, never fatal.
import type { Deployment } from '../api/schema.js';
import { RECORD_OPTIONS, SCREEN_OPTIONS, type ConnectionArgs, type RecordArgs } from '../cli-options.js';
import { checkDeploymentName, ConfigError, MAX_WAIT_MS, parseDuration, parseInterval, progressDeadlineOf, resolveDisplay } from '../config.js';
import type { RolloutEvent, RolloutResult } from '../plain/rollout-lines.js';
import { redact } from '../redact.js';
import { deploymentNotFound } from '../suggest.js';
import { SIGINT_EXIT, SIGTERM_EXIT } from '../ui/exit-codes.js';
import { crashLine } from '../watch/log-lines.js';
import type { Snapshot } from '../watch/types.js';
import { recorderFor } from '../record/writer.js';
import { connect, refusal, VERSION } from './startup.js';
import { unansweredGuard } from './unreachable.js';

export interface RolloutArgs extends ConnectionArgs, Partial<RecordArgs> {
  interval: string;
  ascii: boolean;
  timeout: string;
  'progress-deadline': string;
  json: boolean;
}

/** The command's own flags, for the yargs table (cli-commands.ts). */
export const ROLLOUT_OPTIONS = {
  interval: SCREEN_OPTIONS.interval,
  ascii: SCREEN_OPTIONS.ascii,
  timeout: { type: 'string', default: '15m', describe: 'give up after this long (exit 3)' },
  'progress-deadline': { type: 'string', default: '10m', describe: 'stalled (exit 1) when no new replica appears or becomes ready and no old one goes away for this long' },
  json: { type: 'boolean', default: false, describe: 'one JSON object per event, then a summary object (NDJSON)' },
  ...RECORD_OPTIONS,
} as const;

/** Logs read, at most, for the causes of a failure. */
const MAX_LOG_READS = 2;

export async function rollout(deployment: string, args: RolloutArgs): Promise<number> {
  checkDeploymentName(deployment);
  const timeoutMs = parseDuration(args.timeout, '--timeout', MAX_WAIT_MS);
  const progressDeadlineMs = progressDeadlineOf(args);
  const { ascii } = resolveDisplay({ color: false, ascii: args.ascii }, process.env, false);
  const { client, baseUrl } = connect(args, 0);
  const intervalMs = parseInterval(args.interval, baseUrl);
  const record = recorderFor(args, { kind: 'rollout', targets: [deployment], baseUrl, intervalMs, version: VERSION, progressDeadlineMs });
  const [{ Poller }, { diffDeployments }, progress, lines] = await Promise.all([
    import('../watch/poller.js'), import('../watch/diff.js'), import('../watch/progress.js'), import('../plain/rollout-lines.js'),
  ]);
  const out = lines.rolloutWriter({ json: args.json, ascii, write: (line) => process.stdout.write(`${redact(line)}\n`) });
  const opts = { progressDeadlineMs };
  const began = Date.now();
  let state = progress.initialProgress();
  let failedPolls = 0;
  let lastErrorKind: string | undefined;
  const unanswered = unansweredGuard(baseUrl);

  return new Promise<number>((resolve, reject) => {
    let done = false;
    const halt = () => {
      done = true;
      poller.stop();
      record?.close();
      clearTimeout(timer);
    };
    const release = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    const finish = (result: RolloutResult, exitCode = result === 'interrupted' ? SIGINT_EXIT : lines.EXIT_CODES[result]) => {
      if (done) return;
      halt();
      // A failure says why: when the API says only "back-off", the crash line of the logs.
      void (result === 'failed' ? explain() : Promise.resolve()).then(() => {
        release();
        const now = Date.now();
        const view = progress.progressView(state, now, opts);
        out.end({ result, exitCode, deployment: view?.deployment ?? deployment, waitedMs: now - began, ...(view === undefined ? {} : { view }) });
        resolve(exitCode);
      });
    };
    const explain = async () => {
      const view = progress.progressView(state, Date.now(), opts);
      const names = view === undefined ? [] : progress.unexplained(view).slice(0, MAX_LOG_READS);
      await Promise.all(names.map(async (name) => {
        const line = crashLine((await client.logs(deployment, name).catch(() => ({ lines: [] }))).lines);
        if (line !== undefined) state = progress.explainReplica(state, name, `log: ${line}`);
      }));
    };
    const refuse = (error: ConfigError) => {
      halt();
      release();
      reject(error);
    };
    const emit = (e: RolloutEvent) => out.event(e);

    const onSnapshot = (snap: Snapshot<Deployment>) => {
      if (done) return;
      record?.poll(snap);
      const unreached = unanswered(snap.ok ? undefined : snap.error);
      if (unreached) return refuse(unreached);
      if (!snap.ok) {
        const refused = refusal(snap.error);
        if (refused) return refuse(refused);
        if (snap.error.kind === 'not-found' && state.deployment === undefined) return refuse(new ConfigError(deploymentNotFound(deployment)));
        failedPolls++;
        // One warning when trouble starts, and one when its nature changes; the Poller retries.
        if (snap.error.kind !== lastErrorKind) emit({ at: snap.at, kind: 'connection', severity: 'warn', text: `${snap.error.message}; retrying` });
        lastErrorKind = snap.error.kind;
        return;
      }
      if (failedPolls > 0) emit({ at: snap.at, kind: 'connection', severity: 'ok', text: `connection restored after ${failedPolls} failed poll${failedPolls === 1 ? '' : 's'}` });
      failedPolls = 0;
      lastErrorKind = undefined;
      const previous = state.deployment;
      const tracked = progress.trackProgress(state, snap, opts);
      state = tracked.state;
      for (const e of diffDeployments(previous, snap.data, snap.at)) emit({ ...e, kind: 'timeline' });
      const view = progress.progressView(state, snap.at, opts)!;
      const ending = view.phase === 'complete' || view.phase === 'failed' || view.phase === 'stalled' ? view.phase
        : view.phase === 'steady' && state.rollout === undefined && view.status === 'Ready' ? 'no-rollout' : undefined;
      for (const { phase, ...e } of tracked.events) {
        // Configuration changes are timeline events (diff.ts); the tracker's copies would say them twice.
        if (e.kind === 'change') continue;
        // The phase that ends the run is the summary line: in text, said once, there (NDJSON keeps the event).
        if (ending !== undefined && !args.json && e.kind === 'phase' && phase === view.phase) continue;
        emit(e);
      }
      if (ending !== undefined) finish(ending);
    };

    const poller = new Poller<Deployment>({ fetch: (signal) => client.get(deployment, { signal }), intervalMs, onSnapshot });
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const onInt = () => finish('interrupted', SIGINT_EXIT);
    const onTerm = () => finish('interrupted', SIGTERM_EXIT);
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    poller.start();
  });
}
