import type { Unit } from '../expr/ast.js';

/**
 * Unit of `numerator / denominator` for ratio metrics, by the unit algebra of docs/format.md:
 * like over like is a ratio, anything over a count or a unitless number keeps its unit
 * (currency per deal is currency), and what the algebra cannot name is a plain number.
 */
export function divideUnits(numerator: Unit, denominator: Unit): Unit {
  if (numerator === denominator) return numerator === 'number' ? 'number' : 'ratio';
  if (isShare(numerator) && isShare(denominator)) return 'ratio';
  if (denominator === 'count' || denominator === 'number' || isShare(denominator)) return numerator;
  return 'number';
}

/** Ratio and percent are one quantity shown two ways (0.25 vs 25%). */
function isShare(unit: Unit): boolean {
  return unit === 'ratio' || unit === 'percent';
}

/**
 * Whether a declared unit agrees with the one the definition computes. Ratio and percent are
 * interchangeable; a unitless `number` on either side is not evidence of a mistake.
 */
export function unitsAgree(declared: Unit, computed: Unit): boolean {
  return declared === computed || (isShare(declared) && isShare(computed)) || declared === 'number' || computed === 'number';
}
