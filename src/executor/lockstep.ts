import type { TaskNode } from '../playbook/types.js';

/**
 * Ansible's linear strategy inside a top-level block or include: the hosts go through its tasks
 * together. Each host stops before a task of the step (rescue and always included) until every
 * host of the step has either stopped too or finished; then the hosts waiting at the earliest task
 * in order (Ansible's task cursor) run it, the others keep waiting. So a host in the rescue of an
 * inner block runs it before the others go on to the tasks after that block, and an
 * any_errors_fatal failure there stops them in time.
 * The tasks an include_tasks or include_role brings join the order right after the include, as
 * Ansible inserts them into its task list: hosts that included the same file or role (same
 * arguments, same item) share its tasks and run them together, one file after the other in the
 * order the files were first included. At most `forks` released hosts run at once. A role's
 * argument check runs without this barrier.
 */
export class Lockstep {
  /** the task cursor's list: the step's tasks in source order, included ones inserted */
  private readonly nodes: TaskNode[] = [];
  /** the step's tasks, for `is it in the step` without the order */
  private readonly members = new Set<TaskNode>();
  /** each task's place in `nodes`, made again when first asked after an insert */
  private positions?: Map<TaskNode, number>;
  private readonly waiting = new Map<string, { node: TaskNode; go: () => void }>();
  private readonly finished = new Set<string>();
  /** hosts released at a task and not yet at the next barrier: each holds one of `forks` slots */
  private readonly running = new Set<string>();
  private readonly queued: Array<() => void> = [];
  /**
   * per include: what each file or role it brought loaded (by file or role arguments, item),
   * loaded once for all hosts, and how often each host asked for each (a second time is a copy
   * of its own)
   */
  private readonly included = new Map<
    TaskNode,
    { loaded: Map<string, unknown>; asked: Map<string, number> }
  >();
  /** the hosts released together at a task, for a task all of them do at once (gather) */
  private readonly releasedWith = new Map<string, Gathering>();
  /** per include: the last task inserted for it, after which the next file's tasks go */
  private readonly insertAfter = new Map<TaskNode, TaskNode>();

  constructor(
    root: TaskNode,
    private readonly hosts: string[],
    private readonly forks: number,
  ) {
    this.flatten(root, this.nodes);
    for (const n of this.nodes) this.members.add(n);
  }

  private flatten(n: TaskNode, into: TaskNode[]): void {
    if (n.type !== 'block') into.push(n);
    else for (const c of [...n.block, ...n.rescue, ...n.always]) this.flatten(c, into);
  }

  /**
   * A task's place in the order. Made again after inserts only when asked: the hosts of a loop
   * include with an item of their own each insert a file in a row, before any of them goes on.
   */
  private position(n: TaskNode): number | undefined {
    this.positions ??= new Map(this.nodes.map((node, i) => [node, i]));
    return this.positions.get(n);
  }

  /**
   * What a file or role `include` brought, for `host` that included it as `key` (its file or role
   * arguments and loop item): loaded by the first host of that key, its tasks (`tasksOf`) put in
   * the order, shared by the others. An include outside the step (no position) gets its own,
   * run without the barrier.
   */
  includedOnce<T>(
    include: TaskNode,
    host: string,
    key: string,
    load: () => T,
    tasksOf: (t: T) => TaskNode[],
  ): T {
    if (!this.members.has(include)) return load();
    const inc = this.included.get(include) ?? { loaded: new Map(), asked: new Map() };
    this.included.set(include, inc);
    // Ansible: a host that includes the same file twice gets a copy of its own the second time
    const n = inc.asked.get(`${host}\0${key}`) ?? 0;
    inc.asked.set(`${host}\0${key}`, n + 1);
    const id = `${n}\0${key}`;
    if (inc.loaded.has(id)) return inc.loaded.get(id) as T;
    const loaded = load();
    const flat: TaskNode[] = [];
    for (const node of tasksOf(loaded)) this.flatten(node, flat);
    const after = this.insertAfter.get(include) ?? include;
    this.nodes.splice((this.positions?.get(after) ?? this.nodes.indexOf(after)) + 1, 0, ...flat);
    for (const n of flat) this.members.add(n);
    this.positions = undefined;
    if (flat.length) this.insertAfter.set(include, flat[flat.length - 1]!);
    inc.loaded.set(id, loaded);
    return loaded;
  }

  /**
   * The order a host runs the files it included: Ansible's, the order in which the files were
   * first included by any host (a host's own loop order only among files no other host has).
   */
  runOrder(files: readonly TaskNode[][]): number[] {
    const first = (nodes: readonly TaskNode[]) => {
      const flat: TaskNode[] = [];
      for (const n of nodes) this.flatten(n, flat);
      return flat.length ? (this.position(flat[0]!) ?? -1) : -1;
    };
    return files
      .map((nodes, i) => ({ i, at: first(nodes) }))
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((f) => f.i);
  }

  /** Resolves when `host` may run `node` (at once for a node outside the step, such as a role's). */
  async arrive(host: string, node: TaskNode): Promise<void> {
    if (!this.members.has(node)) return;
    this.leave(host);
    this.notGathering(host);
    await new Promise<void>((go) => {
      this.waiting.set(host, { node, go });
      this.release();
    });
    await this.slot(host);
  }

  /** The host is through the step (or stopped): it no longer holds the others back. */
  done(host: string): void {
    this.leave(host);
    this.notGathering(host);
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
    // a host still between two tasks may yet stop at an earlier one (counted first: with a
    // thousand hosts arriving one by one, a scan at each arrival grew with hosts squared)
    if (this.waiting.size + this.finished.size < this.hosts.length) return;
    if (this.hosts.some((h) => !this.waiting.has(h) && !this.finished.has(h))) return;
    const at = (w: { node: TaskNode }) => this.position(w.node)!;
    const next = Math.min(...[...this.waiting.values()].map(at));
    const released = [...this.waiting].filter(([, w]) => at(w) === next);
    const gathering: Gathering = { expected: new Set(released.map(([h]) => h)), joined: [] };
    for (const [h, w] of released) {
      this.waiting.delete(h);
      this.releasedWith.set(h, gathering);
      w.go();
    }
  }

  /**
   * Ansible's flush_handlers in the linear strategy: `run` once for all the hosts released at
   * this task with `host` that come here too (those that skip it are not waited for), by the
   * last of them to come. A waiting host gives its place among the forks to the others.
   */
  gather(host: string, run: (hosts: string[]) => Promise<void>): Promise<void> {
    const g = this.releasedWith.get(host);
    if (!g) return run([host]);
    this.releasedWith.delete(host);
    this.leave(host);
    g.joined.push(host);
    g.run ??= run;
    const done = (g.done ??= new Promise<void>((resolve, reject) => (g.settle = { resolve, reject })));
    this.startIfAllCame(g);
    return done;
  }

  /** The host went on without gathering (it skipped the task, or ended): not waited for. */
  private notGathering(host: string): void {
    const g = this.releasedWith.get(host);
    if (!g) return;
    this.releasedWith.delete(host);
    g.expected.delete(host);
    this.startIfAllCame(g);
  }

  private startIfAllCame(g: Gathering): void {
    if (g.started || !g.run || g.joined.length < g.expected.size) return;
    g.started = true;
    g.run(g.joined).then(g.settle!.resolve, g.settle!.reject);
  }
}

/** The hosts released together at one task, and those of them that came to gather. */
interface Gathering {
  expected: Set<string>;
  joined: string[];
  run?: (hosts: string[]) => Promise<void>;
  done?: Promise<void>;
  settle?: { resolve: () => void; reject: (e: unknown) => void };
  started?: boolean;
}
