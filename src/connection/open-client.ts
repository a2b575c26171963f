import { UnreachableError } from '../errors.js';
import { openKept } from './keeper/keeper-client.js';
import { persistenceOf } from './keeper/persist.js';
import { take } from './keeper/parked.js';
import { processServesRuns } from '../util/run-scope.js';
import { loginUserOf, openSshClient, type OpenedClient } from './ssh-connect.js';
import type { ConnectionSpec, ReconnectOptions } from './types.js';

/**
 * The client of a host's connection: a kept one when ControlPersist asks for it (keeper/) and
 * `direct` is not set, else one of this run's own. As Ansible's ssh_retry, a failed connection is
 * tried again (connectRetries) after 0, 1, 3, 7 ... (at most 30) s; a refused login is not
 * (trying again would not help, and may lock the account).
 */
export async function openClient(spec: ConnectionSpec, direct: boolean): Promise<OpenedClient> {
  const tries = (spec.connectRetries ?? 0) + 1;
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOnce(spec, direct);
    } catch (e) {
      if (attempt + 1 >= tries || !(e instanceof UnreachableError) || e.authentication) throw e;
      await new Promise((r) => setTimeout(r, Math.min(2 ** attempt - 1, 30) * 1000));
    }
  }
}

async function openOnce(spec: ConnectionSpec, direct: boolean): Promise<OpenedClient> {
  const persistence = direct ? undefined : persistenceOf(spec);
  if (!persistence) return openSshClient(spec);
  if (processServesRuns()) {
    // a process serving runs one after another keeps its connections itself (keeper/parked.ts):
    // the keeper's relay would cost every request a hop through another process
    const earlier = take(persistence);
    if (earlier)
      return {
        client: earlier.client,
        via: [],
        user: loginUserOf(spec),
        parkAt: persistence,
        kept: earlier,
      };
    const opened = await openSshClient(spec);
    // one riding on a jump host is not parked: its hops would have to be kept with it
    return opened.via.length ? opened : { ...opened, parkAt: persistence };
  }
  const kept = await openKept(spec, persistence);
  return kept ? { client: kept, via: [], user: loginUserOf(spec), keptAt: persistence } : openSshClient(spec);
}

/** The spec with one attempt's bounds (ReconnectOptions) in place of its own. */
export function boundedSpec(spec: ConnectionSpec, opts?: ReconnectOptions): ConnectionSpec {
  if (!opts) return spec;
  return {
    ...spec,
    connectTimeoutMs: opts.connectTimeoutMs ?? spec.connectTimeoutMs,
    connectRetries: opts.once ? 0 : spec.connectRetries,
  };
}
