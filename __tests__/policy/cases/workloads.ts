/** Fixtures of the rules added for the standards coverage (workloads): compliant and non-compliant stacks per rule id. */
import type { RuleCase } from "../rule-cases";

export const WORKLOADS_CASES: Record<string, RuleCase> = {};
