import type { Play, Playbook, RoleInstance, TaskNode } from './types.js';
import { Templar } from '../template/index.js';

/**
 * What `--list-tasks`, `--list-tags` and `--list-hosts` print, in ansible-playbook's layout.
 * Tags are inherited statically here (play, role entry, block, import), as Ansible lists them.
 */

/** Renders templated tags with the play's vars and -e values (as Ansible lists them); else as written. */
type Render = (v: unknown) => unknown;

function tagList(raw: unknown, render?: Render): string[] {
  const v = render ? render(raw) : raw;
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items
    .flatMap((t) => String(t).split(','))
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Ansible's tag selection: --tags (default all) and --skip-tags, with always/never/tagged/untagged. */
export function tagsSelected(tags: string[], only: string[], skip: string[]): boolean {
  const has = new Set(tags);
  const onlyTags = only.length ? only : ['all'];
  let run = false;
  if (has.has('always') && !skip.includes('always')) run = true;
  else if (onlyTags.some((t) => has.has(t))) run = true;
  else if (onlyTags.includes('all') && !has.has('never')) run = true;
  else if (onlyTags.includes('tagged') && has.size > 0 && !has.has('never')) run = true;
  else if (onlyTags.includes('untagged') && has.size === 0) run = true;
  if (!run) return false;
  if (skip.some((t) => has.has(t))) return false;
  if (skip.includes('tagged') && has.size > 0) return false;
  if (skip.includes('untagged') && has.size === 0) return false;
  if (skip.includes('all') && !has.has('always')) return false;
  return true;
}

export interface ListedTask {
  label: string;
  tags: string[];
}

function label(n: TaskNode): string {
  // an unnamed task lists as its action, as written (`ansible.builtin.copy`), and without its
  // role's name: ansible-playbook 2.14's --list-tasks (Task.get_name) puts it before names only
  const base =
    n.name ?? (n.type === 'block' ? n.type : (n.shownAction ?? (n.type === 'task' ? n.action : n.type)));
  return n.role && n.name ? `${n.role.name} : ${base}` : base;
}

function walk(nodes: TaskNode[], inherited: string[], out: ListedTask[], render?: Render): void {
  for (const n of nodes) {
    const tags = [...new Set([...inherited, ...tagList(n.kw.tags, render)])];
    if (n.type === 'block') {
      walk([...n.block, ...n.rescue, ...n.always], tags, out, render);
    } else out.push({ label: label(n), tags: tags.sort() });
  }
}

function walkRole(
  role: RoleInstance,
  inherited: string[],
  out: ListedTask[],
  seen: Set<RoleInstance>,
  render?: Render,
): void {
  if (seen.has(role) && !role.allowDuplicates) return;
  seen.add(role);
  const tags = [...inherited, ...tagList(role.kw.tags, render)];
  for (const d of role.dependencies) walkRole(d, tags, out, seen, render);
  walk(role.tasks, tags, out, render);
}

function renderer(vars: Record<string, unknown>): Render {
  const t = new Templar(vars);
  return (v) => {
    try {
      return t.template(v);
    } catch {
      return v;
    }
  };
}

/**
 * The play's variables for a listing: its vars, then (nothing is asked when listing) the default
 * of each vars_prompt entry not given with -e, as Ansible sets them, then the -e values.
 */
function listingVars(play: Play, extraVars: Record<string, unknown>): Record<string, unknown> {
  const render = renderer({ ...play.vars, ...extraVars });
  const defaults: Record<string, unknown> = {};
  for (const p of play.varsPrompt ?? []) {
    const spec = render(p.spec) as Record<string, unknown>;
    const name = String(spec.name);
    if (!(name in extraVars)) defaults[name] = spec.default ?? null;
  }
  return { ...play.vars, ...defaults, ...extraVars };
}

/** The play's tasks in run order: pre_tasks, roles, tasks, post_tasks. */
export function listPlayTasks(play: Play, extraVars: Record<string, unknown> = {}): ListedTask[] {
  const out: ListedTask[] = [];
  const render = renderer(listingVars(play, extraVars));
  const playTags = tagList(play.kw.tags, render);
  walk(play.preTasks, playTags, out, render);
  const seen = new Set<RoleInstance>();
  for (const r of play.roles) walkRole(r, playTags, out, seen, render);
  walk(play.tasks, playTags, out, render);
  walk(play.postTasks, playTags, out, render);
  return out;
}

function fmtTags(tags: string[]): string {
  return `TAGS: [${[...tags].sort().join(', ')}]`;
}

export interface ListingOptions {
  listHosts: boolean;
  listTasks: boolean;
  listTags: boolean;
  tags: string[];
  skipTags: string[];
  /** the hosts a play's rendered pattern selects (with --limit); needed for listHosts */
  hostsOf?: (pattern: string | string[]) => string[];
  /** playbook as the user named it */
  shownName: string;
  /** -e values, for templated tags */
  extraVars?: Record<string, unknown>;
}

export function formatListing(pb: Playbook, o: ListingOptions): string {
  const lines = ['', `playbook: ${o.shownName}`];
  pb.plays.forEach((play, i) => {
    // the pattern and the name rendered as Ansible's post_validate renders them
    const render = renderer(listingVars(play, o.extraVars ?? {}));
    const hostsValue = render(play.hosts) as string | string[];
    const pattern = Array.isArray(hostsValue) ? hostsValue.join(',') : String(hostsValue);
    const name = String(render(play.name));
    lines.push('', `  play #${i + 1} (${pattern}): ${name}\t${fmtTags(tagList(play.kw.tags))}`);
    if (o.listHosts && o.hostsOf) {
      const hosts = o.hostsOf(hostsValue);
      lines.push(
        `    pattern: ['${pattern}']`,
        `    hosts (${hosts.length}):`,
        ...hosts.map((h) => `      ${h}`),
      );
    }
    const tasks = listPlayTasks(play, o.extraVars).filter((t) => tagsSelected(t.tags, o.tags, o.skipTags));
    if (o.listTasks) {
      lines.push('    tasks:', ...tasks.map((t) => `      ${t.label}\t${fmtTags(t.tags)}`));
    }
    if (o.listTags) {
      const all = new Set(tasks.flatMap((t) => t.tags));
      lines.push(`      TASK ${fmtTags([...all])}`);
    }
  });
  return lines.join('\n') + '\n';
}
