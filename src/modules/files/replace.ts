import { defineModule, type ArgTable } from '../lib/args.js';
import { editFileArgs } from '../lib/file-args.js';
import { expandTemplate, pyRegex } from '../lib/py-regex.js';
import { editProbes, editTextFile, isResult, type EditOutcome, type TextCodec } from './edit-text.js';
import { contentDiff } from '../lib/diff.js';

const args = {
  ...editFileArgs,
  regexp: { type: 'string' },
  replace: { type: 'string', default: '' },
  after: { type: 'string' },
  before: { type: 'string' },
  encoding: { type: 'string', default: 'utf-8', unsupported: { allow: ['utf-8', 'utf8', 'UTF-8'] } },
} as const satisfies ArgTable;

/** Ansible's replace: re.subn with MULTILINE, limited to the section between after/before. */
function replaceAll(
  contents: string,
  a: { regexp: string; replace: string; after?: string; before?: string },
  c: TextCodec,
): EditOutcome {
  let pattern = '';
  if (a.after && a.before) pattern = `${a.after}(?P<subsection>.*?)${a.before}`;
  else if (a.after) pattern = `${a.after}(?P<subsection>.*)`;
  else if (a.before) pattern = `(?P<subsection>.*)${a.before}`;
  let section = contents;
  let start = 0;
  let end = contents.length;
  if (pattern) {
    const m = pyRegex(c.arg(pattern), 'sd').exec(contents);
    if (!m) return { msg: `Pattern for before/after params did not match the given file: ${pattern}` };
    [start, end] = m.indices!.groups!.subsection!;
    section = contents.slice(start, end);
  }
  let count = 0;
  const re = pyRegex(c.arg(a.regexp), 'gm');
  const replaced = section.replace(re, (...parts) => {
    count++;
    const groups = typeof parts[parts.length - 1] === 'object' ? parts[parts.length - 1] : undefined;
    const caps = parts.slice(0, groups ? -3 : -2) as string[];
    const m = Object.assign([...caps], { groups }) as unknown as RegExpMatchArray;
    return expandTemplate(c.arg(a.replace), m);
  });
  if (count === 0 || replaced === section) return { msg: '' };
  return {
    text: contents.slice(0, start) + replaced + contents.slice(end),
    msg: `${count} replacements made`,
  };
}

/** replace: every match of a regexp in a file replaced (Python templates: \1, \g<name>). */
export const replace = defineModule({
  name: 'replace',
  args,
  required: ['path', 'regexp'],
  supportsCheck: true,
  supportsDiff: true,
  probes: editProbes,
  async run(ctx, a) {
    pyRegex(a.regexp);
    const e = await editTextFile(ctx, a, (text, c) => replaceAll(text ?? '', a, c));
    if (isResult(e)) return e;
    // Ansible's replace result: rc 0, changed, msg, the content diff in diff mode, backup_file
    return {
      rc: 0,
      changed: e.changed,
      msg: e.msg,
      ...(ctx.diff && e.contentChanged
        ? { diff: contentDiff(a.path, e.content.before, e.content.after) }
        : {}),
      ...(e.backupFile ? { backup_file: e.backupFile } : {}),
    };
  },
});
