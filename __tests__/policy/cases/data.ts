/** Fixtures of the rules added for the standards coverage (data): compliant and non-compliant stacks per rule id. */
import type { RuleCase } from "../rule-cases";

export const DATA_CASES: Record<string, RuleCase> = {};
