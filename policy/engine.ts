/**
 * Runs every rule over every stack, applies suppressions (per resource and rule
 * id, each with a written reason), and reports what is left. An unused
 * suppression is itself a warning; a suppression without a real reason is an
 * error and suppresses nothing.
 */
import type { Stage } from "../config/schema";
import { isValidReason, type Resource, StackModel } from "./model";
import { RULES } from "./rules";
import { SUPPRESSION_MIN_REASON, type Finding, type Rule, type RuleContext, type Suppression, type Violation } from "./types";

/** A suppression from the environment file: stack and address name the resource. */
export interface ConfigSuppression extends Suppression {
  readonly stack: string;
  readonly address: string;
}

export interface EvaluateOptions {
  readonly environment: string;
  readonly stage: Stage;
  readonly suppressions?: readonly ConfigSuppression[];
  /** @default RULES */
  readonly rules?: readonly Rule[];
  /** The environment file, named in findings on resources built from it. */
  readonly sourceFile?: string;
  /** Line of a dotted config path in the environment file. */
  /** Where a config path comes from: its line, and the file when it is a base the environment extends. */
  readonly locate?: (dottedPath: string) => { readonly file?: string; readonly line?: number };
}

export interface PolicyReport {
  readonly environment: string;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  /** Rules that apply to this stage (some run only outside dev). */
  readonly rulesRun: number;
  readonly sourceFile?: string;
}

export const UNUSED_SUPPRESSION = "PL-00";
export const INVALID_SUPPRESSION = "PL-01";

export function evaluate(stacks: readonly StackModel[], options: EvaluateOptions): PolicyReport {
  const rules = options.rules ?? RULES;
  const findings: Finding[] = [];
  const used = new Set<string>();
  const key = (stack: string, address: string, rule: string) => `${stack}\u0000${address}\u0000${rule}`;

  for (const stack of stacks) {
    const ctx: RuleContext = { stack, environment: options.environment, stage: options.stage };
    const suppressionsAt = (address: string): Suppression[] => [
      ...(stack.get(address)?.suppressions ?? []),
      ...(options.suppressions ?? []).filter((s) => s.stack === stack.name && s.address === address),
    ];

    for (const rule of rules) {
      if (rule.stages && !rule.stages.includes(options.stage)) continue;
      for (const { address, violation } of violationsOf(rule, ctx)) {
        const suppression = suppressionsAt(address).find((s) => s.rule === rule.id && isValidReason(s.reason));
        if (suppression) used.add(key(stack.name, address, rule.id));
        const source = stack.get(address)?.configSource;
        findings.push({
          ruleId: rule.id,
          level: rule.level,
          stack: stack.name,
          address,
          message: rule.message,
          detail: violation.detail,
          fix: rule.fix,
          unknown: violation.unknown ?? false,
          suppressedBecause: suppression?.reason,
          ...(source ? { configSource: { path: source, ...options.locate?.(source) } } : {}),
        });
      }
    }

    const all: Array<{ address: string; s: Suppression }> = [
      ...[...stack.resources, ...stack.dataSources].flatMap((r) => r.suppressions.map((s) => ({ address: r.address, s }))),
      ...(options.suppressions ?? []).filter((s) => s.stack === stack.name).map((s) => ({ address: s.address, s })),
    ];
    for (const { address, s } of all) {
      if (!isValidReason(s.reason)) {
        findings.push(meta(INVALID_SUPPRESSION, "error", stack.name, address, `suppression of ${s.rule} needs a reason of at least ${SUPPRESSION_MIN_REASON} characters; it was ignored`, "Write why the rule does not apply here."));
      } else if (!used.has(key(stack.name, address, s.rule)) && ruleRunsIn(rules, s.rule, options.stage)) {
        findings.push(meta(UNUSED_SUPPRESSION, "warning", stack.name, address, `suppression of ${s.rule} matches no finding ("${s.reason}")`, "Remove the suppression, or fix its rule id or address."));
      }
    }
  }

  const open = findings.filter((f) => f.suppressedBecause === undefined);
  return {
    environment: options.environment,
    errors: open.filter((f) => f.level === "error"),
    warnings: open.filter((f) => f.level === "warning"),
    suppressed: findings.filter((f) => f.suppressedBecause !== undefined),
    rulesRun: rules.filter((r) => !r.stages || r.stages.includes(options.stage)).length,
    sourceFile: options.sourceFile,
  };
}

function violationsOf(rule: Rule, ctx: RuleContext): Array<{ address: string; violation: Violation }> {
  if (!rule.resourceTypes) {
    return rule.checkStack(ctx).map((v) => ({ address: v.address ?? "(stack)", violation: v }));
  }
  const resources: Resource[] = rule.resourceTypes.flatMap((t) => ctx.stack.ofType(t));
  return resources.flatMap((r) => {
    const result = rule.check(r, ctx);
    const list = result === undefined ? [] : Array.isArray(result) ? result : [result];
    return list.map((v) => ({ address: v.address ?? r.address, violation: v }));
  });
}

/** A suppression of a rule that does not run in this stage (or is unknown) is judged where it runs. */
function ruleRunsIn(rules: readonly Rule[], id: string, stage: Stage): boolean {
  const rule = rules.find((r) => r.id === id);
  return !rule || !rule.stages || rule.stages.includes(stage);
}

function meta(ruleId: string, level: "error" | "warning", stack: string, address: string, detail: string, fix: string): Finding {
  return { ruleId, level, stack, address, message: "policy suppression", detail, fix, unknown: false };
}
