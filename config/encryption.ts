/** The environment's keys, resolved from `encryption` and its stage, and what the schema cannot check. */
import type { EncryptionConfig, KeyClass, KeyMode } from "./encryption-schema";
import { KEY_CLASSES } from "./encryption-schema";
import type { Rule, RuleIssue } from "./rules";
import type { Stage } from "./schema";
import { partitionOf } from "./defaults";

export interface ResolvedEncryption {
  readonly mode: KeyMode;
  /** With mode bring: the team's key per data class. */
  readonly keyArns?: Readonly<Record<KeyClass, string>>;
  /** For platform keys. */
  readonly keyDeletionWindowDays: number;
}

/** A dev environment is thrown away often: its keys go after a week; elsewhere after KMS's longest window. */
export function defaultKeyDeletionWindowDays(stage: Stage): number {
  return stage === "dev" ? 7 : 30;
}

export function resolveEncryption(e: EncryptionConfig, stage: Stage): ResolvedEncryption {
  return {
    mode: e.keys ?? (stage === "prod" ? "platform" : "aws-managed"),
    keyArns: e.keyArns,
    keyDeletionWindowDays: e.keyDeletionWindowDays ?? defaultKeyDeletionWindowDays(stage),
  };
}

/** keyArns exactly with keys: bring, each in the environment's region and account; a deletion window only for platform keys. */
export const encryptionIssues: Rule = (cfg) => {
  const e = cfg.encryption;
  if (!e) return [];
  const issues: RuleIssue[] = [];
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
  const mode = e.keys ?? (cfg.stage === "prod" ? "platform" : cfg.stage ? "aws-managed" : undefined);
  if (e.keyDeletionWindowDays !== undefined && mode !== undefined && mode !== "platform") {
    issues.push({ path: ["encryption", "keyDeletionWindowDays"], message: `only platform keys are deleted with the environment (keys is ${mode}${e.keys ? "" : `, ${cfg.stage}'s default`}); remove it, or set keys: platform` });
  }
  return issues;
};
