import type { StackModel } from "../../model";
import type { StackRule } from "../../types";
import { isUnknown, trustPolicies } from "./policies";

const GITHUB = "token.actions.githubusercontent.com";
/** repo:<owner>/<repo>:ref:refs/heads/<branch> or repo:<owner>/<repo>:environment:<name>, without wildcards. */
const SCOPED_SUBJECT = /^repo:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:(ref:refs\/heads\/[^*?]+|environment:[^*?]+)$/;

/** A federated principal that is GitHub's OIDC provider: by its ARN, or a reference to the provider the stack creates. */
function isGithubProvider(principal: string, stack: StackModel): boolean {
  if (principal.includes(GITHUB)) return true;
  const created = principal.match(/^\$\{(aws_iam_openid_connect_provider\.[A-Za-z0-9_-]+)\.arn\}$/);
  return created !== null && String(stack.get(created[1])?.values.url ?? "").includes(GITHUB);
}

export const iamGithubOidcTrust: StackRule = {
  id: "IAM-04",
  checkov: ["CKV_AWS_358", "CKV_AWS_393"],
  fsbp: [],
  level: "error",
  message: "GitHub OIDC trust must be limited to one repository and a branch or environment",
  rationale: "Without a pinned subject any GitHub workflow, in any repository, can assume the deploy role.",
  fix: `Add StringEquals ${GITHUB}:aud = sts.amazonaws.com and ${GITHUB}:sub = repo:<owner>/<repo>:ref:refs/heads/<branch> (or :environment:<name>).`,
  checkStack: ({ stack }) =>
    trustPolicies(stack).flatMap((p) => {
      if (isUnknown(p.statements)) return [];
      return (p.statements ?? [])
        .filter((s) => s.effect === "Allow" && (s.principals.Federated ?? []).some((f) => isGithubProvider(f, stack)))
        .flatMap((s) => {
          const subjects = s.conditions.filter((c) => c.variable === `${GITHUB}:sub`).flatMap((c) => c.values);
          const audience = s.conditions.some((c) => c.variable === `${GITHUB}:aud` && c.test === "StringEquals" && c.values.every((v) => v === "sts.amazonaws.com"));
          const problems = [
            ...(subjects.length === 0 ? ["no sub condition"] : subjects.filter((v) => !SCOPED_SUBJECT.test(v)).map((v) => `sub "${v}" is not one repository and branch/environment`)),
            ...(audience ? [] : ["no StringEquals aud = sts.amazonaws.com"]),
          ];
          return problems.map((detail) => ({ address: p.carrier.address, detail }));
        });
    }),
};
