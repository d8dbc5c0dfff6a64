/** What every lowering step needs: the catalog, the plan's time settings, and dialect capabilities. */
import type { Catalog } from '../catalog/types.js';
import type { QueryPlan } from './plan.js';
import { numberedName } from './planner-names.js';

export interface LowerContext {
  readonly catalog: Catalog;
  readonly plan: QueryPlan;
  /** Dimension key columns of every leaf, in plan order. */
  readonly dimensionColumns: readonly string[];
  /** The target engine wants recursive date spines (Dialect.recursiveSpine). */
  readonly recursiveSpine: boolean;
}

export const dimensionColumn = (i: number): string => numberedName('d', i);
