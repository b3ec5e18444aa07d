// `depwatch demo`: the simulator in-process and a watch of it, no API key needed.
import type { CommonArgs } from '../cli-options.js';
import { checkSpeed, startSim } from './sim.js';
import { watch } from './watch.js';

export async function demo(args: CommonArgs & { scenario: string; speed: number }): Promise<number> {
  // Checked before anything starts: a bad --speed is one line, not a half-opened screen.
  const server = await startSim({ port: 0, scenario: [args.scenario], speed: checkSpeed(args.speed), loop: true, 'fail-rate': 0 });
  try {
    // The simulator accepts any token; the demo never touches a real key.
    return await watch(args.scenario, { ...args, 'base-url': server.url }, 'demo');
  } finally {
    await server.close();
  }
}
