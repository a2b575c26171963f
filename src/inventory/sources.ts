// Inventory sources as Ansible's InventoryManager takes them: a file (an executable script, YAML or
// INI), a directory of such files, or a comma-separated host list ("h1,h2,").
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { FabError, InputError, formatProblem } from '../errors.js';
import { parseYaml } from '../yaml/load.js';
import { openVaultFile, rememberStrings } from '../yaml/vault.js';
import { rememberVaultSecret } from '../vault/keyring.js';
import { parseIniInventory } from './ini.js';
import { HostListError, enabledOf, readHostList } from './plugins.js';
import { isInventoryScript, readInventoryScript } from './script.js';
import type { Inventory } from './types.js';
import { PluginConfigError, parseYamlInventory } from './yaml-inventory.js';
import { VaultError } from '../vault/secrets.js';

/** Names Ansible skips in an inventory directory (hidden, vars dirs, INVENTORY_IGNORE_EXTS). */
const IGNORED =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTS = ['.yml', '.yaml', '.json'];

export function isHostList(source: string): boolean {
  return source.includes(',') && !existsSync(source);
}

/** What reading one source gave: whether anything in it parsed, and where its group_vars/ host_vars/ belong. */
export interface SourceRead {
  parsed: boolean;
  varsBase?: string;
}

/**
 * Reads one source into `inv` with the plugins enable_plugins allows (`plugins`, undefined: Ansible's
 * default list); a source no plugin can parse is a warning, as in Ansible.
 */
export function readSource(inv: Inventory, source: string, cwd: string, plugins?: string[]): SourceRead {
  if (isHostList(source)) {
    inv.sources.push(source);
    const plugin = enabledOf(plugins, ['host_list', 'advanced_host_list'])[0];
    if (plugin === undefined) return unparsedHostList(inv, source);
    try {
      // Ansible's basedir() of a host list is no directory: the text 'None'
      fromSource(inv, source, 'None', () =>
        readHostList(inv, source, plugin as 'host_list' | 'advanced_host_list'),
      );
    } catch (e) {
      if (!(e instanceof HostListError)) throw e;
      return unparsedHostList(inv, source, e);
    }
    return { parsed: true };
  }
  const path = resolve(cwd, source);
  if (!existsSync(path)) {
    throw new InputError(
      `inventory source not found: ${source}`,
      undefined,
      'give -i an existing file or directory, or a comma-separated host list ending in a comma ("h1,")',
    );
  }
  inv.sources.push(path);
  const formats = enabledOf(plugins, ['script', 'yaml', 'ini']);
  if (statSync(path).isDirectory()) return { parsed: readDirectory(inv, path, formats), varsBase: path };
  return { parsed: readFileOrWarn(inv, path, formats), varsBase: resolve(path, '..') };
}

/** Every entry Ansible does not skip; true when one of them parsed. */
function readDirectory(inv: Inventory, dir: string, formats: string[]): boolean {
  let parsed = false;
  for (const entry of readdirSync(dir).sort()) {
    if (IGNORED.test(entry)) continue;
    const full = join(dir, entry);
    const ok = statSync(full).isDirectory()
      ? readDirectory(inv, full, formats)
      : readFileOrWarn(inv, full, formats);
    parsed ||= ok;
  }
  if (!parsed) unparsable(inv, dir);
  return parsed;
}

/**
 * Ansible warns about a file none of its plugins can parse and goes on with the other sources;
 * what the file added before its mistake stays, as there. `fabplay validate` refuses it (unparsed).
 * A vault it cannot open and a plugin file stay errors (docs/inventory-differences.md).
 */
function readFileOrWarn(inv: Inventory, file: string, formats: string[]): boolean {
  try {
    fromSource(inv, file, dirname(file), () => readFile(inv, file, formats));
    return true;
  } catch (e) {
    // fabplay has no inventory plugins, and a wrong vault password is no mistake in the file
    if (!(e instanceof FabError) || e instanceof PluginConfigError || e instanceof VaultError) throw e;
    (inv.unparsed ??= []).push(e);
    unparsable(inv, file, e);
    return false;
  }
}

function unparsedHostList(inv: Inventory, source: string, why?: FabError): SourceRead {
  if (why) (inv.unparsed ??= []).push(why);
  unparsable(inv, source, why);
  return { parsed: false };
}

function unparsable(inv: Inventory, path: string, why?: FabError): void {
  const detail = why ? `: ${formatProblem(why.pos, why.message, why.hint)}` : '';
  inv.warnings?.push(`Unable to parse ${path} as an inventory source${detail}`);
}

/**
 * `formats`: the file plugins enable_plugins leaves on (script, yaml, ini), in its order. An
 * executable file (or one starting with `#!`) is run as an inventory script; when that fails it is
 * tried as YAML and INI, and if those fail too the script's error is the one told.
 */
function readFile(inv: Inventory, file: string, formats: string[]): void {
  const data = formats.filter((f) => f !== 'script');
  if (!formats.includes('script') || !isInventoryScript(file)) return readDataFile(inv, file, data);
  // the plugin listed first is tried first (Ansible's default list has script before yaml and ini)
  const scriptFirst = formats[0] === 'script';
  if (!scriptFirst && data.length) {
    try {
      return readDataFile(inv, file, data);
    } catch (e) {
      if (!(e instanceof FabError)) throw e;
    }
  }
  try {
    return readInventoryScript(inv, file);
  } catch (scriptError) {
    if (!(scriptError instanceof FabError) || !scriptFirst || !data.length) throw scriptError;
    try {
      return readDataFile(inv, file, data);
    } catch (e) {
      if (!(e instanceof FabError)) throw e;
      throw scriptError;
    }
  }
}

/** `formats`: the data file plugins enable_plugins leaves on (yaml, ini). */
function readDataFile(inv: Inventory, file: string, formats: string[]): void {
  if (!formats.length)
    throw new InputError(
      `no inventory plugin enabled reads files (enable_plugins)`,
      { file, line: 1, col: 1 },
      'add script, yaml or ini to [inventory] enable_plugins (ANSIBLE_INVENTORY_ENABLED)',
    );
  // a vaulted inventory is opened first, so either plugin reads its plaintext
  const { text, vaulted } = openVaultFile(readFileSync(file, 'utf8'), file);
  if (vaulted) rememberInventorySecrets(text);
  const ext = extname(file);
  if (!formats.includes('ini')) {
    if (ext && !YAML_EXTS.includes(ext))
      throw new InputError(
        `the yaml inventory plugin reads only .yml, .yaml and .json files or files without extension`,
        { file, line: 1, col: 1 },
        'add ini to [inventory] enable_plugins (ANSIBLE_INVENTORY_ENABLED), or rename the file',
      );
    return parseYamlInventory(inv, parseYaml(text, file), file);
  }
  // Ansible tries its YAML plugin (for .yml/.yaml/.json or no extension), then the INI one.
  if (formats.includes('yaml') && (!ext || YAML_EXTS.includes(ext))) {
    let yamlError: unknown;
    try {
      parseYamlInventory(inv, parseYaml(text, file), file);
      return;
    } catch (e) {
      if (!(e instanceof FabError)) throw e;
      yamlError = e;
    }
    try {
      parseIniInventory(inv, text, file);
      return;
    } catch (e) {
      // report what the file most likely meant to be
      throw ext || looksLikeYaml(text) ? yamlError : e;
    }
  }
  parseIniInventory(inv, text, file);
}

/** Every value in a vaulted inventory is a secret: YAML strings, INI `key=value` values. */
function rememberInventorySecrets(text: string): void {
  try {
    rememberStrings(parseYaml(text, 'vault'));
  } catch {
    for (const m of text.matchAll(/=("[^"]*"|'[^']*'|\S+)/g))
      rememberVaultSecret(m[1]!.replace(/^["']|["']$/g, ''));
  }
}

/** For a file without extension that neither plugin could read: which error helps more. */
function looksLikeYaml(text: string): boolean {
  if (/^\s*\[[^\]]*\]\s*(#.*)?$/m.test(text)) return false;
  return /^(---|\w[\w.-]*:\s*(#.*)?$)/m.test(text);
}

/**
 * Reads a source; each host it names first gets `inventory_file` (the source) and `inventory_dir`
 * (its directory), as Ansible's InventoryData sets them when it adds a host, before the host's
 * own variables (which may name them too).
 */
function fromSource(inv: Inventory, source: string, dir: string, read: () => void): void {
  const known = new Set(inv.hosts.keys());
  try {
    read();
  } finally {
    for (const [name, h] of inv.hosts)
      if (!known.has(name)) h.vars = { inventory_file: source, inventory_dir: dir, ...h.vars };
  }
}
