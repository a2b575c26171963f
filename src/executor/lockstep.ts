import type { TaskNode } from '../playbook/types.js';

/**
 * Ansible's linear strategy inside a top-level block: the hosts go through the block's tasks
 * together. Each host stops before a task of the block (rescue and always included) until every
 * host of the step has either stopped too or finished; then the hosts waiting at the earliest task
 * in source order (Ansible's task cursor) run it, the others keep waiting. So a host in the
 * rescue of an inner block runs it before the others go on to the tasks after that block, and an
 * any_errors_fatal failure there stops them in time.
 * At most `forks` released hosts run at once. Tasks of an include_tasks/include_role run without
 * this barrier (they are not in the block when it is loaded).
 */
export class Lockstep {
  private readonly order = new Map<TaskNode, number>();
  private readonly waiting = new Map<string, { at: number; go: () => void }>();
  private readonly finished = new Set<string>();
  /** hosts released at a task and not yet at the next barrier: each holds one of `forks` slots */
  private readonly running = new Set<string>();
  private readonly queued: Array<() => void> = [];

  constructor(
    root: TaskNode,
    private readonly hosts: string[],
    private readonly forks: number,
  ) {
    this.number(root);
  }

  private number(n: TaskNode): void {
    if (n.type !== 'block') {
      this.order.set(n, this.order.size);
      return;
    }
    for (const c of [...n.block, ...n.rescue, ...n.always]) this.number(c);
  }

  /** Resolves when `host` may run `node` (at once for a node outside the block, such as an included task). */
  async arrive(host: string, node: TaskNode): Promise<void> {
    const at = this.order.get(node);
    if (at === undefined) return;
    this.leave(host);
    await new Promise<void>((go) => {
      this.waiting.set(host, { at, go });
      this.release();
    });
    await this.slot(host);
  }

  /** The host is through the step (or stopped): it no longer holds the others back. */
  done(host: string): void {
    this.leave(host);
    this.finished.add(host);
    this.release();
  }

  private leave(host: string): void {
    if (!this.running.delete(host)) return;
    this.queued.shift()?.();
  }

  private async slot(host: string): Promise<void> {
    if (this.running.size >= this.forks) await new Promise<void>((r) => this.queued.push(r));
    this.running.add(host);
  }

  private release(): void {
    if (this.waiting.size === 0) return;
    // a host still between two tasks may yet stop at an earlier one
    if (this.hosts.some((h) => !this.waiting.has(h) && !this.finished.has(h))) return;
    const next = Math.min(...[...this.waiting.values()].map((w) => w.at));
    for (const [h, w] of [...this.waiting])
      if (w.at === next) {
        this.waiting.delete(h);
        w.go();
      }
  }
}
