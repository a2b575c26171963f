import { createRequire } from 'node:module';

/**
 * import() of one of fabplay's own files, for code loaded when first needed (start-up time).
 * Under tsx (the tests) the sources are CommonJS, and an import() there would load a second copy
 * of the file and of all it imports, with classes and symbols of their own (instanceof fails
 * across the copies): require() keeps one. `base` is the caller's import.meta.url.
 */
export async function importOwn<T>(file: string, base: string): Promise<T> {
  if (typeof require === 'function') return createRequire(base)(file) as T;
  return (await import(new URL(file, base).href)) as T;
}

/**
 * The same, synchronously, for code first needed inside synchronous code (a template's first
 * render). Built, the file is an ES module: Node (20.19 and later) requires it into the same
 * module map import() uses, so both ways share one copy.
 */
export function requireOwn<T>(file: string, base: string): T {
  return createRequire(base)(file) as T;
}
