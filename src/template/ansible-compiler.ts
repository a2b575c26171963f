import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { didYouMean } from '../errors.js';
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
import { isBoxedFloat } from '../util/py-float.js';
import { nodePath, testName } from './node-names.js';
import { HANDS_ON, STRING_TYPE_FILTERS } from './native-text.js';

/**
 * nunjucks' compiler with Jinja2's meaning where the two differ: Python truthiness in `if`, `and`,
 * `or`, `not` (an empty list is false, `a or b` returns a value); Python `==`, `<`, `+` (lists
 * concatenate), `%` formatting, tuples; missing names become Undefined values instead of ''.
 * Everything goes through functions of our runtime (runtime.ts), so the generated code stays small.
 */

const nj = nunjucks as any;
// Slices (`x[1:]`) and True/False/None in the parser, as nunjucks ships them for Jinja2 users.
nj.installJinjaCompat();
const { nodes } = nj;
export const { parser, lib } = nj;
// not exported by nunjucks' index; a no-op for sync templates except {% block %} super()
export const transformer = createRequire(import.meta.url)('nunjucks/src/transformer.js');
const BaseCompiler = nj.compiler.Compiler;

const Truthy = nodes.Node.extend('Truthy', { fields: ['target'] });
/** Jinja2's `{% for x in items if cond %}`: nunjucks parses `items if cond` as an inline if */
const LoopFilter = nodes.Node.extend('LoopFilter', { fields: ['arr', 'cond', 'names'] });
/**
 * an expression evaluated in its own taint scope, handed over as a Traced value (unsafe.ts): the
 * terms of lookup()/query(), which are templated again unless they read host data, and the input
 * of type_debug, which names an unsafe string's type
 */
const Traced = nodes.Node.extend('Traced', { fields: ['target'] });
/** one value of `{% set a, b = pair %}`: item `index` of the unpacked list held in JS variable `source` */
const Unpacked = nodes.Node.extend('Unpacked', { fields: ['source', 'index'] });
const TRACED_FILTERS = new Set(['type_debug', 'ansible.builtin.type_debug']);
/** an expression evaluated with sealed !vault values given as they are (vault/sealed.ts) */
const SealedOk = nodes.Node.extend('SealedOk', { fields: ['target'] });
/** the filters that take a sealed !vault value without reading it, as Ansible's take its object */
const SEALED_OK_FILTERS = new Set(['unvault', 'ansible.builtin.unvault', ...TRACED_FILTERS]);
/** the globals whose positional arguments Ansible templates again (listify_lookup_plugin_terms) */
const LOOKUP_CALLS = new Set(['lookup', 'query', 'q']);

/** Names of the registered filters and tests, checked at compile time like Jinja2 does. */
export interface KnownNames {
  filters: Set<string>;
  tests: Set<string>;
}

export class AnsibleCompiler extends BaseCompiler {
  declare known: KnownNames;

  assertType(node: any, ...types: any[]): void {
    if ([Truthy, LoopFilter, Traced, Unpacked].some((t) => node instanceof t)) return;
    super.assertType(node, ...types);
  }

  /** `<open><node.target>)`: the shape of every one-operand node compiled to a runtime call */
  private wrapTarget(open: string, node: any, frame: any): void {
    this._emit(open);
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileTruthy(node: any, frame: any): void {
    this.wrapTarget('runtime.truthy(', node, frame);
  }

  /** the callee's name nunjucks pastes into a JS string for its error message: keep it one safe line */
  _getNodeName(node: any): string {
    return nodePath(node).replace(/[\\\n\r\u2028\u2029]/g, ' ');
  }

  compileSymbol(node: any, frame: any): void {
    const v = frame.lookup(node.value);
    if (v) this._emit(v);
    else this._emit(`runtime.lookup(context, frame, ${JSON.stringify(node.value)})`);
  }

  compileLookupVal(node: any, frame: any): void {
    if (node.val.typename === 'Slice') {
      this._emit('runtime.slice((');
      this._compileExpression(node.target, frame);
      this._emit('), [');
      this.compile(node.val, frame);
      this._emit('])');
      return;
    }
    this._emit('runtime.memberLookup((');
    this._compileExpression(node.target, frame);
    this._emit('),');
    this._compileExpression(node.val, frame);
    this._emit(`, ${JSON.stringify(nodePath(node))})`);
  }

  /** keeps `lineno` current so an error inside a template file names its line */
  private markLine(node: any): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
  }

  compileOutput(node: any, frame: any): void {
    if (node.children.some((c: any) => c.typename !== 'TemplateData')) this.markLine(node);
    super.compileOutput(node, frame);
  }

  compileFunCall(node: any, frame: any): void {
    const callee = node.name;
    if (callee.typename === 'Symbol' && LOOKUP_CALLS.has(callee.value) && !frame.lookup(callee.value)) {
      node.args.children = node.args.children.map((c: any) =>
        c.typename === 'KeywordArgs' || c.typename === 'Splat' || c instanceof Traced
          ? c
          : new Traced(c.lineno, c.colno, c),
      );
    }
    super.compileFunCall(node, frame);
  }

  compileTraced(node: any, frame: any): void {
    this._emit('runtime.traced(function() { return (');
    this.compile(node.target, frame);
    this._emit(`); }, ${handsTextOnNode(node.target)})`);
  }

  compileSealedOk(node: any, frame: any): void {
    this._emit('runtime.sealedOk(function() { return (');
    this.compile(node.target, frame);
    this._emit('); })');
  }

  /** nunjucks' include, plus `without context` (include.ts): the template renders with the globals only */
  compileInclude(node: any, frame: any): void {
    if (!node.withoutContext) {
      super.compileInclude(node, frame);
      return;
    }
    const id = this._tmpid();
    this._emitLine('var tasks = [];');
    this._emitLine('tasks.push(function(callback) {');
    const tmpl = this._compileGetTemplate(node, frame, false, node.ignoreMissing);
    this._emitLine(`callback(null, ${tmpl});});`);
    this._emitLine('});');
    this._emitLine('tasks.push(function(template, callback) {');
    this._emitLine(`template.renderAlone(${this._makeCallback(id)}`);
    this._emitLine(`callback(null, ${id});});`);
    this._emitLine('});');
    this._emitLine(`tasks.push(function(result, callback) { ${this.buffer} += result; callback(null); });`);
    this._emitLine('env.waterfall(tasks, function(){');
    this._addScopeLevel();
  }

  compileLoopFilter(node: any, frame: any): void {
    this._emit('runtime.loopFilter(');
    this.compile(node.arr, frame);
    this._emit(`, frame, ${JSON.stringify(node.names)}, function(frame) { return runtime.truthy(`);
    this.compile(node.cond, frame);
    this._emit('); })');
  }

  compileFor(node: any, frame: any): void {
    this.markLine(node);
    if (node.arr.typename === 'InlineIf' && node.arr.else_ === null) {
      const names =
        node.name.typename === 'Array' ? node.name.children.map((c: any) => c.value) : [node.name.value];
      node.arr = new LoopFilter(node.arr.lineno, node.arr.colno, node.arr.body, node.arr.cond, names);
    }
    super.compileFor(node, frame);
  }

  compileSet(node: any, frame: any): void {
    this.markLine(node);
    // `{% set ns.attr = value %}`: an attribute of a namespace (jinja-globals.ts)
    const target = node.targets[0];
    if (node.targets.length === 1 && target?.typename === 'LookupVal') {
      this._emit('runtime.setNamespaceAttr(');
      this._compileExpression(target.target, frame);
      this._emit(', ');
      this._compileExpression(target.val, frame);
      this._emit(', ');
      if (node.value) this._compileExpression(node.value, frame);
      else this.compile(node.body, frame);
      this._emitLine(');');
      return;
    }
    // `{% set a, b = pair %}` unpacks as Python does (nunjucks gives each name the whole value)
    if (node.targets.length > 1 && node.value) {
      const source = this._tmpid();
      this._emit(`var ${source} = runtime.unpack(`);
      this._compileExpression(node.value, frame);
      this._emitLine(`, ${node.targets.length});`);
      node.targets.forEach((t: any, i: number) => {
        const one = new nodes.Set(node.lineno, node.colno, [t]);
        one.value = new Unpacked(node.lineno, node.colno, source, i);
        super.compileSet(one, frame);
      });
      return;
    }
    super.compileSet(node, frame);
  }

  compileUnpacked(node: any): void {
    this._emit(`${node.source}[${node.index}]`);
  }

  compileIf(node: any, frame: any, async: boolean): void {
    this.markLine(node);
    node.cond = new Truthy(node.cond.lineno, node.cond.colno, node.cond);
    super.compileIf(node, frame, async);
  }

  compileInlineIf(node: any, frame: any): void {
    node.cond = new Truthy(node.cond.lineno, node.cond.colno, node.cond);
    if (node.else_ !== null) return super.compileInlineIf(node, frame);
    // Jinja2: no else gives its plain Undefined (printed as nothing), not an empty string
    this._emit('(');
    this.compile(node.cond, frame);
    this._emit('?');
    this.compile(node.body, frame);
    this._emit(`:runtime.elseUndefined(${node.lineno + 1}))`);
  }

  compileNot(node: any, frame: any): void {
    this.wrapTarget('!runtime.truthy(', node, frame);
  }

  private lazyBinary(fn: string, node: any, frame: any): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', function() { return (');
    this.compile(node.right, frame);
    this._emit('); })');
  }

  compileOr(node: any, frame: any): void {
    this.lazyBinary('or', node, frame);
  }

  compileAnd(node: any, frame: any): void {
    this.lazyBinary('and', node, frame);
  }

  private binary(op: string, node: any, frame: any): void {
    this._emit(`runtime.arith(${JSON.stringify(op)}, `);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: any, frame: any): void {
    this.binary('+', node, frame);
  }
  compileSub(node: any, frame: any): void {
    this.binary('-', node, frame);
  }
  compileMul(node: any, frame: any): void {
    this.binary('*', node, frame);
  }
  compileDiv(node: any, frame: any): void {
    this.binary('/', node, frame);
  }
  compileFloorDiv(node: any, frame: any): void {
    this.binary('//', node, frame);
  }
  compileMod(node: any, frame: any): void {
    this.binary('%', node, frame);
  }
  compilePow(node: any, frame: any): void {
    this.binary('**', node, frame);
  }
  compileConcat(node: any, frame: any): void {
    this.binary('~', node, frame);
  }

  compileNeg(node: any, frame: any): void {
    this.wrapTarget('runtime.neg(', node, frame);
  }

  /** a whole float literal (`1.0`, number-literals.ts) is made a float again at each render */
  compileLiteral(node: any, frame: any): void {
    const v = node.value;
    if (isBoxedFloat(v)) this._emit(`runtime.float(${Object.is(v.value, -0) ? '-0' : String(v.value)})`);
    else super.compileLiteral(node, frame);
  }

  compileCompare(node: any, frame: any): void {
    this._emit('runtime.compare(');
    this.compile(node.expr, frame);
    for (const op of node.ops) {
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
    }
    this._emit(')');
  }

  compileIn(node: any, frame: any): void {
    this._emit('runtime.inOp(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileIs(node: any, frame: any): void {
    const name = testName(node.right);
    if (!this.known.tests.has(name)) {
      const near = didYouMean(name, this.known.tests);
      this.fail(
        `no test named '${name}'${near ? ` (did you mean '${near}'?)` : ''}`,
        node.lineno,
        node.colno,
      );
    }
    // only a variable (or its attribute) can hold a vault value: what an expression builds is text
    const built = name.endsWith('vault_encrypted') && !['Symbol', 'LookupVal'].includes(node.left.typename);
    this._emit(`${built ? '(' : ''}runtime.test(env, context, ${JSON.stringify(name)}, `);
    // a test takes a sealed !vault value without reading it (`is defined`, `is vault_encrypted`);
    // one that needs its text reads it then (SealedVault.toString)
    this.compileSealedOk({ target: node.left }, frame);
    this._emit(', ');
    if (node.right.typename === 'FunCall') this._compileAggregate(node.right.args, frame, '[', ']');
    else this._emit('[]');
    this._emit(built ? ') && false)' : ')');
  }

  compileFilter(node: any, frame: any): void {
    const name = node.name.value;
    if (!this.known.filters.has(name)) {
      const near = didYouMean(name, this.known.filters);
      this.fail(
        `no filter named '${name}'${near ? ` (did you mean '${near}'?)` : ''}`,
        node.lineno,
        node.colno,
      );
    }
    const input = node.args.children[0];
    if (TRACED_FILTERS.has(name) && input && !(input instanceof Traced))
      node.args.children[0] = new Traced(input.lineno, input.colno, input);
    const given = node.args.children[0];
    if (SEALED_OK_FILTERS.has(name) && given && !(given instanceof SealedOk))
      node.args.children[0] = new SealedOk(given.lineno, given.colno, given);
    super.compileFilter(node, frame);
  }

  /** `*args` in a call: a spread of the value as a list (splat.ts) */
  compileSplat(node: any, frame: any): void {
    this.wrapTarget('...runtime.splat(', node, frame);
  }

  /** `**kwargs` in a call: a spread of the mapping among the keyword arguments */
  compileKwSplat(node: any, frame: any): void {
    this.wrapTarget('...runtime.kwSplat(', node, frame);
  }

  /** a dict literal (dict-literals.ts): its keys are expressions, of any type (util/py-dict-keys.ts) */
  compileDict(node: any, frame: any): void {
    if (!node.children.some((c: any) => c.typename === 'ExprKeyPair')) {
      super.compileDict(node, frame);
      return;
    }
    this._emit('runtime.dictLiteral(');
    this._compileAggregate(node, frame, '[', ']');
    this._emit(')');
  }

  compileExprKeyPair(node: any, frame: any): void {
    this._emit('[');
    this._compileExpression(node.key, frame);
    this._emit(', ');
    this._compileExpression(node.value, frame);
    this._emit(']');
  }

  compileGroup(node: any, frame: any): void {
    // a tuple `(a, b)`, `(a,)`, `()` (tuple-literals.ts); a parenthesised expression stays one
    if (node.isTuple || node.children.length !== 1) {
      this._emit('runtime.tuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    } else this._compileAggregate(node, frame, '(', ')');
  }
}

/** Whether an expression gives a text it read as the same text (native-text.ts handsTextOn, on the tree). */
function handsTextOnNode(node: any): boolean {
  switch (node?.typename) {
    case 'Filter':
      return (
        STRING_TYPE_FILTERS.has(node.name.value) ||
        (HANDS_ON.has(node.name.value) && handsTextOnNode(node.args.children[0]))
      );
    case 'Group':
      return node.children.length === 1 && handsTextOnNode(node.children[0]);
    case 'Add':
    case 'Concat':
    case 'Mod':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'FloorDiv':
    case 'Pow':
      return false;
    default:
      return true;
  }
}
