/** The environment's keys, resolved from `encryption` and its stage, and what the schema cannot check. */
import type { EncryptionConfig, KeyClass, KeyMode } from "./encryption-schema";
import { KEY_CLASSES } from "./encryption-schema";
import type { Rule, RuleIssue } from "./rules";
import type { Stage } from "./schema";
import { partitionOf } from "./defaults";
import { wafEnabled } from "./frontend";

/** CloudFront's region: its web ACLs, certificates and metrics live there. */
export const CDN_REGION = "us-east-1";

export interface ResolvedEncryption {
  readonly mode: KeyMode;
  /** With mode bring: the team's key per data class, and for the CDN's log group in us-east-1 when the region is another. */
  readonly keyArns?: Readonly<Record<KeyClass, string>> & { readonly cdnLogs?: string };
  /** For platform keys. */
  readonly keyDeletionWindowDays: number;
}

/** A dev environment is thrown away often: its keys go after a week; elsewhere after KMS's longest window. */
export function defaultKeyDeletionWindowDays(stage: Stage): number {
  return stage === "dev" ? 7 : 30;
}

/** Platform keys in prod unless the environment says otherwise; AWS-managed keys elsewhere. */
export function keyModeOf(keys: KeyMode | undefined, stage: Stage): KeyMode {
  return keys ?? (stage === "prod" ? "platform" : "aws-managed");
}

export function resolveEncryption(e: EncryptionConfig, stage: Stage): ResolvedEncryption {
  return {
    mode: keyModeOf(e.keys, stage),
    keyArns: e.keyArns,
    keyDeletionWindowDays: e.keyDeletionWindowDays ?? defaultKeyDeletionWindowDays(stage),
  };
}

/**
 * keyArns exactly with keys: bring, each in the environment's region and account;
 * with keys: bring the state's key too, in the bucket's region; a deletion window
 * only for platform keys.
 */
export const encryptionIssues: Rule = (cfg) => {
  const issues: RuleIssue[] = [];
  const stateKey = cfg.stateBackend?.kmsKeyArn;
  const [, , , stateKeyRegion, stateKeyAccount, stateKeyResource] = stateKey?.split(":") ?? [];
  if (cfg.region && stateKeyRegion && stateKeyRegion !== cfg.region) {
    issues.push({ path: ["stateBackend", "kmsKeyArn"], message: `the key is in ${stateKeyRegion}, the state bucket in ${cfg.region}: S3 only uses keys of the bucket's region` });
  }
  // The bootstrap looks an alias up in its own account (the bucket and lock table take the key behind it).
  if (cfg.accountId && stateKeyResource?.startsWith("alias/") && stateKeyAccount !== cfg.accountId) {
    issues.push({ path: ["stateBackend", "kmsKeyArn"], message: `an alias of account ${stateKeyAccount} cannot be looked up from ${cfg.accountId}: name another account's key by its key ARN (arn:aws:kms:<region>:${stateKeyAccount}:key/<id>)` });
  }
  const e = cfg.encryption;
  if (!e) return issues;
  if (e.keys === "bring" && cfg.stateBackend && !cfg.stateBackend.kmsKeyArn) {
    issues.push({ path: ["stateBackend", "kmsKeyArn"], message: "keys: bring needs the state's key too: the ARN of the key (or alias) that encrypts the state bucket, its objects and the lock table" });
  }
  if (e.keys === "bring" && !e.keyArns) issues.push({ path: ["encryption", "keyArns"], message: "keys: bring needs the key of each data class here (data, logs, secrets)" });
  if (e.keys !== "bring" && e.keyArns) issues.push({ path: ["encryption", "keyArns"], message: `only used with keys: bring (keys is ${e.keys ?? "its stage default"}); remove keyArns or set keys: bring` });
  if (e.keyArns) {
    for (const k of KEY_CLASSES) {
      const [, partition, , region, account] = e.keyArns[k].split(":");
      const expected = cfg.region ? partitionOf(cfg.region) : undefined;
      if (expected && partition !== expected) issues.push({ path: ["encryption", "keyArns", k], message: `the key's partition is ${partition}, the environment's (${cfg.region}) is ${expected}` });
      if (cfg.region && region !== cfg.region) issues.push({ path: ["encryption", "keyArns", k], message: `the key is in ${region}, the environment in ${cfg.region}: services only use keys of their own region` });
      if (cfg.accountId && account !== cfg.accountId) issues.push({ path: ["encryption", "keyArns", k], message: `the key belongs to account ${account}, the environment to ${cfg.accountId}` });
    }
  }
  if (e.keys === "bring" && e.keyArns) issues.push(...cdnLogsKeyIssues(cfg, e.keyArns.cdnLogs));
  const mode = e.keys ?? (cfg.stage ? keyModeOf(undefined, cfg.stage) : undefined);
  if (e.keyDeletionWindowDays !== undefined && mode !== undefined && mode !== "platform") {
    issues.push({ path: ["encryption", "keyDeletionWindowDays"], message: `only platform keys are deleted with the environment (keys is ${mode}${e.keys ? "" : `, ${cfg.stage}'s default`}); remove it, or set keys: platform` });
  }
  return issues;
};

/** The CDN firewall logs in us-east-1: a key of that region, needed exactly when the environment's region is another. */
function cdnLogsKeyIssues(cfg: Parameters<Rule>[0], key: string | undefined): RuleIssue[] {
  if (!cfg.region || !cfg.stage) return [];
  const path = ["encryption", "keyArns", "cdnLogs"];
  const firewall = cfg.frontend?.type !== "none" && wafEnabled(cfg.waf?.enabled, cfg.stage);
  if (key === undefined) {
    return firewall && cfg.region !== CDN_REGION
      ? [{ path, message: `the CDN's firewall logs to ${CDN_REGION} and the logs key serves ${cfg.region} only: give a ${CDN_REGION} key for its log group here` }]
      : [];
  }
  if (!firewall || cfg.region === CDN_REGION) {
    return [{ path, message: cfg.region === CDN_REGION ? `the environment is in ${CDN_REGION}, where the logs key serves the CDN's firewall logs too; remove cdnLogs` : "only used for the CDN firewall's logs, and this environment has none (waf off or no frontend); remove cdnLogs" }];
  }
  const [, , , region, account] = key.split(":");
  return [
    ...(region !== CDN_REGION ? [{ path, message: `the key is in ${region}; the CDN's firewall logs are in ${CDN_REGION}` }] : []),
    ...(cfg.accountId && account !== cfg.accountId ? [{ path, message: `the key belongs to account ${account}, the environment to ${cfg.accountId}` }] : []),
  ];
}
