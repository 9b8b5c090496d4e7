import type { ResourceRule } from "../../types";
import { blocks, refersTo, str } from "../../values";

const PARAMETER_GROUP: Record<string, { attr: string; type: string }> = {
  aws_db_instance: { attr: "parameter_group_name", type: "aws_db_parameter_group" },
  aws_rds_cluster: { attr: "db_cluster_parameter_group_name", type: "aws_rds_cluster_parameter_group" },
};

export const rdsForceSsl: ResourceRule = {
  id: "RDS-09",
  checkov: ["CKV2_AWS_69"],
  fsbp: ["RDS.38"],
  level: "error",
  message: "PostgreSQL on RDS must require TLS (rds.force_ssl = 1)",
  rationale: "Without it clients may connect in clear text inside the VPC.",
  fix: "Use a parameter group with rds.force_ssl = 1 and reference it from the database.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { stack }) {
    const engine = str(db.values.engine);
    if (typeof engine === "string" && !engine.includes("postgres")) return undefined;
    const { attr, type } = PARAMETER_GROUP[db.type];
    const groups = stack.ofType(type).filter((g) => refersTo(db.values[attr], g.address) || db.values[attr] === g.values.name);
    if (groups.length === 0) return { detail: `${attr} does not name a parameter group of this stack (the default group allows plain connections)` };
    const forced = blocks(groups[0].values.parameter).some((p) => p.name === "rds.force_ssl" && String(p.value) === "1");
    return forced ? undefined : { detail: `${groups[0].address} does not set rds.force_ssl = 1` };
  },
};
