import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadYamlFile } from '../../yaml/load.js';
import type { ModuleDef } from '../types.js';

interface IncludeVarsArgs {
  file?: string;
  dir?: string;
  name?: string;
  files_matching?: string;
}

/** Loads YAML vars files from the controller as host variables (above play and role vars). */
export const includeVars: ModuleDef<IncludeVarsArgs> = {
  name: 'include_vars',
  schema: {
    type: 'object',
    properties: {
      file: { type: 'string' },
      dir: { type: 'string' },
      name: { type: 'string' },
      files_matching: { type: 'string' },
    },
    additionalProperties: false,
  },
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'file',
  acceptsKeyValue: true,
  async run(ctx, args) {
    let files: string[];
    if (args.dir !== undefined) {
      const dir = ctx.findFile('vars', args.dir);
      const re = args.files_matching ? new RegExp(args.files_matching) : /\.(ya?ml|json)$/;
      files = readdirSync(dir)
        .sort()
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile() && re.test(f));
    } else if (args.file !== undefined) files = [ctx.findFile('vars', args.file)];
    else return { changed: false, failed: true, msg: 'include_vars needs file or dir' };
    const data: Record<string, unknown> = {};
    for (const f of files) {
      const v = loadYamlFile(f);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(data, v);
      else if (v !== null)
        return { changed: false, failed: true, msg: `${f} must hold a mapping of variables` };
    }
    return {
      changed: false,
      ansible_facts: args.name ? { [args.name]: data } : data,
      ansible_included_var_files: files,
    };
  },
};
