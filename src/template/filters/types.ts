import type { TemplarContext } from '../runtime.js';

/** A filter as nunjucks calls it: `this` is the render context, the piped value comes first. */
export type FilterFn = (this: TemplarContext, value: any, ...args: any[]) => unknown;

export interface FilterTable {
  [name: string]: FilterFn;
}
