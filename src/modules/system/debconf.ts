import { defineModule, ModuleFailure } from '../lib/args.js';
import { pySplitLines } from '../../util/py-text.js';
import type { FileDiff } from '../types.js';

/**
 * ansible.builtin.debconf: a package's debconf answers read with debconf-show, one answer set with
 * debconf-set-selections when it differs. debconf-show prints a password as `(password omitted)`,
 * so a password question always differs and is set again, as with Ansible (give it no_log).
 */

const VTYPES = [
  'boolean',
  'error',
  'multiselect',
  'note',
  'password',
  'seen',
  'select',
  'string',
  'text',
  'title',
];

/** debconf-show's lines, `* question: value` (the star marks a question seen), as question -> value */
export function debconfAnswers(out: string): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const line of pySplitLines(out)) {
    const colon = line.indexOf(':');
    // Ansible's module stops with a ValueError on such a line; debconf-show prints none
    if (colon < 0) continue;
    answers[
      line
        .slice(0, colon)
        .replace(/^\*+|\*+$/g, '')
        .trim()
    ] = line.slice(colon + 1).trim();
  }
  return answers;
}

export const debconf = defineModule({
  name: 'debconf',
  args: {
    name: { type: 'string', aliases: ['pkg'] },
    question: { type: 'string', aliases: ['selection', 'setting'] },
    vtype: { type: 'string', enum: VTYPES },
    value: { type: 'string', aliases: ['answer'] },
    unseen: { type: 'boolean', default: false },
  },
  required: ['name'],
  rules: { requiredTogether: [['question', 'vtype', 'value']] },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const shown = await ctx.probe(['debconf-show', a.name], { allowFail: true });
    if (shown.rc === 127)
      throw new ModuleFailure(`Failed to find required executable "debconf-show" on ${ctx.host}`);
    if (shown.rc !== 0) throw new ModuleFailure(shown.stderr);
    const prev = debconfAnswers(shown.stdout);
    if (a.question === undefined) return { changed: false, msg: '', current: prev };
    let value = a.value!;
    let changed = !(a.question in prev);
    if (!changed) {
      // booleans compare as debconf writes them: true/false
      const existing = a.vtype === 'boolean' ? prev[a.question]!.toLowerCase() : prev[a.question];
      if (a.vtype === 'boolean') value = value.toLowerCase();
      changed = value !== existing;
    }
    if (!changed) return { changed: false, msg: '', current: prev };
    // Ansible writes a boolean given as True/False in debconf's words
    const written = a.vtype === 'boolean' && ['True', 'False'].includes(value) ? value.toLowerCase() : value;
    const set = await ctx.change(['debconf-set-selections', ...(a.unseen ? ['-u'] : [])], {
      stdin: [a.name, a.question, a.vtype, written].join(' '),
      allowFail: true,
    });
    if (set && set.rc !== 0) throw new ModuleFailure(set.stderr);
    const current = { [a.question]: value };
    // Ansible's quirk: for a question the package had not, all its other answers are `previous` too
    const previous = a.question in prev ? { [a.question]: prev[a.question]! } : { ...prev, [a.question]: '' };
    return {
      changed: true,
      msg: set?.stdout ?? '',
      current,
      previous,
      // Ansible's result carries an empty diff outside diff mode
      diff: ctx.diff ? { before: previous, after: { ...previous, ...current } } : ({} as FileDiff),
    };
  },
});
