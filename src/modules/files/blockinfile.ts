import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { editFileArgs } from '../lib/file-args.js';
import { pyRegex } from '../lib/py-regex.js';
import {
  editDiff,
  editProbes,
  editTextFile,
  isResult,
  splitLines,
  type EditOutcome,
  type TextCodec,
} from './edit-text.js';

const args = {
  ...editFileArgs,
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK' },
  block: { type: 'string', default: '', aliases: ['content'] },
  insertafter: { type: 'string' },
  insertbefore: { type: 'string' },
  create: { type: 'boolean', default: false },
  marker_begin: { type: 'string', default: 'BEGIN' },
  marker_end: { type: 'string', default: 'END' },
} as const satisfies ArgTable;

interface Want {
  present: boolean;
  block: string;
  marker: string;
  marker_begin: string;
  marker_end: string;
  insertafter?: string;
  insertbefore?: string;
}

/** Ansible's blockinfile: the block between its two marker lines, replaced or inserted. */
function placeBlock(original: string | undefined, w: Want, c: TextCodec): EditOutcome {
  const lines = splitLines(original ?? '');
  const marker0 = c.arg(w.marker.replace(/\{mark\}/g, w.marker_begin)) + '\n';
  const marker1 = c.arg(w.marker.replace(/\{mark\}/g, w.marker_end)) + '\n';
  let blocklines: string[] = [];
  if (w.present && w.block) {
    const block = c.arg(w.block.endsWith('\n') ? w.block : w.block + '\n');
    blocklines = [marker0, ...splitLines(block), marker1];
  }
  const insertafter = w.insertafter === undefined && w.insertbefore === undefined ? 'EOF' : w.insertafter;
  const pattern =
    insertafter !== undefined && insertafter !== 'EOF'
      ? insertafter
      : w.insertbefore !== undefined && w.insertbefore !== 'BOF'
        ? w.insertbefore
        : undefined;
  let n0: number | undefined;
  let n1: number | undefined;
  for (const [i, l] of lines.entries()) {
    if (l === marker0) n0 = i;
    if (l === marker1) n1 = i;
  }
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (pattern !== undefined) {
      const re = pyRegex(c.arg(pattern));
      if (re.multiline) {
        // (?m): the pattern is searched in the whole text and may span lines (as Ansible does)
        const m = re.exec(original ?? '');
        if (m) {
          const at = insertafter !== undefined ? m.index + m[0].length : m.index;
          n0 = (original ?? '').slice(0, at).split('\n').length - 1;
        }
      } else for (const [i, l] of lines.entries()) if (re.exec(l.endsWith('\n') ? l.slice(0, -1) : l)) n0 = i;
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (w.insertbefore !== undefined) n0 = 0;
    else n0 = lines.length;
  } else if (n0 < n1) lines.splice(n0, n1 - n0 + 1);
  else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !lines[n0 - 1]!.endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blocklines);
  const result = lines.join('');
  if (original === result) return { msg: '' };
  if (original === undefined) return { text: result, msg: 'File created' };
  return { text: result, msg: blocklines.length ? 'Block inserted' : 'Block removed' };
}

/** blockinfile: a marked block of lines kept present (inserted or replaced) or removed. */
export const blockinfile = defineModule({
  name: 'blockinfile',
  args,
  required: ['path'],
  rules: { mutuallyExclusive: [['insertbefore', 'insertafter']] },
  supportsCheck: true,
  supportsDiff: true,
  probes: editProbes,
  async run(ctx, a) {
    if (a.insertafter !== undefined && a.insertbefore !== undefined)
      throw new ModuleFailure('parameters are mutually exclusive: insertbefore|insertafter');
    const w: Want = { ...a, present: a.state === 'present' };
    // a missing file fails without create, also for state=absent, as in Ansible
    const e = await editTextFile(ctx, a, (text, c) => placeBlock(text, w, c), {
      missingOk: w.present || !a.create ? undefined : { msg: `File ${a.path} not present` },
    });
    if (isResult(e)) return e;
    // Ansible's blockinfile result: changed, msg, diff, and backup_file when one was made
    return {
      changed: e.changed,
      msg: e.msg,
      diff: editDiff(a.path, e),
      ...(e.backupFile ? { backup_file: e.backupFile } : {}),
    };
  },
});
