import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";

/** Master user names RDS or the engines use by default, or that every scanner tries first. */
export const DEFAULT_MASTER_USERNAMES = ["postgres", "admin", "administrator", "root", "master", "sa", "rdsadmin", "rdsrepladmin"] as const;

export const rdsCustomMasterUsername: ResourceRule = {
  id: "RDS-19",
  checkov: [],
  fsbp: ["RDS.25"],
  level: "error",
  message: "RDS master user must not have a default name",
  rationale:
    "A default administrator name (postgres, admin, root, ...) is the first one a password-guessing attempt tries; a name of the project's own leaves an attacker both halves of the credential to find. Stricter than RDS.25, which refuses postgres and admin only.",
  fix: `Set database.username to a name of your own (default app_admin); not ${DEFAULT_MASTER_USERNAMES.join(", ")}. Renaming the master user of an existing instance replaces it: restore from a snapshot into the new name.`,
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const attr = db.type === "aws_rds_cluster" ? "master_username" : "username";
    const name = str(db.values[attr]);
    if (name === UNKNOWN) return { detail: `${attr} is only known after apply`, unknown: true };
    // Unset: a replica, a restore or a secondary cluster keeps its source's user, which is checked there; a new instance without one is refused by RDS.
    if (name === undefined) return undefined;
    return (DEFAULT_MASTER_USERNAMES as readonly string[]).includes(name.toLowerCase()) ? { detail: `${attr} is "${name}", a default name` } : undefined;
  },
};
