// Container log lines consistent with each replica's phases: start-up while loading, request
// and metrics lines while ready, a traceback for each crash, shutdown lines when terminated.
import type { DeploymentSpec } from './deployment.js';
import { stableFraction } from './ids.js';
import { phases, type Phase, type ReplicaPlan } from './lifecycle.js';
import { isoMillis, wallMs, type Timebase } from './timebase.js';

export const DEFAULT_LOG_LIMIT = 200;
/** A ready replica logs one line per this much scenario time. */
const READY_LINE_EVERY_MS = 2_500;

interface LogLine {
  /** Scenario ms. */
  at: number;
  text: string;
}

// Start-up as vLLM prints it, at fractions of the loading phase.
function startup(spec: DeploymentSpec): [number, string][] {
  const shards = 4;
  return [
    [0, 'INFO [api_server.py:1090] vLLM API server version 0.9.2'],
    [0.02, `INFO [api_server.py:1091] args: model='${spec.modelPath}', served_model_name=['${spec.modelId}'], port=8000, tensor_parallel_size=${spec.gpuCount}, max_model_len=8192`],
    [0.1, "INFO [config.py:823] This model supports multiple tasks: {'generate'}. Defaulting to 'generate'."],
    [0.18, 'INFO [cuda.py:291] Using Flash Attention backend.'],
    [0.25, `INFO [model_runner.py:1107] Starting to load model ${spec.modelPath}...`],
    ...Array.from({ length: shards }, (_, i): [number, string] => [
      0.35 + (0.45 * (i + 1)) / shards,
      `Loading safetensors checkpoint shards: ${String(Math.round(((i + 1) * 100) / shards)).padStart(3)}% Completed | ${i + 1}/${shards}`,
    ]),
    [0.85, 'INFO [model_runner.py:1126] Loading model weights took 14.99 GB'],
    [0.9, 'INFO [worker.py:267] Memory profiling takes 2.41 seconds'],
    ...HOSTILE_LINES.map((text, i): [number, string] => [0.91 + i * 0.005, text]),
  ];
}

/**
 * What careless or hostile containers write, so every client meets it: colours from a logger that
 * thinks it has a terminal, a very long line, and sequences that would retitle the window, write
 * the clipboard (OSC 52), clear the screen, reach the terminal's device controls (DCS), or act as
 * C1 controls and bidi overrides, if shown raw. Each also says in plain words what it tried.
 */
export const HOSTILE_LINES = [
  '\x1b[32mINFO\x1b[0m \x1b[1;34mcoloured\x1b[0m output from a logger that assumes a terminal',
  `DEBUG request body: ${'{"role":"user","content":"a very long line"},'.repeat(100)}end of the long line`,
  'WARN \x1b]0;pwned\x07the container tried to set the window title',
  'WARN \x1b]52;c;cHduZWQ=\x07the container tried to write the clipboard',
  'WARN \x1b[2J\x1b[3J\x1b[Hthe container tried to clear the screen',
  'WARN \x1bP1$r0m\x1b\\\x1bP+q544e\x1b\\the container sent device control strings',
  'WARN \u009b2J\u009d0;pwned\u0007\u0085\u0090x\u009cthe container sent C1 controls',
  'WARN \u202eemoc kcab\u202c \u2066the container sent bidi overrides\u2069',
];

const READY_LINES = [
  'INFO [gpu_executor.py:122] # GPU blocks: 27843, # CPU blocks: 2048',
  'INFO:     Started server process [1]',
  'INFO:     Waiting for application startup.',
  'INFO:     Application startup complete.',
  'INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)',
];

const SHUTDOWN_LINES = [
  'INFO:     Shutting down',
  'INFO:     Waiting for application shutdown.',
  'INFO:     Application shutdown complete.',
  'INFO:     Finished server process [1]',
];

function crashLines(spec: DeploymentSpec, message: string): string[] {
  return [
    'ERROR [engine.py:366] Engine failed to start while allocating the KV cache',
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py", line 1121, in <module>',
    '    uvloop.run(run_server(args))',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/worker/worker.py", line 262, in determine_num_available_blocks',
    '    self.model_runner.profile_run()',
    '  File "/usr/local/lib/python3.12/dist-packages/torch/cuda/memory.py", line 192, in empty_cache',
    `torch.OutOfMemoryError: ${message.replace(/^Error: /, '').replace(/ \(exit code \d+\)$/, '')}`,
    `ERROR [multiproc_worker_utils.py:123] Worker for ${spec.modelId} exited with code 1`,
  ];
}

/** The line a ready replica writes in time slot j: mostly requests, a health check and metrics now and then. */
function servingLine(plan: ReplicaPlan, j: number): string {
  const r = stableFraction(`${plan.name}/log/${j}`);
  const client = `10.42.${Math.floor(r * 7)}.${10 + Math.floor(r * 200)}:${40_000 + Math.floor(r * 20_000)}`;
  if (j % 4 === 0) return `INFO:     ${client} - "GET /health HTTP/1.1" 200 OK`;
  if (j % 16 === 7) return HOSTILE_LINES[Math.floor(j / 16) % HOSTILE_LINES.length]!;
  if (j % 8 === 6) {
    return `INFO [metrics.py:351] Avg prompt throughput: ${(400 + r * 900).toFixed(1)} tokens/s, Avg generation throughput: ${(800 + r * 1200).toFixed(1)} tokens/s, Running: ${1 + Math.floor(r * 12)} reqs, Pending: 0 reqs, GPU KV cache usage: ${(r * 40).toFixed(1)}%`;
  }
  return `INFO:     ${client} - "POST /v1/chat/completions HTTP/1.1" 200 OK`;
}

/** A phase's lines up to scenario time t (exclusive of the phase's end); at most `limit` of the newest. */
function phaseLines(spec: DeploymentSpec, plan: ReplicaPlan, phase: Phase, t: number, limit: number): LogLine[] {
  const span = phase.to - phase.from;
  const spread = (items: [number, string][]) => items.map(([f, text]) => ({ at: phase.from + f * span, text }));
  const burst = (texts: string[]) => texts.map((text, i) => ({ at: phase.from + i * 50, text }));
  let lines: LogLine[];
  switch (phase.kind) {
    case 'loading':
      lines = plan.crash === undefined ? [...spread(startup(spec)), ...READY_LINES.map((text, i) => ({ at: phase.to - 400 + i * 80, text }))] : spread(startup(spec));
      break;
    case 'crashed':
      lines = burst(crashLines(spec, plan.crash?.message ?? 'Error'));
      break;
    case 'ready': {
      const last = Math.floor((Math.min(t, phase.to - 1) - phase.from) / READY_LINE_EVERY_MS);
      lines = [];
      for (let j = Math.max(0, last - limit + 1); j <= last; j++) lines.push({ at: phase.from + j * READY_LINE_EVERY_MS, text: servingLine(plan, j) });
      break;
    }
    case 'terminated': {
      // Only a container that ran has anything to say on the way out.
      const ran = phases(plan).some((p) => p.kind === 'loading' || p.kind === 'ready');
      lines = ran ? burst(SHUTDOWN_LINES) : [];
      break;
    }
    default:
      lines = [];
  }
  return lines.filter((l) => l.at <= t && l.at < phase.to);
}

function replicaLines(spec: DeploymentSpec, plan: ReplicaPlan, t: number, limit: number): LogLine[] {
  const lines = phases(plan).filter((p) => p.from <= t).flatMap((p) => phaseLines(spec, plan, p, t, limit));
  return lines.slice(-limit);
}

/**
 * The logs endpoint's lines at scenario time t: one replica's lines when `replicaId` is given
 * (none for an unknown replica), else every replica's lines by time, each prefixed `[name] `.
 */
export function deploymentLogs(
  spec: DeploymentSpec, plans: readonly ReplicaPlan[], t: number, tb: Timebase,
  opts: { replicaId?: string; limit?: number } = {},
): string[] {
  const limit = opts.limit ?? DEFAULT_LOG_LIMIT;
  const stamp = (l: LogLine) => `${isoMillis(wallMs(tb, l.at))} ${l.text}`;
  if (opts.replicaId !== undefined) {
    const plan = plans.find((p) => p.name === opts.replicaId);
    return plan === undefined ? [] : replicaLines(spec, plan, t, limit).map(stamp);
  }
  const tagged = plans.flatMap((p, order) => replicaLines(spec, p, t, limit).map((l, seq) => ({ ...l, name: p.name, order, seq })));
  tagged.sort((a, b) => a.at - b.at || a.order - b.order || a.seq - b.seq);
  return tagged.slice(-limit).map((l) => `[${l.name}] ${stamp(l)}`);
}
