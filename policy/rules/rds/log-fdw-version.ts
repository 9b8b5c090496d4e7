import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";
import { engineOf } from "./engines";

/**
 * The first fixed minor version per major, from AWS-2022-004 (log_fdw) as CKV_AWS_250 encodes it:
 * RDS for PostgreSQL 10.17, 11.12, 12.7, 13.3 (and 9.6.22); Aurora PostgreSQL 10.14, 11.9.
 */
const FIXED: Record<"postgres" | "aurora-postgresql", { readonly from: number; readonly minors: Readonly<Record<number, number>> }> = {
  postgres: { from: 14, minors: { 10: 17, 11: 12, 12: 7, 13: 3 } },
  "aurora-postgresql": { from: 12, minors: { 10: 14, 11: 9 } },
};

/** Why `version` is affected, or undefined when it is not. */
export function logFdwProblem(kind: keyof typeof FIXED, version: string): string | undefined {
  const parts = version.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  const [major, minor, patch] = parts;
  const { from, minors } = FIXED[kind];
  if (major >= from) return undefined;
  const affected = `engine_version ${version} is affected by AWS-2022-004 (log_fdw)`;
  // A major alone lets RDS pick its current minor, which carries the fix (10 to 13 only: older ones have none).
  if (parts.length === 1) return minors[major] !== undefined ? undefined : affected;
  if (kind === "postgres" && major === 9 && minor === 6) return patch > 21 ? undefined : `${affected}: 9.6 is fixed from 9.6.22`;
  const fixed = minors[major];
  if (fixed === undefined) return `${affected}: PostgreSQL ${major} has no fixed release`;
  return minor >= fixed ? undefined : `${affected}: ${major} is fixed from ${major}.${fixed}`;
}

export const rdsLogFdwVersion: ResourceRule = {
  id: "RDS-15",
  checkov: ["CKV_AWS_250"],
  fsbp: [],
  level: "error",
  message: "PostgreSQL on RDS must run a version fixed for AWS-2022-004 (log_fdw)",
  rationale:
    "AWS-2022-004: the log_fdw extension of older RDS and Aurora PostgreSQL releases let a database user read files of the host, including credentials AWS used internally. Versions before the fix must not be deployed at all.",
  fix: "Use PostgreSQL 14 or later (database.engineVersion, default 16), or at least 13.3, 12.7, 11.12, 10.17 (Aurora: 11.9, 10.14).",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const engine = engineOf(db);
    // Unset engine: a replica or restore, whose source is checked; another engine: not affected.
    if (engine === undefined || (typeof engine === "string" && engine !== "postgres" && engine !== "aurora-postgresql")) return undefined;
    const version = str(db.values.engine_version);
    // Unset: RDS picks its default, a current release.
    if (version === undefined) return undefined;
    if (version === UNKNOWN) return { detail: "engine_version is only known after apply", unknown: true };
    if (!/^\d+(\.\d+){0,2}$/.test(version)) return { detail: `engine_version "${version}" is not a version this rule can read`, unknown: true };
    const problem = logFdwProblem(engine === "aurora-postgresql" ? "aurora-postgresql" : "postgres", version);
    if (!problem) return undefined;
    // An engine that is an expression may not be PostgreSQL at all.
    return engine === UNKNOWN ? { detail: `${problem}, if the engine (only known after apply) is PostgreSQL`, unknown: true } : { detail: problem };
  },
};
