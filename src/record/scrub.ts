// What a recording must not keep: environment variable values and secret references (only the
// names are kept — the screens compare nothing else), and anything key-like in a command line.
// The registered API key is masked again by redact() on the way to the file (writer.ts).
import type { Deployment } from '../api/schema.js';

const MASK = '****';
/** A flag or assignment whose name says it carries a secret. */
const SECRET_NAME = /(key|token|secret|passw(or)?d|credential|auth)/i;
/** A long unbroken run of letters and digits (both): an opaque token more often than not; model paths and flags break up sooner. */
const TOKEN = /[A-Za-z0-9]{24,}/g;

function looksLikeToken(text: string): boolean {
  return (text.match(TOKEN) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run));
}

/** A command line with the values of secret-named flags and token-like words masked. */
export function scrubArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_NAME.test(arg.slice(0, eq))) return `${arg.slice(0, eq + 1)}${MASK}`;
    const before = i > 0 ? args[i - 1]! : '';
    if (before.startsWith('-') && !before.includes('=') && SECRET_NAME.test(before)) return MASK;
    return looksLikeToken(arg) ? MASK : arg;
  });
}

/** Scrubbed deployments by the parsed object: the list parser hands back the same object for a deployment sent unchanged. */
const scrubbed = new WeakMap<Deployment, Deployment>();

/** The deployment as it may be written to a file. */
export function scrubDeployment(d: Deployment): Deployment {
  const known = scrubbed.get(d);
  if (known) return known;
  const out: Deployment = { ...d };
  if (d.environment_variables) out.environment_variables = d.environment_variables.map((e) => ({ name: e.name }));
  if (d.args) out.args = scrubArgs(d.args);
  if (d.command) out.command = scrubArgs(d.command);
  scrubbed.set(d, out);
  return out;
}

/** A poll's data (one deployment, or the list), scrubbed. */
export function scrubData(data: unknown): unknown {
  if (Array.isArray(data)) return data.map((d) => scrubDeployment(d as Deployment));
  return typeof data === 'object' && data !== null ? scrubDeployment(data as Deployment) : data;
}
