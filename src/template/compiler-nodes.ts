import { nodes } from './nunjucks-patched.js';

/** The nodes the compilers put into nunjucks' tree where Jinja2 means more than nunjucks. */

export const Truthy = nodes.Node.extend('Truthy', { fields: ['target'] });
/** Jinja2's `{% for x in items if cond %}`: nunjucks parses `items if cond` as an inline if */
export const LoopFilter = nodes.Node.extend('LoopFilter', { fields: ['arr', 'cond', 'names'] });
/**
 * an expression evaluated in its own taint scope, handed over as a Traced value (unsafe.ts): the
 * terms of lookup()/query(), which are templated again unless they read host data, and the input
 * of type_debug, which names an unsafe string's type
 */
export const Traced = nodes.Node.extend('Traced', { fields: ['target'] });
/** one value of `{% set a, b = pair %}`: item `index` of the unpacked list held in JS variable `source` */
export const Unpacked = nodes.Node.extend('Unpacked', { fields: ['source', 'index'] });
/** an expression evaluated with sealed !vault values given as they are (vault/sealed.ts) */
export const SealedOk = nodes.Node.extend('SealedOk', { fields: ['target'] });
