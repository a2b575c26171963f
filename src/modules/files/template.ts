import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { defineModule, findControllerFile, ModuleFailure, type ArgTable } from '../lib/args.js';
import { checkModeArg } from '../lib/file-attrs.js';
import { sha1 } from '../lib/local-files.js';
import { resolveFileDest, writeArgs } from './copy.js';
import { convergeFile } from './converge-file.js';
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
  // fabplay renders with Ansible's defaults only: other values are unsupported
  trim_blocks: { type: 'boolean', default: true, unsupported: { allow: [true] } },
  lstrip_blocks: { type: 'boolean', default: false, unsupported: { allow: [false] } },
  block_start_string: { type: 'string', unsupported: { allow: ['{%'] } },
  block_end_string: { type: 'string', unsupported: { allow: ['%}'] } },
  variable_start_string: { type: 'string', unsupported: { allow: ['{{'] } },
  variable_end_string: { type: 'string', unsupported: { allow: ['}}'] } },
  comment_start_string: { type: 'string', unsupported: { allow: ['{#'] } },
  comment_end_string: { type: 'string', unsupported: { allow: ['#}'] } },
  output_encoding: { type: 'string', default: 'utf-8', unsupported: { allow: ['utf-8', 'utf8', 'UTF-8'] } },
} as const satisfies ArgTable;

/** template: renders a Jinja2 file from the role's templates/ with the host's vars, then writes it as copy does. */
export const template = defineModule({
  name: 'template',
  args,
  required: ['src', 'dest'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    checkModeArg(a.mode === 'preserve' ? undefined : a.mode);
    const local = findControllerFile(ctx, 'templates', a.src);
    const lst = await stat(local).catch(() => undefined);
    if (!lst?.isFile()) throw new ModuleFailure(`Could not find or access '${a.src}' (looked at ${local})`);
    // a vaulted template is opened on the controller, in memory
    const text = isVaultFile(local)
      ? openVaultedFile(local, a.src).toString('utf8')
      : await readFile(local, 'utf8');
    const { dest, st } = await resolveFileDest(ctx, a.dest, basename(local).replace(/\.j2$/, ''), a.follow);
    const extra = {
      template_path: local,
      template_fullpath: local,
      template_host: ctx.host,
      template_destpath: dest,
      template_mtime: lst.mtime,
      template_run_date: new Date(),
      ansible_managed: ctx.vars.ansible_managed ?? 'Ansible managed',
    };
    let out = ctx.render(text, extra, local);
    const newline = a.newline_sequence.replace(/\\r/g, '\r').replace(/\\n/g, '\n');
    if (newline !== '\n') out = out.replace(/\n/g, newline);
    const data = Buffer.from(out);
    const res = await convergeFile(ctx, {
      ...a,
      dest,
      st,
      mode: a.mode === 'preserve' ? lst.mode & 0o7777 : a.mode,
      source: { data },
      checksum: sha1(data),
      size: data.length,
    });
    return { ...res, src: local };
  },
});
