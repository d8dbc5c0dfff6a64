import type { FunctionName } from './ast.js';

/** Every callable name; `lag` is separate because it has its own syntax and node kind. */
export const functionNames: readonly FunctionName[] = [
  'coalesce', 'abs', 'round', 'floor', 'ceil', 'least', 'greatest', 'nullif', 'days_between', 'lower', 'upper',
];

export function isFunctionName(name: string): name is FunctionName {
  return (functionNames as readonly string[]).includes(name);
}
