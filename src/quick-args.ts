// The start-up fast path: `depwatch [watch] <deployment> [common flags]`, the way people run it,
// recognised without yargs, so the first request is on the wire before yargs (or Ink) is even
// evaluated. Anything it is not sure of (help, version, completion, other commands, unknown or
// repeated flags, `--flag=value` forms of booleans, a missing value, a second positional) returns
// undefined and the full yargs parser decides, errors and all. test/unit/quick-args.test.ts checks
// every answer it gives against yargs built from the same option table.
import { COMMAND_NAMES, COMMON_OPTIONS, commonArgs, type CommonArgs } from './cli-options.js';

type OptionName = keyof typeof COMMON_OPTIONS;

const isOption = (name: string): name is OptionName => Object.hasOwn(COMMON_OPTIONS, name);

export interface QuickWatch {
  deployment: string;
  args: CommonArgs;
}

export function quickWatchArgs(argv: readonly string[]): QuickWatch | undefined {
  const rest = argv[0] === 'watch' ? argv.slice(1) : argv;
  const seen = new Set<OptionName>();
  const values: Partial<Record<OptionName, string | boolean>> = {};
  let deployment: string | undefined;

  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const raw = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      const negated = raw.startsWith('no-') && !isOption(raw);
      const name = negated ? raw.slice(3) : raw;
      if (!isOption(name) || seen.has(name)) return undefined;
      seen.add(name);
      const spec = COMMON_OPTIONS[name];
      if (spec.type === 'boolean') {
        // `--color=false` and `--color false` are yargs' to interpret.
        const next = rest[i + 1];
        if (eq >= 0 || next === 'true' || next === 'false') return undefined;
        values[name] = !negated;
      } else {
        if (negated) return undefined;
        const value = eq >= 0 ? token.slice(eq + 1) : rest[++i];
        if (value === undefined || value === '' || value.startsWith('-')) return undefined;
        values[name] = value;
      }
    } else if (token.startsWith('-')) {
      return undefined;
    } else {
      // One deployment, not a command name, and nothing yargs might read as a number.
      if (deployment !== undefined || COMMAND_NAMES.includes(token) || token.trim() === '' || Number.isFinite(Number(token))) return undefined;
      deployment = token;
    }
  }
  if (deployment === undefined) return undefined;

  return { deployment, args: commonArgs(values) };
}
