import type { LintRule } from './lint-rule.js';
import { certifiedDependsOnDraft } from './rules/certified-depends-on-draft.js';
import { deprecatedInUse } from './rules/deprecated-in-use.js';
import { duplicateDefinition } from './rules/duplicate-definition.js';
import { focusAreaMissingLagging, focusAreaMissingLeading } from './rules/focus-area-balance.js';
import { missingDescription } from './rules/missing-description.js';
import { missingOwner } from './rules/missing-owner.js';
import { targetDirection } from './rules/target-direction.js';
import { thresholdDirection } from './rules/threshold-direction.js';
import { tooManyTopKpis } from './rules/too-many-top-kpis.js';

/** Every governance rule, by code. canon.yaml `lint.rules` keys must be one of these codes. */
export const LINT_RULES: readonly LintRule[] = [
  missingOwner,
  missingDescription,
  tooManyTopKpis,
  focusAreaMissingLeading,
  focusAreaMissingLagging,
  thresholdDirection,
  targetDirection,
  certifiedDependsOnDraft,
  duplicateDefinition,
  deprecatedInUse,
];

export const LINT_RULE_CODES: readonly string[] = LINT_RULES.map((r) => r.code).sort();
