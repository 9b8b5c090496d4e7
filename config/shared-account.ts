/**
 * Environments that share one AWS account share its account-wide resources: the
 * state bucket with its lock table (created by one environment's bootstrap stack)
 * and the GitHub OIDC provider (one per account). Exactly one environment may
 * create each; the others set `stateBackend.manage: false` or
 * `github.createProvider: false`. The loader reads the sibling environment files
 * of the same folder, so a clash is a config error of the file being loaded.
 */
import * as fs from "node:fs";
import { parse as parseYaml } from "yaml";
import type { RuleIssue, PartialConfig } from "./rules";

export interface SiblingEnvironment {
  readonly environment: string;
  readonly file: string;
  readonly accountId?: string;
  readonly stateBucket?: string;
  readonly managesState: boolean;
  readonly lockTable?: string;
  /** Whether its locking uses the DynamoDB table (dynamodb or both, the default). */
  readonly locksInTable: boolean;
  readonly createsGithubProvider: boolean;
}

/** The fields of another environment file that matter here; a file that does not parse is skipped (its own load reports it). */
export function readSibling(environment: string, file: string): SiblingEnvironment | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null) return undefined;
  const d = doc as { accountId?: unknown; stateBackend?: { bucket?: unknown; manage?: unknown; lockTable?: unknown; locking?: unknown }; github?: { createProvider?: unknown } };
  return {
    environment,
    file,
    accountId: typeof d.accountId === "string" ? d.accountId : undefined,
    stateBucket: typeof d.stateBackend?.bucket === "string" ? d.stateBackend.bucket : undefined,
    managesState: d.stateBackend?.manage !== false,
    lockTable: typeof d.stateBackend?.lockTable === "string" ? d.stateBackend.lockTable : undefined,
    locksInTable: d.stateBackend?.locking !== "lockfile",
    createsGithubProvider: typeof d.github === "object" && d.github !== null && d.github.createProvider !== false,
  };
}

export function sharedAccountIssues(cfg: PartialConfig, siblings: readonly SiblingEnvironment[]): RuleIssue[] {
  const sameAccount = siblings.filter((s) => cfg.accountId !== undefined && s.accountId === cfg.accountId);
  const issues: RuleIssue[] = [];
  const sb = cfg.stateBackend;
  if (sb?.manage) {
    for (const other of sameAccount.filter((s) => s.managesState && s.stateBucket === sb.bucket)) {
      issues.push({
        path: ["stateBackend", "manage"],
        message: `environment "${other.environment}" (${other.file}) also manages the state bucket ${sb.bucket} of account ${cfg.accountId}; one environment per account creates it: set stateBackend.manage: false in all others`,
      });
    }
  }
  const locksInTable = sb !== undefined && sb.locking !== "lockfile";
  if (sb?.manage && locksInTable) {
    // Another bucket's owner creating the same table is a clash too (the same bucket is reported above).
    for (const other of sameAccount.filter((s) => s.managesState && s.locksInTable && s.lockTable === sb.lockTable && s.stateBucket !== sb.bucket)) {
      issues.push({
        path: ["stateBackend", "lockTable"],
        message: `environment "${other.environment}" (${other.file}) also creates the lock table ${sb.lockTable} in account ${cfg.accountId}; give each state bucket's owner its own lockTable, or share one bucket (stateBackend.manage: false)`,
      });
    }
  }
  if (sb && !sb.manage && locksInTable) {
    for (const owner of sameAccount.filter((s) => s.managesState && s.stateBucket === sb.bucket && !s.locksInTable)) {
      issues.push({
        path: ["stateBackend", "locking"],
        message: `locking "${sb.locking}" needs the lock table ${sb.lockTable}, but environment "${owner.environment}" (${owner.file}), which manages the bucket, uses locking "lockfile" and creates no table; use locking: lockfile here, or dynamodb/both there`,
      });
    }
  }
  if (cfg.github?.createProvider) {
    for (const other of sameAccount.filter((s) => s.createsGithubProvider)) {
      issues.push({
        path: ["github", "createProvider"],
        message: `environment "${other.environment}" (${other.file}) also creates the GitHub OIDC provider of account ${cfg.accountId}, which exists once per account; set github.createProvider: false in all others`,
      });
    }
  }
  return issues;
}
