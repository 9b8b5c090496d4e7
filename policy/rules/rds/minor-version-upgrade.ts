import type { ResourceRule } from "../../types";
import { bool, UNKNOWN } from "../../values";

export const rdsMinorVersionUpgrade: ResourceRule = {
  id: "RDS-14",
  checkov: ["CKV_AWS_226"],
  fsbp: ["RDS.13"],
  level: "error",
  message: "RDS instances must take minor version upgrades automatically",
  rationale:
    "Minor versions carry the engine's security fixes; applied in the maintenance window they need nobody to remember them. Unset fails although AWS's default is on, as in CKV_AWS_226: the setting must be visible in the configuration.",
  fix:
    "Set auto_minor_version_upgrade = true. PostgresDatabase turns it off when database.engineVersion pins a minor (16.4): give the major only (16), or, where the pin is deliberate, suppress RDS-14 on the instance with the reason (in prod the finding is an error until then).",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    const v = bool(db.values.auto_minor_version_upgrade);
    if (v === UNKNOWN) return { detail: "auto_minor_version_upgrade is only known after apply", unknown: true };
    if (v === true) return undefined;
    return { detail: v === false ? "auto_minor_version_upgrade is false" : "auto_minor_version_upgrade is not set (AWS default: true; CKV_AWS_226 wants it written)" };
  },
};
