import type { Resource, StackModel } from "../../model";
import type { ResourceRule } from "../../types";
import { refersTo, str, UNKNOWN } from "../../values";

const DIMENSIONS = ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"] as const;

/** Application Auto Scaling targets of a table (resource_id `table/<name>`, by reference or literal name) in one dimension. */
function targetsOf(stack: StackModel, table: Resource, dimension: string): Resource[] {
  const name = table.values.name;
  return stack.ofType("aws_appautoscaling_target").filter((t) => {
    const id = t.values.resource_id;
    const forTable = refersTo(id, table.address) || (typeof name === "string" && id === `table/${name}`);
    return forTable && str(t.values.service_namespace) === "dynamodb" && t.values.scalable_dimension === dimension;
  });
}

/** Whether a scaling policy acts on the target (by reference to it, or by the same literal resource id and dimension). */
function hasPolicy(stack: StackModel, target: Resource): boolean {
  return stack
    .ofType("aws_appautoscaling_policy")
    .some((p) => refersTo(p.values.resource_id, target.address) || (p.values.resource_id === target.values.resource_id && p.values.scalable_dimension === target.values.scalable_dimension));
}

export const dynamodbCapacityScaling: ResourceRule = {
  id: "DDB-02",
  checkov: ["CKV2_AWS_16"],
  fsbp: ["DynamoDB.1"],
  level: "error",
  message: "DynamoDB tables must scale capacity with demand: on-demand, or provisioned with auto scaling",
  rationale:
    "A table with fixed provisioned capacity throttles at the first peak above it, and every request past it fails. On-demand billing scales by itself; provisioned capacity needs an Application Auto Scaling target and policy, for reads and for writes.",
  fix: 'Set billing_mode = "PAY_PER_REQUEST" (StateLockTable does), or add aws_appautoscaling_target and aws_appautoscaling_policy for the table\'s read and write capacity.',
  resourceTypes: ["aws_dynamodb_table"],
  check(table, { stack }) {
    const mode = str(table.values.billing_mode);
    if (mode === UNKNOWN) return { detail: "billing_mode is only known after apply", unknown: true };
    if (mode === "PAY_PER_REQUEST") return undefined;
    const what = mode === undefined ? "billing_mode is not set (AWS default: PROVISIONED)" : `billing_mode is ${mode}`;
    const missing = DIMENSIONS.filter((d) => !targetsOf(stack, table, d).some((t) => hasPolicy(stack, t)));
    if (missing.length === 0) return undefined;
    return { detail: `${what}, and no auto scaling target with a policy scales ${missing.map((d) => d.replace("dynamodb:table:", "")).join(" or ")}` };
  },
};
