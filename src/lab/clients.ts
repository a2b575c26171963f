import { clientNs } from './paths.js';
import { mustRun } from './run.js';
import { readLabState, writeLabState } from './state.js';

/**
 * Adds a client namespace on fabric segment `segment`: its `eth0` sits on that segment's bridge
 * only, with no address (a DHCP client gets one from the segment's server). Returns its netns name.
 */
export function addClient(lab: string, segment: number, mac?: string): Promise<string> {
  // one at a time: each reads the lab's state to number its client, then writes it back
  const next = queue.then(() => addOne(lab, segment, mac));
  queue = next.catch(() => undefined);
  return next;
}

let queue: Promise<unknown> = Promise.resolve();

async function addOne(lab: string, segment: number, mac?: string): Promise<string> {
  const state = await readLabState(lab);
  if (!state) throw new Error(`lab '${lab}' is not up`);
  if (!(segment >= 1 && segment <= state.segments)) throw new Error(`lab '${lab}' has no segment ${segment}`);
  const n = state.clients.length + 1;
  const ns = clientNs(lab, n);
  state.clients.push({ netns: ns, segment });
  await writeLabState(state);
  await mustRun(['ip', 'netns', 'add', ns]);
  const peer = `c${n}`;
  const cmds = [
    `link add ${peer} type veth peer name eth0 netns ${ns}${mac ? ` address ${mac}` : ''}`,
    `link set ${peer} master seg${segment} up`,
  ];
  await mustRun(['ip', '-n', state.mgmtNetns, '-batch', '-'], { input: cmds.join('\n') + '\n' });
  await mustRun(['ip', '-n', ns, '-batch', '-'], { input: 'link set lo up\nlink set eth0 up\n' });
  return ns;
}
