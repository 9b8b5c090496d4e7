import type { ResourceRule } from "../../types";
import { str } from "../../values";
import { requireTrue } from "../helpers";
import { engineOf } from "./engines";

/** Classes RDS for MySQL and MariaDB offer no Performance Insights on (AWS lists no such classes for RDS for PostgreSQL: db.t4g.micro has it). */
const NO_INSIGHTS_CLASSES = /^db\.t(2|3|4g)\.(micro|small)$/;

export const rdsPerformanceInsights: ResourceRule = {
  id: "RDS-16",
  checkov: ["CKV_AWS_353"],
  fsbp: [],
  level: "error",
  message: "RDS instances must have Performance Insights",
  rationale:
    "Performance Insights records which queries and waits made up the database's load, second by second: what a slow database is diagnosed with after the fact. Outside prod a MySQL or MariaDB instance on a class that cannot have it (db.t2/t3/t4g micro and small) is left alone, where CKV_AWS_353 fails it; in prod the rule is as strict as the check (choose a larger class).",
  fix: "Set performance_insights_enabled = true (database.performanceInsights, on by default), with performance_insights_kms_key_id.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db, { stage }) {
    const engine = engineOf(db);
    const instanceClass = str(db.values.instance_class);
    const unsupported = typeof engine === "string" && /^(mysql|mariadb)$/.test(engine) && typeof instanceClass === "string" && NO_INSIGHTS_CLASSES.test(instanceClass);
    if (unsupported && stage !== "prod") return undefined;
    return requireTrue(db, "performance_insights_enabled");
  },
};
