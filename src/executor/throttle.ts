/**
 * The `throttle` keyword: at most N hosts run one task at the same time (a host's whole loop
 * counts as one), whatever the forks. One gate per task object, shared by every host of the run.
 */

interface Gate {
  active: number;
  waiting: Array<() => void>;
}

const gates = new WeakMap<object, Gate>();

export async function throttled<T>(task: object, limit: number, run: () => Promise<T>): Promise<T> {
  if (!(limit > 0)) return run();
  let gate = gates.get(task);
  if (!gate) gates.set(task, (gate = { active: 0, waiting: [] }));
  const g = gate;
  if (g.active >= limit) await new Promise<void>((resolve) => g.waiting.push(resolve));
  g.active++;
  try {
    return await run();
  } finally {
    g.active--;
    g.waiting.shift()?.();
  }
}
