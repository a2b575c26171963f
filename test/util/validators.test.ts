import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import { validatorSources } from '../../scripts/build-validators.js';
import { allModules } from '../../src/modules/registry.js';
import { KEYWORD_REFS, keywordSchemas } from '../../src/playbook/schema.js';
import { ajvFor, precompiledFile } from '../../src/util/validators.js';

const require = createRequire(import.meta.url);

/** Loads one generated CommonJS file as the built CLI would (its ajv runtime requires resolve here). */
function load(code: string): unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

/** What a validator makes of a value: verdict, errors, and the value after (coercion, defaults). */
function outcome(v: ValidateFunction, value: unknown): unknown {
  const data = structuredClone(value);
  const ok = v(data);
  return { ok, errors: v.errors ?? null, data };
}

/** Values of every kind for each property, and the empty and unknown-key cases. */
function samples(schema: AnySchemaObject): unknown[] {
  const kinds = ['text', '12', 5, -1, true, 'yes', null, ['a', 1], { a: 1 }];
  const props = Object.keys((schema.properties as object | undefined) ?? {});
  return [{}, { no_such_argument: 1 }, ...props.flatMap((p) => kinds.map((k) => ({ [p]: k })))];
}

describe('precompiled validators (npm run build: ajv standalone code)', () => {
  const sources = validatorSources();

  it('writes one file per module and one for the keywords, each loading as a validator', () => {
    assert.equal(sources.size, allModules().length + 1);
    for (const m of allModules())
      assert.equal(typeof load(sources.get(precompiledFile('moduleArgs', m.name))!), 'function', m.name);
  });

  it("judges every module's arguments as ajv compiling at run time does, coercion and defaults too", () => {
    for (const m of allModules()) {
      const schema = m.schema as AnySchemaObject;
      const built = load(sources.get(precompiledFile('moduleArgs', m.name))!) as ValidateFunction;
      const now = ajvFor('moduleArgs').compile(schema);
      for (const s of samples(schema))
        assert.deepEqual(outcome(built, s), outcome(now, s), `${m.name} ${JSON.stringify(s)}`);
    }
  });

  it('judges every keyword and argument_specs.yml as ajv compiling at run time does', () => {
    const built = load(sources.get(precompiledFile('keywords', ''))!) as Record<string, ValidateFunction>;
    const now = ajvFor('keywords', KEYWORD_REFS);
    const values = ['x', '30%', 0, 3, -2, 1.5, true, null, [], ['a', 2], {}, { loop_var: 'i', bad: 1 }];
    const specs = [
      { argument_specs: { main: { options: { a: { type: 'str', required: true } } } } },
      { argument_specs: { main: { options: { a: { type: 'string' } } } } },
      { argument_specs: { main: { options: { a: { options: { b: { typo: 1 } } } } } } },
      {},
    ];
    for (const { name, schema } of keywordSchemas()) {
      const v = now.compile(schema);
      for (const value of name === 'argument_specs' ? specs : values)
        assert.deepEqual(outcome(built[name]!, value), outcome(v, value), `${name} ${JSON.stringify(value)}`);
    }
  });
});
