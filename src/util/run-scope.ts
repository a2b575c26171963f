/**
 * What a module keeps for the length of one run: secrets and answers, what the playbook's
 * directories held, what the environment named. A process that serves runs one after another
 * (src/warm/) forgets it all between two runs; a run of its own simply ends.
 */
const forgetters: (() => void)[] = [];

/** Registers a store (a Map, a Set ...) that is emptied when a run ends. */
export function forgetAfterRun<T extends { clear(): void }>(store: T): T {
  forgetters.push(() => store.clear());
  return store;
}

/** Registers what to do when a run ends, for state a store's clear() does not cover. */
export function onRunEnd(forget: () => void): void {
  forgetters.push(forget);
}

/** Forgets every run's state: called between two runs of one process. */
export function forgetRunState(): void {
  for (const f of forgetters) f();
}

let servesRuns = false;

/** Whether this process serves runs one after another (src/warm/): a run's end is not the process's. */
export function processServesRuns(): boolean {
  return servesRuns;
}

export function setProcessServesRuns(on: boolean): void {
  servesRuns = on;
}
