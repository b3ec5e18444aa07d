// The one-shot commands' shape: fetch, then print as JSON or as plain lines; a refused key, an
// unknown deployment or a base URL where nothing answers is one line.
import type { DeploymentsClient } from '../api/client.js';
import type { ConnectionArgs } from '../cli-options.js';
import { connect, refusal } from './startup.js';
import { isNoAnswer, unreachable } from './unreachable.js';

export async function once<T>(args: ConnectionArgs, json: boolean, get: (client: DeploymentsClient) => Promise<T>, plain: (value: T, now: number) => Promise<string[]>, notFound?: string): Promise<number> {
  const { client, baseUrl } = connect(args, 2);
  const { ApiError } = await import('../api/errors.js');
  try {
    const value = await get(client);
    process.stdout.write(`${json ? JSON.stringify(value, null, 2) : (await plain(value, Date.now())).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw refusal(error, notFound) ?? (isNoAnswer(error) ? unreachable(baseUrl, error) : error);
  }
}
