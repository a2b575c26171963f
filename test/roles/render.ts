// Renders a role's template the way the template module will, for unit tests of the roles'
// output: role defaults + vars/<os_family>.yml + test overrides, through fabplay's own Templar
// (src/template: Jinja2 as Ansible uses it). FABPLAY_ROLES_NUNJUCKS=1 renders with plain
// nunjucks and the few Ansible filters the templates use instead, to tell a role bug from a
// templar bug.
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import * as yaml from 'js-yaml';
import { Templar } from '../../src/template/index.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export type OsFamily = 'Debian' | 'RedHat';

/** Ansible's to_uuid: uuid5 in Ansible's own namespace. */
export function toUuid(value: string, namespace = '361E6D51-FAEC-444A-9079-341386DA8E2E'): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(value, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function env(): nunjucks.Environment {
  const e = new nunjucks.Environment(null, { autoescape: false, trimBlocks: true, throwOnUndefined: false });
  e.addFilter('to_json', (v: unknown) => JSON.stringify(v));
  e.addFilter('to_uuid', (v: unknown) => toUuid(String(v)));
  e.addFilter('bool', (v: unknown) => v === true || /^(1|true|yes|on)$/i.test(String(v)));
  e.addFilter('quote', (v: unknown) => `'${String(v).replace(/'/g, `'"'"'`)}'`);
  return e;
}

function loadYaml(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  return (yaml.load(readFileSync(path, 'utf8')) as Record<string, unknown>) ?? {};
}

/** Role defaults, then the OS family vars (as include_vars would load them), then overrides. */
export function roleVars(
  role: string,
  os: OsFamily,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const dir = join(repoRoot, 'roles', role);
  const facts = {
    os_family: os,
    distribution: os === 'Debian' ? 'Debian' : 'RedHat',
    distribution_major_version: os === 'Debian' ? '12' : '9',
  };
  return {
    ansible_facts: facts,
    groups: {},
    hostvars: {},
    ...loadYaml(join(dir, 'defaults', 'main.yml')),
    ...loadYaml(join(dir, 'vars', `${os}.yml`)),
    ...overrides,
  };
}

/** Renders roles/<role>/templates/<name> with the given variables. */
export function renderTemplate(role: string, name: string, vars: Record<string, unknown>): string {
  const text = readFileSync(join(repoRoot, 'roles', role, 'templates', name), 'utf8');
  if (process.env.FABPLAY_ROLES_NUNJUCKS === '1') return env().renderString(text, vars);
  return new Templar(vars).renderFile(text, name);
}
