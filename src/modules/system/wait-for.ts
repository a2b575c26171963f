import { defineModule, ModuleFailure } from '../lib/args.js';
import type { ModuleContext } from '../types.js';
import { ansibleFileFacts, statPath } from '../lib/remote-stat.js';
import {
  countActive,
  DEFAULT_ACTIVE_STATES,
  hexAddresses,
  PROC_TCP,
  resolveOnHost,
  stateIds,
  type DrainWatch,
} from './wait-for-drained.js';

/**
 * ansible.builtin.wait_for: polls, FROM the managed host, until a TCP port opens or closes, a file
 * appears or goes, or a regex shows up in a file or in what a port sends. Read-only, so it also
 * runs in check mode. Each poll is one short command; the loop and the clock are the controller's.
 */

const args = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'integer' },
  path: { type: 'string' },
  state: {
    type: 'string',
    enum: ['present', 'absent', 'started', 'stopped', 'drained'],
    default: 'started',
  },
  active_connection_states: { type: 'stringlist' },
  exclude_hosts: { type: 'stringlist' },
  search_regex: { type: 'string' },
  timeout: { type: 'integer', default: 300 },
  delay: { type: 'integer', default: 0 },
  sleep: { type: 'integer', default: 1 },
  connect_timeout: { type: 'integer', default: 5 },
  msg: { type: 'string' },
} as const;

/** One poll of a port: bash's /dev/tcp opens it; with a regex, whatever the port sends is read (pure). */
export function portProbe(host: string, port: number, connectTimeout: number, read: boolean): string[] {
  const script = read
    ? 'exec 3<>"/dev/tcp/$0/$1" || exit 1; timeout "$2" cat <&3; exit 0'
    : 'exec 3<>"/dev/tcp/$0/$1"';
  return [
    'timeout',
    String(connectTimeout),
    'bash',
    '-c',
    script,
    host,
    String(port),
    String(connectTimeout),
  ];
}

/** One poll of a path: `test -e`, or its text when a regex must be found (pure). */
export function pathProbe(path: string, read: boolean): string[] {
  return read ? ['cat', '--', path] : ['test', '-e', path];
}

/** Python's re.search semantics we rely on: MULTILINE; named groups come back as match_groupdict. */
export function searchIn(text: string, regex: string): RegExpExecArray | null {
  let re: RegExp;
  try {
    re = new RegExp(regex.replace(/\(\?P</g, '(?<'), 'm');
  } catch (e) {
    throw new ModuleFailure(
      `search_regex '${regex}' is not a valid regular expression: ${(e as Error).message}`,
    );
  }
  return re.exec(text);
}

type Poll = { ok: boolean; match?: RegExpExecArray | null };

/** What one poll looks at. */
interface Target {
  host: string;
  port?: number;
  path?: string;
  search_regex?: string;
  connect_timeout: number;
}

async function pollOnce(ctx: ModuleContext, a: Target, wantUp: boolean, drain?: DrainWatch): Promise<Poll> {
  if (drain) return { ok: countActive((await ctx.probe({ shell: PROC_TCP })).stdout, drain) === 0 };
  const read = Boolean(a.search_regex) && wantUp;
  const argv =
    a.port !== undefined ? portProbe(a.host, a.port, a.connect_timeout, read) : pathProbe(a.path!, read);
  const r = await ctx.probe(argv, { allowFail: true, become: a.port !== undefined ? false : undefined });
  const up = r.rc === 0;
  if (!wantUp) return { ok: !up };
  if (!up) return { ok: false };
  if (!a.search_regex) return { ok: true };
  const m = searchIn(r.stdout, a.search_regex);
  return { ok: m !== null, match: m };
}

function timeoutMessage(
  a: { host: string; port?: number; path?: string; search_regex?: string; state: string },
  wantUp: boolean,
) {
  const what = a.port !== undefined ? `${a.host}:${a.port}` : `file ${a.path}`;
  if (a.state === 'drained') return `Timeout when waiting for ${what} to drain`;
  if (!wantUp)
    return a.port !== undefined
      ? `Timeout when waiting for ${what} to stop.`
      : `Timeout when waiting for ${a.path} to be absent.`;
  if (a.search_regex)
    return `Timeout when waiting for search string ${a.search_regex} in ${a.port !== undefined ? what : a.path}`;
  return `Timeout when waiting for ${what}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const waitFor = defineModule({
  name: 'wait_for',
  args,
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    if (a.port !== undefined && a.path !== undefined)
      throw new ModuleFailure('port and path are mutually exclusive');
    // Python's sockets refuse these at once (Ansible fails with a traceback): no waiting for a timeout
    if (a.port !== undefined && (a.port < 0 || a.port > 65535))
      throw new ModuleFailure(`port must be 0 to 65535, got ${a.port}`);
    if (a.search_regex && (a.state === 'absent' || a.state === 'stopped'))
      throw new ModuleFailure(`search_regex only works with state started or present, not ${a.state}`);
    if (a.search_regex) searchIn('', a.search_regex); // a bad regex fails now, not after the timeout
    const started = Date.now();
    const elapsed = () => Math.floor((Date.now() - started) / 1000);
    if (a.delay > 0) await sleep(a.delay * 1000);
    // Ansible's exit_json names every key, unset ones as null, the groups empty
    const base = {
      changed: false,
      state: a.state,
      port: a.port ?? null,
      path: a.path ?? null,
      search_regex: a.search_regex ?? null,
      match_groups: [] as unknown[],
      match_groupdict: {} as Record<string, unknown>,
    };
    if (a.port === undefined && a.path === undefined) {
      // Ansible: nothing to watch means sleep for timeout seconds
      await sleep(a.timeout * 1000);
      return { ...base, elapsed: elapsed() };
    }
    const wantUp = a.state === 'started' || a.state === 'present';
    // Ansible reads the port of drained without a check (a traceback without one)
    if (a.state === 'drained' && a.port === undefined) throw new ModuleFailure('state=drained needs port');
    const drain: DrainWatch | undefined =
      a.state === 'drained'
        ? {
            port: a.port!,
            ips: hexAddresses(await resolveOnHost(ctx, a.host)),
            exclude: hexAddresses(
              (await Promise.all((a.exclude_hosts ?? []).map((h) => resolveOnHost(ctx, h)))).flat(),
            ),
            states: stateIds(a.active_connection_states ?? DEFAULT_ACTIVE_STATES),
          }
        : undefined;
    // as Ansible's: the timeout counts from before the delay, the condition is tried until that
    // moment has passed (a delay as long as the timeout leaves no try), elapsed in whole seconds
    const deadline = started + a.timeout * 1000;
    while (Date.now() < deadline) {
      const p = await pollOnce(ctx, a, wantUp, drain);
      if (p.ok) {
        const res: Record<string, unknown> = { ...base, elapsed: elapsed() };
        if (p.match) {
          res.match_groups = p.match.slice(1);
          res.match_groupdict = { ...(p.match.groups ?? {}) };
        }
        // AnsibleModule's add_path_info: a result naming an existing path tells what it is
        if (a.path !== undefined) {
          const st = await statPath(ctx, a.path, { full: true });
          if (st.exists) Object.assign(res, ansibleFileFacts(st));
        }
        return res as { changed: boolean };
      }
      await sleep(a.sleep * 1000);
    }
    // Ansible's failure carries only its message and elapsed
    return {
      changed: false,
      failed: true,
      elapsed: elapsed(),
      msg: a.msg ?? timeoutMessage(a, wantUp),
    };
  },
});
