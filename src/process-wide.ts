// Module state that must be one per process, not one per copy of the module: each lazy part of
// the bundle (scripts/build.mjs) carries its own copy of the modules it shares with the rest, so
// such state is kept on globalThis, under a key every copy derives alike. Only plain data goes
// here: a class made by one copy is not `instanceof` another copy's.
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`depwatch.${name}`);
  const store = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  return (store[key] ??= create());
}
