// `depwatch demo`: the simulator in-process and a watch of it, no API key needed.
import { commonArgs, type ScreenArgs } from '../cli-options.js';
import { checkSpeed, startSim } from './sim.js';
import { needTerminal } from './startup.js';
import { watch } from './watch.js';

export async function demo(args: ScreenArgs & { scenario: string; speed: number }): Promise<number> {
  const speed = checkSpeed(args.speed); // a bad flag is said first, terminal or not
  // Its simulator lives only as long as the demo, so no other command could reach it.
  needTerminal(`the demo needs a terminal; without one, run the simulator (depwatch sim --port 8080 --scenario ${args.scenario}) and ask it: TOGETHER_API_KEY=any depwatch status ${args.scenario} --base-url http://127.0.0.1:8080/v1`);
  const server = await startSim({ port: 0, scenario: [args.scenario], speed, loop: true, 'fail-rate': 0 });
  try {
    // The simulator accepts any token; the demo never touches a real key. Every key is redacted from
    // all output, so this one is one that no screen text can contain (`demo` would mask the word).
    return await watch(args.scenario, { ...commonArgs(args), 'base-url': server.url }, `demo-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`);
  } finally {
    await server.close();
  }
}
