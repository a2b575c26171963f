import { didYouMean } from '../errors.js';
import { LoopFilter, SealedOk, Traced, Truthy, Unpacked } from './compiler-nodes.js';
import { nodePath, testName } from './node-names.js';
import { HANDS_ON, STRING_TYPE_FILTERS } from './native-text.js';
import { JinjaStatementCompiler } from './statement-compiler.js';

const TRACED_FILTERS = new Set(['type_debug', 'ansible.builtin.type_debug']);
/** the filters that take a sealed !vault value without reading it, as Ansible's take its object */
const SEALED_OK_FILTERS = new Set(['unvault', 'ansible.builtin.unvault', ...TRACED_FILTERS]);
/** the globals whose positional arguments Ansible templates again (listify_lookup_plugin_terms) */
const LOOKUP_CALLS = new Set(['lookup', 'query', 'q']);

/** Names of the registered filters and tests, checked at compile time like Jinja2 does. */
export interface KnownNames {
  filters: Set<string>;
  tests: Set<string>;
}

/**
 * nunjucks' compiler with Jinja2's meaning where the two differ: Python truthiness in `if`, `and`,
 * `or`, `not` (an empty list is false, `a or b` returns a value); Python `==`, `<`, `+` (lists
 * concatenate), `%` formatting, tuples; missing names become Undefined values instead of ''.
 * Everything goes through functions of our runtime (runtime.ts), so the generated code stays small.
 * Expressions are python-expr-compiler.ts's part, statements statement-compiler.ts's; this one adds
 * names: variables and attributes, lookups' terms and the filters and tests known at compile time.
 */
export class AnsibleCompiler extends JinjaStatementCompiler {
  declare known: KnownNames;

  assertType(node: any, ...types: any[]): void {
    if ([Truthy, LoopFilter, Traced, Unpacked].some((t) => node instanceof t)) return;
    super.assertType(node, ...types);
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
