// The alerts of --bell and --notify as bytes on the terminal: BEL (tmux marks the window), and
// with --notify a desktop notification as OSC 777 and OSC 9, passed through tmux when inside it.
// Neither moves the cursor, so they go out between Ink's frames.
import { sanitize } from '../sanitize.js';
import { AlertPolicy, type Alert, type AlertOptions } from '../watch/alerts.js';
import type { WatchController } from '../watch/types.js';

export const BEL = '\x07';

export interface AlertFlags {
  bell: boolean;
  notify: boolean;
}

export interface AlertStyle {
  notify: boolean;
  /** Inside tmux ($TMUX set): notifications are wrapped for its passthrough. */
  tmux: boolean;
}

/** Notification text: server text, so no escape can end the sequence early, and no `;` can split its fields. */
function field(text: string): string {
  return sanitize(text).replaceAll(';', ',');
}

/** `seq` for tmux to hand to the outer terminal as it is (tmux 3.3+ needs `allow-passthrough on`). */
export function tmuxPassthrough(seq: string): string {
  return `\x1bPtmux;${seq.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
}

/** What one alert writes: the bell, then (with notify) OSC 777 and OSC 9 saying what happened. */
export function alertBytes(alert: Alert, target: string, { notify, tmux }: AlertStyle): string {
  if (!notify) return BEL;
  const title = field(`depwatch ${target}`);
  const more = alert.reasons.length > 1 ? ` (+${alert.reasons.length - 1} more)` : '';
  const body = field(`${alert.reasons[0] ?? 'alert'}${more}`);
  const wrap = tmux ? tmuxPassthrough : (seq: string) => seq;
  return `${BEL}${wrap(`\x1b]777;notify;${title};${body}${BEL}`)}${wrap(`\x1b]9;${title}: ${body}${BEL}`)}`;
}

export interface WatchAlertsOptions extends AlertFlags {
  /** The deployment as the user named it: the notification's title. */
  target: string;
  env?: NodeJS.ProcessEnv;
  write?: (bytes: string) => void;
  now?: () => number;
  policy?: Partial<AlertOptions>;
}

/**
 * Rings for the watch `controller` from now on (what it shows already never rings); returns the
 * way to stop. Writes through process.stdout by default, which redacts whatever goes out.
 */
export function watchAlerts(controller: WatchController, options: WatchAlertsOptions): () => void {
  const { target, env = process.env, now = Date.now, write = (bytes) => void process.stdout.write(bytes) } = options;
  const style: AlertStyle = { notify: options.notify, tmux: Boolean(env.TMUX) };
  const policy = new AlertPolicy(options.policy);
  let state = controller.getState();
  let timer: NodeJS.Timeout | undefined;
  const ring = (alert: Alert | undefined) => {
    if (alert) write(alertBytes(alert, target, style));
    // What the rate limit held back rings when it may, even if no poll comes (paused).
    const due = policy.dueAt();
    if (due !== undefined && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        ring(policy.flush(now()));
      }, Math.max(0, due - now()));
      timer.unref();
    }
  };
  const unsubscribe = controller.subscribe(() => {
    const next = controller.getState();
    if (next === state) return;
    const prev = state;
    state = next;
    ring(policy.observe(prev, next, now()));
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
