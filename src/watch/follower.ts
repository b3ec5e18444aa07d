// A store fed by one Poller at a time that follows the watch's pause and refresh: the logs and
// queue followers each poll something beside the deployment and swap pollers when it changes.
import type { Poller } from './poller.js';
import { StateStore } from './store.js';

export abstract class Follower<S, T> extends StateStore<S> {
  private poller: Poller<T> | undefined;
  private paused = false;

  /** Fetch now (key `r`). */
  pollNow(): void {
    this.poller?.pollNow();
  }

  /** Follow the watch's pause (key `p`): no requests while paused. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.poller?.pause();
    else this.poller?.resume();
  }

  /** Stops the poller there was and starts `poller` (none: just stops); started while paused, it polls once resumed. */
  protected replacePoller(poller?: Poller<T>): void {
    this.poller?.stop();
    this.poller = poller;
    if (!poller) return;
    if (this.paused) poller.pause();
    poller.start();
  }

  /** Is this the poller followed now (an answer from one replaced since is dropped)? */
  protected isCurrent(poller: Poller<T>): boolean {
    return this.poller === poller;
  }

  protected get polling(): boolean {
    return this.poller !== undefined;
  }
}
