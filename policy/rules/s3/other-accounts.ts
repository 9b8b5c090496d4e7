import type { Statement } from "../../iam";
import type { StackModel } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { isInterpolated } from "../../values";
import { granted, through } from "../iam/actions";
import { principalAccount, referencesOwnAccount, checkResourcePolicy, stackAccounts } from "../iam/resource-policies";

/** The actions S3.6 forbids granting to other accounts (its blacklistedActionPatterns). */
export const OWNER_ACTIONS = ["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"];

/** The principals of a statement outside the stack's account, and those whose account cannot be told (with why). */
function otherAccounts(s: Statement, stack: StackModel, own: ReadonlySet<string>): { other: string[]; unknown: string[] } {
  const other: string[] = [];
  const unknown: string[] = [];
  for (const [type, ids] of Object.entries(s.principals)) {
    if (type === "Service" || type === "Federated") continue;
    for (const id of ids) {
      if (id === "*") other.push(type === "*" ? '"*"' : `${type} "*"`);
      else if (type !== "AWS") unknown.push(`${type} ${id}, whose account cannot be told`);
      else {
        const account = principalAccount(id);
        if (account !== undefined) {
          if (own.size === 0) unknown.push(`${id}, and the provider pins no allowed_account_ids to tell whether that is the bucket's account`);
          else if (!own.has(account)) other.push(id);
        } else if (!isInterpolated(id)) unknown.push(`${id}, whose account cannot be told`);
        else if (!referencesOwnAccount(id, stack)) unknown.push(`${id}, only known after apply`);
      }
    }
  }
  return { other, unknown };
}

export const s3NoOwnerActionsToOtherAccounts: ResourceRule = {
  id: "S3-09",
  checkov: [],
  fsbp: ["S3.6"],
  level: "error",
  message: "S3 bucket policies must not let other accounts change the bucket's policy, ACLs or encryption",
  rationale:
    "Another account that may put the bucket policy, an ACL or the encryption configuration can give itself, or everyone, the data, and lock the owner out. As S3.6: s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration and s3:PutObjectAcl, through wildcards (s3:*, s3:Put*, *) and NotAction too, to any principal outside the account the stack deploys to (its provider's allowed_account_ids) or to \"*\"; conditions do not change that, as in S3.6. Service principals are not accounts. A principal whose account cannot be read (only known after apply, or no allowed_account_ids to compare with) is reported, never taken as the bucket's own.",
  fix: "Keep these actions with the bucket's own account; grant another account only the object actions it needs (s3:GetObject, s3:PutObject).",
  resourceTypes: ["aws_s3_bucket_policy", "aws_s3_bucket"],
  check(r, { stack }) {
    return checkResourcePolicy(r, stack, (statements) => {
      const own = stackAccounts(stack);
      return statements.flatMap((s): Violation[] => {
        const actions = granted(s, OWNER_ACTIONS);
        if (actions.length === 0) return [];
        const { other, unknown } = otherAccounts(s, stack, own);
        const what = `statement ${s.sid ?? "(no sid)"} allows ${actions.join(", ")}${through(s, actions)}`;
        return [
          ...(other.length > 0 ? [{ detail: `${what} to another account: ${other.join(", ")}` }] : []),
          ...unknown.map((u) => ({ detail: `${what} to ${u}`, unknown: true })),
        ];
      });
    });
  },
};
