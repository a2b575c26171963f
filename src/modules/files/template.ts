import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { defineModule, findControllerFile, ModuleFailure, type ArgTable } from '../lib/args.js';
import { checkModeArg } from '../lib/file-attrs.js';
import { sha1 } from '../lib/local-files.js';
import { templateVars } from '../../template/file-vars.js';
import { destProbes, resolveFileDest, writeArgs } from './copy.js';
import { convergeFile } from './converge-file.js';
import { encodeText } from '../lib/encode-text.js';
import type { JinjaSyntax } from '../../template/compiler.js';
import { isVaultFile, openVaultedFile } from '../../vault/controller-file.js';

const args = {
  ...writeArgs,
  src: { type: 'string' },
  // Ansible's template action also takes the escaped spellings: '\r\n' in single quotes
  newline_sequence: {
    type: 'string',
    enum: ['\n', '\r', '\r\n', '\\n', '\\r', '\\r\\n'],
    default: '\n',
  },
  trim_blocks: { type: 'boolean', default: true },
  lstrip_blocks: { type: 'boolean', default: false },
  block_start_string: { type: 'string' },
  block_end_string: { type: 'string' },
  variable_start_string: { type: 'string' },
  variable_end_string: { type: 'string' },
  comment_start_string: { type: 'string' },
  comment_end_string: { type: 'string' },
  output_encoding: { type: 'string', default: 'utf-8' },
} as const satisfies ArgTable;

/** The Jinja2 syntax settings the task asks for (the marker strings it leaves out stay Jinja2's). */
function syntaxOf(a: {
  newline_sequence: string;
  trim_blocks: boolean;
  lstrip_blocks: boolean;
  block_start_string?: string;
  block_end_string?: string;
  variable_start_string?: string;
  variable_end_string?: string;
  comment_start_string?: string;
  comment_end_string?: string;
}): JinjaSyntax {
  const tags = {
    blockStart: a.block_start_string,
    blockEnd: a.block_end_string,
    variableStart: a.variable_start_string,
    variableEnd: a.variable_end_string,
    commentStart: a.comment_start_string,
    commentEnd: a.comment_end_string,
  };
  const given = Object.entries(tags).filter(([, v]) => v !== undefined);
  return {
    newlineSequence: a.newline_sequence.replace(/\\r/g, '\r').replace(/\\n/g, '\n'),
    trimBlocks: a.trim_blocks,
    lstripBlocks: a.lstrip_blocks,
    ...(given.length ? { tags: Object.fromEntries(given) } : {}),
  };
}

/** template: renders a Jinja2 file from the role's templates/ with the host's vars, then writes it as copy does. */
export const template = defineModule({
  name: 'template',
  args,
  required: ['src', 'dest'],
  supportsCheck: true,
  supportsDiff: true,
  probes: (a) => destProbes(a.dest),
  async run(ctx, a) {
    checkModeArg(a.mode === 'preserve' ? undefined : a.mode);
    const local = findControllerFile(ctx, 'templates', a.src);
    const lst = await stat(local).catch(() => undefined);
    if (!lst?.isFile()) throw new ModuleFailure(`Could not find or access '${a.src}' (looked at ${local})`);
    // a vaulted template is opened on the controller, in memory
    const text = isVaultFile(local)
      ? openVaultedFile(local, a.src).toString('utf8')
      : await readFile(local, 'utf8');
    const { dest, st } = await resolveFileDest(ctx, a.dest, basename(local), a.follow);
    const extra = {
      ...templateVars(local, local, lst, dest),
      ansible_managed: ctx.vars.ansible_managed ?? 'Ansible managed',
    };
    const out = ctx.render(text, extra, { source: local, syntax: syntaxOf(a) });
    const data = encodeText(out, a.output_encoding);
    return convergeFile(ctx, {
      // Ansible's template action is its copy action on the rendered file: the same result.
      // Named first: V8 11 copies a spread that opens a literal into a map of its own and adds
      // each later key by a runtime call (8 us here, 0.4 us this way; extensible-copy.ts)
      copyDiff: true,
      uploaded: true,
      ...a,
      dest,
      st,
      mode: a.mode === 'preserve' ? lst.mode & 0o7777 : a.mode,
      source: { data },
      checksum: sha1(data),
      size: data.length,
    });
  },
});
