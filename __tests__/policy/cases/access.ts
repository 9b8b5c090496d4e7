/** Fixtures of the rules added for the standards coverage (access): compliant and non-compliant stacks per rule id. */
import type { RuleCase } from "../rule-cases";

export const ACCESS_CASES: Record<string, RuleCase> = {};
