/** Every identity policy and trust policy of a stack, with the resource that carries it. */
import { policyStatements, type Statement } from "../../iam";
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
