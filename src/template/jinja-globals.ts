import { FilterError } from './errors.js';
import { splitKwargs } from './members.js';
import { pyRepr } from './python.js';

/**
 * Jinja2's own globals that nunjucks lacks: namespace (with `{% set ns.attr = value %}`, compiled
 * by statement-compiler.ts to setNamespaceAttr), cycler, joiner and lipsum.
 */

/** namespace(...): attributes a loop body may set and the code after the loop still sees. */
export class Namespace {
  constructor(attrs: Record<string, unknown>) {
    Object.assign(this, attrs);
  }

  toString(): string {
    return `<Namespace ${pyRepr({ ...this })}>`;
  }
}

/** `{% set ns.attr = value %}`: Jinja2 allows it on a namespace only. */
export function setNamespaceAttr(target: unknown, attr: unknown, value: unknown): void {
  if (!(target instanceof Namespace))
    throw new FilterError('cannot assign attribute on non-namespace object');
  (target as unknown as Record<string, unknown>)[String(attr)] = value;
}

function namespace(...args: unknown[]): Namespace {
  const { pos, kw } = splitKwargs(args);
  const given = pos[0];
  const attrs = given && typeof given === 'object' && !Array.isArray(given) ? given : {};
  return new Namespace({ ...attrs, ...kw });
}

/** cycler(a, b, ...): `next()` gives the current item and moves on; `current`; `reset()`. */
class Cycler {
  private pos = 0;
  constructor(private readonly items: unknown[]) {
    if (items.length === 0) throw new FilterError('at least one item has to be provided');
  }

  get current(): unknown {
    return this.items[this.pos];
  }

  next(): unknown {
    const rv = this.current;
    this.pos = (this.pos + 1) % this.items.length;
    return rv;
  }

  reset(): void {
    this.pos = 0;
  }
}

/** joiner(sep=', '): a function giving '' the first time it is called, then the separator. */
function joiner(...args: unknown[]): () => string {
  const { pos, kw } = splitKwargs(args);
  const sep = String(pos[0] ?? kw.sep ?? ', ');
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return '';
    }
    return sep;
  };
}

const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris ' +
  'nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse ' +
  'cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui ' +
  'officia deserunt mollit anim id est laborum'
).split(' ');

/**
 * lipsum(n=5, html=True, min=20, max=100): n paragraphs of placeholder words, each of min words
 * up to max (exclusive, Python's randrange), a sentence ending now and then (random, as Jinja2's).
 */
function lipsum(...args: unknown[]): string {
  const { pos, kw } = splitKwargs(args);
  const n = Number(pos[0] ?? kw.n ?? 5);
  const html = pos[1] ?? kw.html ?? true;
  const min = Number(pos[2] ?? kw.min ?? 20);
  const max = Number(pos[3] ?? kw.max ?? 100);
  const pick = (a: number, b: number) => a + Math.floor(Math.random() * (b - a + 1));
  if (max <= min) throw new FilterError(`empty range for randrange() (${min}, ${max}, ${max - min})`);
  const paragraphs: string[] = [];
  for (let i = 0; i < n; i++) {
    const words: string[] = [];
    let sentenceStart = true;
    for (let w = pick(min, max - 1); w > 0; w--) {
      let word = WORDS[pick(0, WORDS.length - 1)]!;
      if (sentenceStart) word = word[0]!.toUpperCase() + word.slice(1);
      sentenceStart = w > 1 && pick(0, 9) === 0;
      words.push(sentenceStart ? `${word}.` : word);
    }
    paragraphs.push(`${words.join(' ')}.`);
  }
  return html ? paragraphs.map((p) => `<p>${p}</p>`).join('\n') : paragraphs.join('\n\n');
}

export const jinjaGlobals: Record<string, unknown> = {
  namespace,
  cycler: (...items: unknown[]) => new Cycler(splitKwargs(items).pos),
  joiner,
  lipsum,
};
