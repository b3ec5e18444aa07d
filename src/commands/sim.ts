// `depwatch sim`: the simulated deployments API on loopback, until a signal.
export interface SimArgs {
  port: number;
  scenario: string[];
  speed: number;
  loop: boolean;
  'fail-rate': number;
}

export async function startSim(args: SimArgs) {
  const { startSimulator } = await import('../sim/server.js');
  return startSimulator({ port: args.port, scenarios: args.scenario, speed: args.speed, loop: args.loop, failRate: args['fail-rate'] });
}

export async function sim(args: SimArgs): Promise<number> {
  const server = await startSim(args);
  process.stdout.write(`listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await server.close();
  return 0;
}
