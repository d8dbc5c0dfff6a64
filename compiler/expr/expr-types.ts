import type { ExprType, Unit } from './ast.js';

export const unknownType: ExprType = { base: 'unknown' };
export const booleanType: ExprType = { base: 'boolean' };
export const stringType: ExprType = { base: 'string' };
export const timeType: ExprType = { base: 'time' };
export const nullType: ExprType = { base: 'null' };
export const numberType = (unit: Unit): ExprType => ({ base: 'number', unit });

/** `unknown` (an untyped column) and `null` fit wherever a value of any type is expected. */
export const isWildcard = (type: ExprType): boolean => type.base === 'unknown' || type.base === 'null';
export const isNumeric = (type: ExprType): boolean => type.base === 'number' || isWildcard(type);
export const isBooleanish = (type: ExprType): boolean => type.base === 'boolean' || isWildcard(type);
export const isStringish = (type: ExprType): boolean => type.base === 'string' || isWildcard(type);

export function typeToText(type: ExprType): string {
  return type.base === 'number' ? (type.unit === 'number' ? 'number' : `number (${type.unit})`) : type.base;
}

/** Why two values cannot be compared or mixed, or undefined when they can. */
export function incompatibility(a: ExprType, b: ExprType, verb = 'compared'): { code: 'type-mismatch' | 'unit-mismatch'; message: string } | undefined {
  if (isWildcard(a) || isWildcard(b)) return undefined;
  if (a.base !== b.base) return { code: 'type-mismatch', message: `${typeToText(a)} and ${typeToText(b)} cannot be ${verb}` };
  if (a.base === 'number' && b.base === 'number' && a.unit !== b.unit && a.unit !== 'number' && b.unit !== 'number') {
    return { code: 'unit-mismatch', message: `${a.unit} and ${b.unit} cannot be ${verb}` };
  }
  return undefined;
}
