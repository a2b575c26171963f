// Inventory sources as Ansible's InventoryManager takes them: a file (an executable script, YAML or
// INI), a directory of such files, or a comma-separated host list ("h1,h2,").
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { FabError, InputError, formatProblem } from '../errors.js';
import { parseYaml } from '../yaml/load.js';
import { openVaultFile, rememberStrings } from '../yaml/vault.js';
import { rememberVaultSecret } from '../vault/keyring.js';
import { parseAddress } from './address.js';
import { parseIniInventory } from './ini.js';
import { addHost } from './model.js';
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

/** Reads one source into `inv`; a file no plugin can parse is a warning, as in Ansible. */
export function readSource(inv: Inventory, source: string, cwd: string): SourceRead {
  if (isHostList(source)) {
    for (const part of source.split(',')) {
      const h = part.trim();
      if (!h) continue;
      const addr = parseAddress(h, false);
      const name = addr?.host ?? h;
      if (!inv.hosts.has(name)) addHost(inv, name, 'ungrouped', addr?.port);
    }
    inv.sources.push(source);
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
  if (statSync(path).isDirectory()) return { parsed: readDirectory(inv, path), varsBase: path };
  return { parsed: readFileOrWarn(inv, path), varsBase: resolve(path, '..') };
}

/** Every entry Ansible does not skip; true when one of them parsed. */
function readDirectory(inv: Inventory, dir: string): boolean {
  let parsed = false;
  for (const entry of readdirSync(dir).sort()) {
    if (IGNORED.test(entry)) continue;
    const full = join(dir, entry);
    const ok = statSync(full).isDirectory() ? readDirectory(inv, full) : readFileOrWarn(inv, full);
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
function readFileOrWarn(inv: Inventory, file: string): boolean {
  try {
    readFile(inv, file);
    return true;
  } catch (e) {
    // fabplay has no inventory plugins, and a wrong vault password is no mistake in the file
    if (!(e instanceof FabError) || e instanceof PluginConfigError || e instanceof VaultError) throw e;
    (inv.unparsed ??= []).push(e);
    unparsable(inv, file, e);
    return false;
  }
}

function unparsable(inv: Inventory, path: string, why?: FabError): void {
  const detail = why ? `: ${formatProblem(why.pos, why.message, why.hint)}` : '';
  inv.warnings?.push(`Unable to parse ${path} as an inventory source${detail}`);
}

/**
 * Ansible's plugins in their order: an executable file (or one starting with `#!`) is run as an
 * inventory script; when that fails the file is tried as YAML and INI, and if those fail too the
 * script's error is the one told.
 */
function readFile(inv: Inventory, file: string): void {
  if (!isInventoryScript(file)) return readDataFile(inv, file);
  try {
    return readInventoryScript(inv, file);
  } catch (scriptError) {
    if (!(scriptError instanceof FabError)) throw scriptError;
    try {
      return readDataFile(inv, file);
    } catch (e) {
      if (!(e instanceof FabError)) throw e;
      throw scriptError;
    }
  }
}

function readDataFile(inv: Inventory, file: string): void {
  // a vaulted inventory is opened first, so either plugin reads its plaintext
  const { text, vaulted } = openVaultFile(readFileSync(file, 'utf8'), file);
  if (vaulted) rememberInventorySecrets(text);
  const ext = extname(file);
  // Ansible tries its YAML plugin (for .yml/.yaml/.json or no extension), then the INI one.
  if (!ext || YAML_EXTS.includes(ext)) {
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
