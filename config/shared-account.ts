/**
 * Environments that share one AWS account share its account-wide resources: the
 * state bucket with its lock table (created by one environment's bootstrap stack)
 * and the GitHub OIDC provider (one per account). Exactly one environment may
 * create each; the others set `stateBackend.manage: false` or
 * `github.createProvider: false`. The loader reads the sibling environment files
 * of the same folder, so a clash is a config error of the file being loaded.
 */
import * as fs from "node:fs";
import { readWithBases } from "./extends";
import type { RuleIssue, PartialConfig } from "./rules";
import { KEY_MODES, type KeyMode } from "./encryption-schema";
import { keyModeOf } from "./encryption";
import { STAGES, type Stage } from "./schema";
import { describeStateKey, stateKeyArn, stateKeyOf, type StateKey } from "./state-key";
import { partitionOf } from "./defaults";

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
  /** The state key it expects, when its file says enough to tell. */
  readonly stateKey?: StateKey;
}

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined => (values as readonly unknown[]).includes(v) ? (v as T) : undefined;

function stateKeyFrom(bucket: unknown, kmsKeyArn: unknown, keys: unknown, stage: unknown): StateKey | undefined {
  const st = oneOf<Stage>(STAGES, stage);
  if (typeof bucket !== "string" || !st) return undefined;
  return stateKeyOf(bucket, typeof kmsKeyArn === "string" ? kmsKeyArn : undefined, keyModeOf(oneOf<KeyMode>(KEY_MODES, keys), st));
}

/**
 * Whether two environments of one account and bucket (so one region) expect the same key: compared by the
 * ARN the backends pass, so the owner's platform key named by its alias ARN in a sharing environment is the same key.
 */
function sameStateKey(a: StateKey, b: StateKey, region: string | undefined, accountId: string | undefined): boolean {
  if (a.kind === "aws-managed" || b.kind === "aws-managed") return a.kind === b.kind;
  if (!region || !accountId) return describeStateKey(a) === describeStateKey(b);
  const arn = (k: StateKey) => stateKeyArn(k, partitionOf(region), region, accountId);
  return arn(a) === arn(b);
}

/** The fields of another environment file that matter here; a file that does not parse is skipped (its own load reports it). */
export function readSibling(environment: string, file: string, blueprintsDir?: string): SiblingEnvironment | undefined {
  let doc: unknown;
  try {
    // With its bases merged: what the sibling inherits counts as what it says.
    doc = readWithBases(fs.readFileSync(file, "utf8"), file, { blueprintsDir }).raw;
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null) return undefined;
  const d = doc as {
    accountId?: unknown;
    stage?: unknown;
    stateBackend?: { bucket?: unknown; manage?: unknown; lockTable?: unknown; locking?: unknown; kmsKeyArn?: unknown };
    encryption?: { keys?: unknown };
    github?: { createProvider?: unknown };
  };
  return {
    environment,
    file,
    accountId: typeof d.accountId === "string" ? d.accountId : undefined,
    stateBucket: typeof d.stateBackend?.bucket === "string" ? d.stateBackend.bucket : undefined,
    managesState: d.stateBackend?.manage !== false,
    lockTable: typeof d.stateBackend?.lockTable === "string" ? d.stateBackend.lockTable : undefined,
    locksInTable: d.stateBackend?.locking !== "lockfile",
    createsGithubProvider: typeof d.github === "object" && d.github !== null && d.github.createProvider !== false,
    stateKey: stateKeyFrom(d.stateBackend?.bucket, d.stateBackend?.kmsKeyArn, d.encryption?.keys, d.stage),
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
  const ownKey = sb && !sb.manage ? stateKeyFrom(sb.bucket, sb.kmsKeyArn, cfg.encryption?.keys, cfg.stage) : undefined;
  if (ownKey) {
    for (const owner of sameAccount.filter((s) => s.managesState && s.stateBucket === sb?.bucket && s.stateKey && !sameStateKey(s.stateKey, ownKey, cfg.region, cfg.accountId))) {
      issues.push({
        path: ["stateBackend", "kmsKeyArn"],
        message: `the state bucket ${sb?.bucket} is encrypted with ${describeStateKey(owner.stateKey as StateKey)} (environment "${owner.environment}", ${owner.file}, manages it), but this environment expects ${describeStateKey(ownKey)}; the key belongs to the bucket: ${ownerKeyFix(owner.stateKey as StateKey, cfg.region, cfg.accountId)}`,
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

/** How a sharing environment names the owner's key. */
function ownerKeyFix(owner: StateKey, region: string | undefined, accountId: string | undefined): string {
  if (owner.kind === "aws-managed") return "remove stateBackend.kmsKeyArn and use encryption.keys aws-managed here, or give the owning environment a state key first";
  const arn = region && accountId ? stateKeyArn(owner, partitionOf(region), region, accountId) : undefined;
  return arn ? `set stateBackend.kmsKeyArn: ${arn} here (the owner's key)` : "set stateBackend.kmsKeyArn to the owner's key here";
}
