import { setFlagsFromString } from 'node:v8';

let stopped = false;

/**
 * Turns off V8's allocation-site pretenuring, before the first SSH handshake. Once the first
 * task's objects waited for handshakes, V8 judged the places that make them long-lived and put
 * every later host-task's objects straight in its old generation: at a thousand hosts that was a
 * third of the peak memory. Set here rather than as Node starts: a flag changed before the bundle
 * and Node's own modules load makes V8 refuse their code caches (the bundle's is made without
 * it), about 4 ms of a one-task local run.
 */
export function stopPretenuring(): void {
  if (stopped) return;
  stopped = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
