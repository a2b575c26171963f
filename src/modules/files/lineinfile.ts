import { defineModule, ModuleFailure, type ArgTable, type ArgsOf } from '../lib/args.js';
import { editFileArgs } from '../lib/file-args.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { expandTemplate, pyRegex } from '../lib/py-regex.js';
import {
  editDiff,
  editProbes,
  editTextFile,
  isResult,
  splitLines,
  type EditedFile,
  type EditOutcome,
  type TextCodec,
} from './edit-text.js';

const args = {
  ...editFileArgs,
  state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
  regexp: { type: 'string', aliases: ['regex'] },
  search_string: { type: 'string' },
  line: { type: 'string', aliases: ['value'] },
  insertafter: { type: 'string' },
  insertbefore: { type: 'string' },
  backrefs: { type: 'boolean', default: false },
  create: { type: 'boolean', default: false },
  firstmatch: { type: 'boolean', default: false },
} as const satisfies ArgTable;
type Args = ArgsOf<typeof args, 'path'>;

interface Want {
  regexp?: string;
  search_string?: string;
  line: string;
  insertafter?: string;
  insertbefore?: string;
  backrefs: boolean;
  firstmatch: boolean;
}

const strip = (l: string) => l.replace(/[\r\n]+$/, '');
/** Python's `$` matches before a final newline: search lines without it */
const body = (l: string) => (l.endsWith('\n') ? l.slice(0, -1) : l);
const endsWithNewline = (l: string) => l.endsWith('\n') || l.endsWith('\r');

/** Ansible's lineinfile present(), on lines that keep their endings. */
function present(text: string, w: Want, c: TextCodec): EditOutcome {
  const lines = splitLines(text);
  const line = c.arg(w.line);
  const re = w.regexp !== undefined ? pyRegex(c.arg(w.regexp)) : undefined;
  const search = w.search_string !== undefined ? c.arg(w.search_string) : undefined;
  const insAfter = w.insertafter;
  const insBefore = w.insertbefore;
  const insPattern =
    insAfter !== undefined && insAfter !== 'BOF' && insAfter !== 'EOF'
      ? insAfter
      : insBefore !== undefined && insBefore !== 'BOF'
        ? insBefore
        : undefined;
  const reIns = insPattern !== undefined ? pyRegex(c.arg(insPattern)) : undefined;

  let idxMatch = -1;
  let idxIns = -1;
  let match: RegExpExecArray | boolean | null = null;
  let exact = false;
  if (re)
    for (const [i, l] of lines.entries()) {
      const m = re.exec(body(l));
      if (m) {
        idxMatch = i;
        match = m;
        if (w.firstmatch) break;
      }
    }
  if (search !== undefined)
    for (const [i, l] of lines.entries())
      if (l.includes(search)) {
        idxMatch = i;
        match = true;
        if (w.firstmatch) break;
      }
  if (!match)
    for (const [i, l] of lines.entries()) {
      if (strip(l) === line) {
        idxMatch = i;
        exact = true;
      } else if (reIns && reIns.exec(body(l))) {
        if (insAfter !== undefined) {
          idxIns = i + 1;
          if (w.firstmatch) break;
        }
        if (insBefore !== undefined) {
          idxIns = i;
          if (w.firstmatch) break;
        }
      }
    }

  const added = (t: string[]): EditOutcome => ({ text: t.join(''), msg: 'line added' });
  const same: EditOutcome = { msg: '' };
  if (idxMatch !== -1) {
    let newLine = w.backrefs && match && match !== true ? expandTemplate(line, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (re === undefined && search === undefined && !match && !exact) return same;
    if (lines[idxMatch] === newLine) return same;
    lines[idxMatch] = newLine;
    return { text: lines.join(''), msg: 'line replaced' };
  }
  if (w.backrefs) return same;
  if (insBefore === 'BOF' || insAfter === 'BOF') return added([line + '\n', ...lines]);
  if (insAfter === 'EOF' || idxIns === -1) {
    if (lines.length && !endsWithNewline(lines[lines.length - 1]!)) lines.push('\n');
    return added([...lines, line + '\n']);
  }
  if (insAfter !== undefined) {
    if (lines.length === idxIns) {
      if (strip(lines[idxIns - 1]!) === line) return same;
      if (!endsWithNewline(lines[idxIns - 1]!)) lines[idxIns - 1] += '\n';
      return added([...lines, line + '\n']);
    }
    if (strip(lines[idxIns]!) === line) return same;
  }
  lines.splice(idxIns, 0, line + '\n');
  return added(lines);
}

function absent(text: string, w: Partial<Want>, c: TextCodec): EditOutcome {
  const re = w.regexp !== undefined ? pyRegex(c.arg(w.regexp)) : undefined;
  const search = w.search_string !== undefined ? c.arg(w.search_string) : undefined;
  const line = w.line !== undefined ? c.arg(w.line) : undefined;
  const lines = splitLines(text);
  const kept = lines.filter((l) => {
    if (re) return !re.exec(body(l));
    if (search !== undefined) return !l.includes(search);
    return strip(l) !== line;
  });
  const found = lines.length - kept.length;
  if (!found) return { msg: '', extra: { found: 0 } };
  return { text: kept.join(''), msg: `${found} line(s) removed`, extra: { found } };
}

/** lineinfile: one line present (added or replaced via regexp/search_string) or absent. */
export const lineinfile = defineModule({
  name: 'lineinfile',
  args,
  required: ['path'],
  rules: {
    mutuallyExclusive: [
      ['insertbefore', 'insertafter'],
      ['regexp', 'search_string'],
      ['backrefs', 'search_string'],
    ],
    // lineinfile's main() fails these before it reads the file
    requiredIf: [
      ['backrefs', true, ['regexp'], 'all', 'regexp is required with backrefs=true'],
      ['state', 'present', ['line'], 'all', 'line is required with state=present'],
      [
        'state',
        'absent',
        ['line', 'search_string', 'regexp'],
        'any',
        'one of line, search_string, or regexp is required with state=absent',
      ],
    ],
  },
  supportsCheck: true,
  supportsDiff: true,
  probes: editProbes,
  async run(ctx, a) {
    // first, as Ansible warns before it reads the file (a failing task shows it too)
    const warning = emptyPatternWarning(a);
    if (warning) ctx.warn(warning);
    return lineInFile(ctx, a);
  },
});

/** Ansible's warning for an empty regexp or search_string (it matches every line). */
function emptyPatternWarning(a: Args): string | undefined {
  if (a.regexp !== '' && a.search_string !== '') return undefined;
  const name = a.regexp === '' ? 'regular expression' : 'search string';
  let msg = `The ${name} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`;
  if (a.regexp === '')
    msg += " If this is desired, use '^' to match every line in the file and avoid this warning.";
  return msg;
}

async function lineInFile(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  if (a.insertafter !== undefined && a.insertbefore !== undefined)
    throw new ModuleFailure('parameters are mutually exclusive: insertbefore|insertafter');
  if (a.regexp !== undefined && a.search_string !== undefined)
    throw new ModuleFailure('parameters are mutually exclusive: regexp|search_string');
  if (a.backrefs && a.search_string !== undefined)
    throw new ModuleFailure('parameters are mutually exclusive: backrefs|search_string');
  // a bad pattern fails before anything is read
  for (const p of [a.regexp, a.insertafter, a.insertbefore]) if (p && p !== 'BOF' && p !== 'EOF') pyRegex(p);
  if (a.state === 'present') {
    if (a.backrefs && a.regexp === undefined)
      throw new ModuleFailure('regexp is required with backrefs=true');
    if (a.line === undefined) throw new ModuleFailure('line is required with state=present');
    const w: Want = {
      ...a,
      line: a.line,
      insertafter: a.insertafter === undefined && a.insertbefore === undefined ? 'EOF' : a.insertafter,
    };
    const e = await editTextFile(ctx, a, (text, c) => present(text ?? '', w, c), {
      missingWord: 'Destination',
    });
    return lineinfileResult(a.path, e);
  }
  if (a.regexp === undefined && a.search_string === undefined && a.line === undefined)
    throw new ModuleFailure('one of line, search_string, or regexp is required with state=absent');
  const e = await editTextFile(ctx, a, (text, c) => absent(text ?? '', a, c), {
    missingOk: { msg: 'file not present' },
  });
  return lineinfileResult(a.path, e);
}

/** Ansible's lineinfile result: changed, msg, backup ('' without one), found (absent), diff. */
function lineinfileResult(path: string, e: ModuleResult | EditedFile): ModuleResult {
  if (isResult(e)) return e;
  return { changed: e.changed, ...e.extra, msg: e.msg, backup: e.backupFile ?? '', diff: editDiff(path, e) };
}
