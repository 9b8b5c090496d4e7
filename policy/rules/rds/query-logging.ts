import type { ResourceRule, Violation } from "../../types";
import { num, UNKNOWN } from "../../values";
import { mayBePostgres } from "./engines";
import { parameterGroupOf, parameterValue } from "./parameter-group";

/** log_statement values that log at least every schema change (`mod` adds data changes, `all` every statement). */
const LOGS_DDL = ["ddl", "mod", "all"];

export const rdsQueryLogging: ResourceRule = {
  id: "RDS-17",
  checkov: ["CKV2_AWS_30"],
  fsbp: [],
  level: "error",
  message: "PostgreSQL on RDS must log schema changes and slow statements",
  rationale:
    "log_statement = ddl records every CREATE, ALTER and DROP with who ran it: a dropped table or a changed grant can be traced in the exported postgresql log. log_min_duration_statement records statements slower than a threshold, so a slow query is found in the log rather than guessed. Stricter than CKV2_AWS_30, which only asks that both parameters are named: log_statement none and log_min_duration_statement -1 (off) fail here.",
  fix: 'Give the instance a parameter group with log_statement = "ddl" (or mod / all) and log_min_duration_statement in milliseconds (PostgresDatabase sets ddl and 1000).',
  resourceTypes: ["aws_db_instance"],
  check(db, { stack }) {
    if (!mayBePostgres(db)) return undefined;
    const where = parameterGroupOf(db, stack);
    if (where.kind === "default") return { detail: `${where.attr} is ${db.values[where.attr] === undefined ? "not set" : `"${String(db.values[where.attr])}"`}: the default parameter group logs no statements` };
    if (where.kind === "unknown") return { detail: `${where.attr} is only known after apply`, unknown: true };
    if (where.kind === "outside") return { detail: `${where.attr} names "${where.name}", a parameter group this stack does not declare, so its logging cannot be checked` };
    const { group } = where;
    const problems: Violation[] = [];
    const statement = parameterValue(group, "log_statement");
    if (statement === UNKNOWN) problems.push({ detail: `${group.address}: log_statement is only known after apply`, unknown: true });
    else if (statement === undefined) problems.push({ detail: `${group.address} does not set log_statement (PostgreSQL's default: none)` });
    else if (!LOGS_DDL.includes(statement.toLowerCase())) problems.push({ detail: `${group.address}: log_statement is "${statement}"; allowed: ${LOGS_DDL.join(", ")}` });
    const duration = parameterValue(group, "log_min_duration_statement");
    const ms = duration === UNKNOWN ? UNKNOWN : num(duration);
    if (ms === UNKNOWN) problems.push({ detail: `${group.address}: log_min_duration_statement is only known after apply`, unknown: true });
    else if (ms === undefined) problems.push({ detail: `${group.address} does not set log_min_duration_statement (PostgreSQL's default: -1, off)` });
    else if (ms < 0) problems.push({ detail: `${group.address}: log_min_duration_statement is ${ms} (off)` });
    return problems;
  },
};
