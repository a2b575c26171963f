import { isBoxedFloat } from '../util/py-float.js';
import { Truthy } from './compiler-nodes.js';
import { BaseCompiler } from './nunjucks-patched.js';

/**
 * nunjucks' compiler with Python's meaning for expressions: truthiness in `not`, `and`, `or` and an
 * inline if (an empty list is false, `a or b` returns a value); Python `==`, `<`, `in`, arithmetic
 * (lists concatenate), `%` formatting, tuples, dict literals, `*args` and `**kwargs`. Each is a
 * call of our runtime (runtime.ts), so the generated code stays small.
 */
export class PythonExprCompiler extends BaseCompiler {
  /** `<open><node.target>)`: the shape of every one-operand node compiled to a runtime call */
  private wrapTarget(open: string, node: any, frame: any): void {
    this._emit(open);
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileTruthy(node: any, frame: any): void {
    this.wrapTarget('runtime.truthy(', node, frame);
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
