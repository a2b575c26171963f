/**
 * Part of `npm run build` (after tsc): writes every schema fabplay validates with as ajv's
 * standalone code into dist/src/generated/, which src/util/validators.ts loads instead of
 * compiling at run time (a start then loads neither ajv nor its compiler).
 * Run from dist/: node dist/scripts/build-validators.js
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { AnySchemaObject } from 'ajv';
import { allModules } from '../src/modules/registry.js';
import { KEYWORD_REFS, keywordSchemas } from '../src/playbook/schema.js';
import { ajvFor, precompiledFile } from '../src/util/validators.js';

const require = createRequire(import.meta.url);
const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js'))
  .default;

/** The generated files: path relative to src/util/ -> CommonJS source. */
export function validatorSources(): Map<string, string> {
  const out = new Map<string, string>();
  const kw = ajvFor('keywords', KEYWORD_REFS, { code: { source: true } });
  const names: Record<string, string> = {};
  for (const { name, schema } of keywordSchemas()) {
    kw.addSchema(schema, name);
    names[name] = name;
  }
  out.set(precompiledFile('keywords', ''), standaloneCode(kw, names));
  for (const mod of allModules()) {
    // one ajv per module: its file holds only that module's validator
    const ajv = ajvFor('moduleArgs', [], { code: { source: true } });
    const v = ajv.compile(mod.schema as AnySchemaObject);
    out.set(precompiledFile('moduleArgs', mod.name), standaloneCode(ajv, v));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const util = join(dirname(fileURLToPath(import.meta.url)), '../src/util');
  rmSync(join(util, '../generated'), { recursive: true, force: true });
  const sources = validatorSources();
  for (const [rel, code] of sources) {
    const file = join(util, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
  }
  process.stdout.write(`build-validators: ${sources.size} files in ${join(util, '../generated')}\n`);
}
