// How the compiler names a parse node in messages: `a.b[0]`, `f(...)`, a test's name.

/** The expression a node stands for, as a message shows it. */
export function nodePath(node: any): string {
  switch (node?.typename) {
    case 'Symbol':
      return node.value;
    case 'LookupVal': {
      const val = node.val;
      const base = nodePath(node.target);
      if (val.typename === 'Literal' && typeof val.value === 'string' && /^[A-Za-z_]\w*$/.test(val.value))
        return `${base}.${val.value}`;
      if (val.typename === 'Literal') return `${base}[${JSON.stringify(val.value)}]`;
      return `${base}[${nodePath(val)}]`;
    }
    case 'FunCall':
      return `${nodePath(node.name)}(...)`;
    case 'Literal':
      return JSON.stringify(node.value);
    default:
      return '(expression)';
  }
}

export function testName(right: any): string {
  if (right.typename === 'FunCall') return testName(right.name);
  if (right.typename === 'Literal') return right.value === null ? 'none' : String(right.value);
  return nodePath(right);
}
