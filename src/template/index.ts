// The template package's entry: the Templar and what its callers use beside it.
export { Templar, lazyVarsView, type TemplarOptions } from './templar.js';
export { OMIT } from './omit.js';
export { UnsafeText, isUnsafe, markUnsafe, seal } from './unsafe.js';
export { revealDeep } from './lazy.js';
export { engine } from './engine-loader.js';
export { templateSyntaxError, expressionSyntaxError } from './syntax-check.js';
export {
  UndefinedVariableError,
  TemplateSyntaxError,
  TemplateRuntimeError,
  isTemplateError,
} from './errors.js';
