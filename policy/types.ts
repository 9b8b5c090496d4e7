/**
 * The policy engine's vocabulary. A rule is one small file: an id of our own, the
 * equivalent public ids (checkov, AWS Security Hub FSBP), a level, a one-line
 * message, a rationale, how to fix, and a pure check over the synthesized
 * Terraform of one stack.
 */
import type { Stage } from "../config/schema";
import type { Resource, StackModel } from "./model";

export type Level = "error" | "warning";

export interface RuleContext {
  readonly stack: StackModel;
  readonly environment: string;
  readonly stage: Stage;
}

/** What a check reports for one resource. `unknown`: the value is only known after apply. */
export interface Violation {
  readonly detail: string;
  readonly unknown?: boolean;
  /** Address to report when it is not the checked resource (stack-level rules). */
  readonly address?: string;
}

interface RuleBase {
  /** Our id, e.g. `S3-01`. Stable: suppressions refer to it. */
  readonly id: string;
  readonly checkov: readonly string[];
  /** AWS Security Hub Foundational Security Best Practices controls, e.g. `S3.8`. */
  readonly fsbp: readonly string[];
  readonly level: Level;
  readonly message: string;
  readonly rationale: string;
  readonly fix: string;
  /** Only for some stages, e.g. access logging outside dev. @default - every stage */
  readonly stages?: readonly Stage[];
}

export interface ResourceRule extends RuleBase {
  readonly resourceTypes: readonly string[];
  readonly check: (resource: Resource, ctx: RuleContext) => Violation | Violation[] | undefined;
}

export interface StackRule extends RuleBase {
  readonly resourceTypes?: undefined;
  readonly checkStack: (ctx: RuleContext) => Violation[];
}

export type Rule = ResourceRule | StackRule;

export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  readonly stack: string;
  readonly address: string;
  readonly message: string;
  readonly detail: string;
  readonly fix: string;
  readonly unknown: boolean;
  readonly suppressedBecause?: string;
  /** Where in the environment file the resource comes from: dotted path, and the line when known. */
  readonly configSource?: { readonly path: string; readonly line?: number; readonly file?: string };
}

export const SUPPRESSION_MIN_REASON = 10;
