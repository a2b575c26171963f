/** Starts a request, handing it the node-style callback that settles it. */
export type RequestStart<T> = (done: (err: unknown, value?: T) => void) => void;

/**
 * How a connection sends one request that its end must race (EndRace.request, bound to the
 * connection's own wording of a failure).
 */
export type Request = <T>(start: RequestStart<T>) => Promise<T>;

/** What a request does beside settling: words a failure, hears an answer. */
export interface RequestHooks {
  /** the error the caller sees for `e` (a request's own failure, or the end's reason) */
  fail(e: unknown): unknown;
  /** called once the request settled, before its caller hears of it; `answered`: it succeeded */
  settled?(answered: boolean): void;
}

/**
 * Races requests against a connection's end. `Promise.race([gone, p])` on one long-lived `gone`
 * promise leaves a reaction on it per call, and each reaction keeps that call's promise and its
 * result (command output, SFTP handles) until the connection ends: at 1,000 hosts x 20 tasks
 * that was most of the heap. Here a pending request is one entry in a set, removed when it settles.
 */
export class EndRace {
  private reason?: Error;
  private waiting = new Set<(e: Error) => void>();

  /** The connection ended: every request still pending rejects with `reason`, later ones at once. */
  end(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    for (const reject of this.waiting) reject(reason);
    this.waiting.clear();
  }

  get ended(): boolean {
    return this.reason !== undefined;
  }

  /** How many requests are waiting (for tests: none once they all settled). */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * A request `start` sends, settled by the callback it is given, or the end's reason if the
   * connection ends first: one promise in all, where race() on a callback's own promise, and a
   * then() for the caller's wording, cost two more and a turn of the microtask queue each (a
   * first run's writes are six requests a file).
   */
  request<T>(start: RequestStart<T>, hooks: RequestHooks): Promise<T> {
    if (this.reason) {
      hooks.settled?.(false);
      return Promise.reject(hooks.fail(this.reason));
    }
    return new Promise<T>((resolve, reject) => {
      const onEnd = (e: Error) => {
        hooks.settled?.(false);
        reject(hooks.fail(e));
      };
      this.waiting.add(onEnd);
      const done = (err: unknown, value?: T) => {
        // the end rejected it already
        if (!this.waiting.delete(onEnd)) return;
        hooks.settled?.(!err);
        if (err) reject(hooks.fail(err));
        else resolve(value as T);
      };
      try {
        start(done);
      } catch (e) {
        done(e ?? new Error('request failed'));
      }
    });
  }

  /** `p`'s outcome, or the end's reason if the connection ends first. */
  race<T>(p: Promise<T>): Promise<T> {
    if (this.reason) {
      p.catch(() => {}); // its own failure after the end is no news
      return Promise.reject(this.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      p.then(
        (v) => {
          this.waiting.delete(reject);
          resolve(v);
        },
        (e: unknown) => {
          this.waiting.delete(reject);
          reject(e);
        },
      );
    });
  }
}
