/** The parameter group an RDS instance or cluster uses, when the stack declares it. */
import type { Resource, StackModel } from "../../model";
import { isInterpolated, refersTo, str, UNKNOWN } from "../../values";

const PARAMETER_GROUP: Record<string, { attr: string; type: string }> = {
  aws_db_instance: { attr: "parameter_group_name", type: "aws_db_parameter_group" },
  aws_rds_cluster: { attr: "db_cluster_parameter_group_name", type: "aws_rds_cluster_parameter_group" },
};

export type ParameterGroupOf =
  | { readonly kind: "stack"; readonly group: Resource }
  /** Unset or `default.*`: RDS's default group, with the engine's defaults. */
  | { readonly kind: "default"; readonly attr: string }
  /** A name of a group this stack does not declare. */
  | { readonly kind: "outside"; readonly attr: string; readonly name: string }
  | { readonly kind: "unknown"; readonly attr: string };

export function parameterGroupOf(db: Resource, stack: StackModel): ParameterGroupOf {
  const { attr, type } = PARAMETER_GROUP[db.type] ?? PARAMETER_GROUP.aws_db_instance;
  const value = db.values[attr];
  const group = stack.ofType(type).find((g) => refersTo(value, g.address) || (value !== undefined && value === g.values.name));
  if (group) return { kind: "stack", group };
  const name = str(value);
  if (name === undefined || (typeof name === "string" && name.startsWith("default."))) return { kind: "default", attr };
  if (name === UNKNOWN || isInterpolated(value)) return { kind: "unknown", attr };
  return { kind: "outside", attr, name };
}

/** A parameter's value in the group: undefined when the group does not set it, UNKNOWN for an expression. */
export function parameterValue(group: Resource, name: string): string | typeof UNKNOWN | undefined {
  const list = group.values.parameter;
  const entries = Array.isArray(list) ? list : list && typeof list === "object" ? [list] : [];
  const found = (entries as Array<Record<string, unknown>>).find((p) => p && p.name === name);
  if (!found) return undefined;
  const v = str(found.value);
  return v === undefined ? undefined : v;
}
