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
