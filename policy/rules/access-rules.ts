/** Rules added for the standards coverage (access); registered in index.ts. */
import type { Rule } from "../types";
import { iamNoAccountTrust } from "./iam/no-account-trust";
import { iamNoAdminManagedPolicies } from "./iam/no-admin-managed-policies";
import { iamNoPublicResourcePolicies } from "./iam/no-public-resource-policies";
import { iamNoSensitiveReadsOnAll } from "./iam/no-sensitive-reads-on-all";
import { kmsEnabledWithPolicy } from "./kms/enabled-with-policy";
import { s3NoLockout } from "./s3/no-lockout";
import { s3NoOwnerActionsToOtherAccounts } from "./s3/other-accounts";
import { snsConditionalAccountAccess } from "./sns/conditional-account-access";

export const ACCESS_RULES: readonly Rule[] = [
  iamNoSensitiveReadsOnAll,
  iamNoAccountTrust,
  iamNoAdminManagedPolicies,
  iamNoPublicResourcePolicies,
  s3NoLockout,
  s3NoOwnerActionsToOtherAccounts,
  snsConditionalAccountAccess,
  kmsEnabledWithPolicy,
];
