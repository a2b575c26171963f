// Executable inventory scripts, as Ansible's `script` inventory plugin runs them: `SCRIPT --list`
// prints a JSON mapping of groups (and `_meta.hostvars`); without `_meta`, `SCRIPT --host NAME`
// gives each host's variables.
import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { InputError } from '../errors.js';
import { parseYaml } from '../yaml/load.js';
import { addChild, addGroup, addHost, setVariable } from './model.js';
import type { Inventory } from './types.js';

/** What Ansible's script plugin takes: an executable file, or one that starts with `#!`. */
export function isInventoryScript(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    /* not executable: a shebang still makes it a script (the run then fails, as in Ansible) */
  }
  const head = Buffer.alloc(2);
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return head.toString('latin1') === '#!';
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs the script with these arguments; its standard output, or Ansible's error. */
function run(file: string, args: string[], checkStatus = true): { stdout: string; stderr: string } {
  const r = spawnSync(file, args, { maxBuffer: 1 << 30 });
  if (r.error) throw new InputError(`problem running ${[file, ...args].join(' ')} (${r.error.message})`);
  let stderr = r.stderr.toString('utf8');
  if (stderr && !stderr.endsWith('\n')) stderr += '\n';
  if (checkStatus && r.status !== 0)
    throw new InputError(
      `Inventory script (${file}) had an execution error: ${stderr || `exit status ${r.status ?? r.signal}`}`,
      undefined,
      'run the script with --list by hand to see what it does',
    );
  let stdout: string;
  try {
    stdout = new TextDecoder('utf-8', { fatal: true }).decode(r.stdout);
  } catch (e) {
    throw new InputError(
      `Inventory ${file} contained characters that cannot be interpreted as UTF-8: ${(e as Error).message}`,
    );
  }
  return { stdout, stderr };
}

/** Reads `SCRIPT --list` (and `--host NAME` when it has no `_meta`) into the inventory. */
export function readInventoryScript(inv: Inventory, file: string): void {
  const { stdout, stderr } = run(file, ['--list']);
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch (e) {
    throw new InputError(
      `failed to parse executable inventory script results from ${file}: ${(e as Error).message}\n${stderr}`,
    );
  }
  if (!isMapping(data))
    throw new InputError(
      `failed to parse executable inventory script results from ${file}: needs to be a json dict\n${stderr}`,
    );
  const hosts = new Set<string>();
  let fromMeta: unknown;
  for (const [group, groupData] of Object.entries(data)) {
    if (group === '_meta') {
      if (isMapping(groupData) && 'hostvars' in groupData) fromMeta = groupData.hostvars;
    } else readGroup(inv, group, groupData, hosts);
  }
  for (const host of hosts) {
    let vars: unknown;
    if (fromMeta === undefined || fromMeta === null) vars = hostVariables(file, host);
    else if (isMapping(fromMeta)) vars = fromMeta[host] ?? {};
    else
      throw new InputError(`Improperly formatted host information for ${host}: _meta.hostvars is no mapping`);
    if (!isMapping(vars)) throw new InputError(`Improperly formatted host information for ${host}`);
    for (const [k, v] of Object.entries(vars)) setVariable(inv, host, k, v);
  }
}

/** One group: a list of hosts, a mapping of hosts/vars/children, or (neither) a host with vars. */
function readGroup(inv: Inventory, name: string, given: unknown, hosts: Set<string>): void {
  const group = addGroup(inv, name);
  let data: Record<string, unknown>;
  if (!isMapping(given)) data = { hosts: given };
  else if (!['hosts', 'vars', 'children'].some((k) => k in given)) {
    data = { hosts: [name], vars: given };
    group.ofHost = true;
  } else data = given;
  const shown = JSON.stringify(given);
  if ('hosts' in data) {
    if (!Array.isArray(data.hosts))
      throw new InputError(`You defined a group '${name}' with bad data for the host list:\n ${shown}`);
    for (const host of data.hosts) {
      if (typeof host !== 'string')
        throw new InputError(`Invalid host name supplied, expected a string but got ${JSON.stringify(host)}`);
      hosts.add(host);
      addHost(inv, host, name);
    }
  }
  if ('vars' in data) {
    if (!isMapping(data.vars))
      throw new InputError(`You defined a group '${name}' with bad data for variables:\n ${shown}`);
    for (const [k, v] of Object.entries(data.vars)) setVariable(inv, name, k, v);
  }
  const children = data.children;
  if (Array.isArray(children) || isMapping(children))
    for (const child of Array.isArray(children) ? children : Object.keys(children)) {
      addGroup(inv, String(child));
      addChild(inv, name, String(child));
    }
}

/** `SCRIPT --host NAME`: that host's variables. */
function hostVariables(file: string, host: string): unknown {
  // Ansible reads what `--host` printed whatever its exit status
  const { stdout } = run(file, ['--host', host], false);
  // Ansible 2.14 means to take nothing as no variables, but compares bytes with text: it fails
  if (stdout.trim() === '')
    throw new InputError(
      `${file} --host ${host} printed nothing: Invalid data from file, expected dictionary and got: None`,
      undefined,
      'print {} for a host without variables (ansible-playbook 2.14 refuses the script too)',
    );
  try {
    return parseYaml(stdout, file);
  } catch {
    throw new InputError(`could not parse post variable response: ${file} --host ${host}, ${stdout}`);
  }
}
