import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import './string-literals.js';
import './splat.js';
import './attribute-names.js';
import './test-args.js';
import './comments.js';
import './raw-trim.js';
import './include.js';
import './number-literals.js';
import './adjacent-strings.js';
import './conditional-expr.js';
import './dict-literals.js';
import './tuple-literals.js';

/**
 * nunjucks with its parser taught Jinja2's syntax: the imports above patch it, in this order, before
 * nunjucks' own Jinja2 compatibility is installed.
 */

const nj = nunjucks as any;
// Slices (`x[1:]`) and True/False/None in the parser, as nunjucks ships them for Jinja2 users.
nj.installJinjaCompat();
export const { nodes } = nj;
export const { parser, lib } = nj;
// not exported by nunjucks' index; a no-op for sync templates except {% block %} super()
export const transformer = createRequire(import.meta.url)('nunjucks/src/transformer.js');
export const BaseCompiler = nj.compiler.Compiler;
