/** Every identity policy and trust policy of a stack, with the resource that carries it. */
import { policyStatements, type Statement } from "../../iam";
import type { Violation } from "../../types";
import type { Resource, StackModel } from "../../model";
import { blocks, UNKNOWN, type Maybe } from "../../values";

export interface CarriedPolicy {
  readonly carrier: Resource;
  readonly statements: Maybe<Statement[]>;
}

const IDENTITY_POLICY_TYPES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

export function identityPolicies(stack: StackModel): CarriedPolicy[] {
  return [
    ...IDENTITY_POLICY_TYPES.flatMap((t) => stack.ofType(t)).map((r): CarriedPolicy => ({ carrier: r, statements: policyStatements(r.values.policy, stack) })),
    ...stack.ofType("aws_iam_role").flatMap((r) => blocks(r.values.inline_policy).map((p): CarriedPolicy => ({ carrier: r, statements: policyStatements(p.policy, stack) }))),
  ];
}

export function trustPolicies(stack: StackModel): CarriedPolicy[] {
  return stack.ofType("aws_iam_role").map((r): CarriedPolicy => ({ carrier: r, statements: policyStatements(r.values.assume_role_policy, stack) }));
}

export const unknownPolicy = (p: CarriedPolicy) => ({ address: p.carrier.address, detail: "the policy is only known after apply", unknown: true });
export const isUnknown = (s: Maybe<Statement[]>): s is typeof UNKNOWN => s === UNKNOWN;

/**
 * One violation per statement matching `test`, at the resource carrying the policy.
 * A policy only known after apply is itself a violation unless `unknownIsFine`.
 */
export function statementViolations(
  policies: readonly CarriedPolicy[],
  test: (s: Statement) => boolean,
  detail: (s: Statement) => string,
  unknownIsFine = false,
): Violation[] {
  return policies.flatMap((p) => {
    if (isUnknown(p.statements)) return unknownIsFine ? [] : [unknownPolicy(p)];
    return (p.statements ?? []).filter(test).map((s) => ({ address: p.carrier.address, detail: `statement ${s.sid ?? "(no sid)"} ${detail(s)}` }));
  });
}
