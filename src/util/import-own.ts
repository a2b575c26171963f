import { createRequire } from 'node:module';

/**
 * One of fabplay's own files, for code loaded when first needed (start-up time), by require():
 * under tsx (the tests) the sources are CommonJS, and an import() there would load a second copy
 * of the file and of all it imports, with classes and symbols of their own (instanceof fails
 * across the copies). Built, the file is an ES module: Node (20.19 and later) requires it
 * synchronously into the module map import() uses (one copy), cheaper than its asynchronous
 * loader. `base` is the caller's import.meta.url.
 */
export function requireOwn<T>(file: string, base: string): T {
  return createRequire(base)(file) as T;
}

/** The same, for a caller that awaits it. */
export async function importOwn<T>(file: string, base: string): Promise<T> {
  return requireOwn<T>(file, base);
}
