import { createRequire } from 'node:module';
import type { Ajv, AnySchemaObject, ValidateFunction } from 'ajv';
import { OWN_SCHEMAS } from './ajv-options.js';
import { requireOwn } from './import-own.js';

/**
 * Validators for fabplay's own schemas. `npm run build` writes each as ajv's standalone code
 * (scripts/build-validators.ts), so a run loads only the few small functions it uses instead of
 * ajv and its compiler; from the sources (tsx: tests, the bench) ajv compiles them at first use.
 */

const require = createRequire(import.meta.url);

/** The ajv options of each kind of schema; the build compiles each schema with its kind's. */
export const SETUPS = {
  /** playbook keywords and meta/argument_specs.yml: the first error is the one reported */
  keywords: { ...OWN_SCHEMAS, allErrors: false },
  /** module arguments: every error, numeric text made a number, defaults filled in */
  moduleArgs: { ...OWN_SCHEMAS, allErrors: true, coerceTypes: true, useDefaults: true },
} as const;
export type Setup = keyof typeof SETUPS;

/** Where the build puts a setup's precompiled validators, relative to this file's directory. */
export function precompiledFile(setup: Setup, name: string): string {
  return setup === 'keywords' ? '../generated/keywords.cjs' : `../generated/module-args/${name}.cjs`;
}

const ajvs = new Map<Setup, Ajv>();

/** An ajv of this setup with the shared schemas (`$ref` targets) added. */
export function ajvFor(setup: Setup, refs: readonly AnySchemaObject[] = [], extra: object = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ ...SETUPS[setup], ...extra });
  for (const r of refs) ajv.addSchema(r);
  return ajv;
}

function precompiled(setup: Setup, name: string): ValidateFunction | undefined {
  let mod: unknown;
  try {
    // by name: the bundle holds those of keywords (scripts/bundle.ts, filesLoadedByName)
    mod = requireOwn(precompiledFile(setup, name), import.meta.url);
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  const v = setup === 'keywords' ? (mod as Record<string, unknown>)[name] : mod;
  return typeof v === 'function' ? (v as ValidateFunction) : undefined;
}

/**
 * The validator of schema `name` of a setup: precompiled by the build when there, else compiled
 * now (`refs`: the schemas its `$ref`s name). The caller keeps it.
 */
export function validator(
  setup: Setup,
  name: string,
  schema: AnySchemaObject,
  refs: readonly AnySchemaObject[] = [],
): ValidateFunction {
  const built = precompiled(setup, name);
  if (built) return built;
  let ajv = ajvs.get(setup);
  if (!ajv) ajvs.set(setup, (ajv = ajvFor(setup)));
  for (const r of refs) if (r.$id && !ajv.getSchema(r.$id)) ajv.addSchema(r);
  return ajv.compile(schema);
}
