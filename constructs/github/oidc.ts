/**
 * GitHub Actions' OIDC identity in an account: the provider (created once per
 * account, github.createProvider) and the trust policy that lets workflows of one
 * repository assume a role for the listed subjects only, with the audience
 * pinned to STS.
 */
import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { ResolvedConfig } from "../../config/defaults";
import type { GithubConfig } from "../../config/schema";
import { PolicyDocument, type PolicyStatement } from "../policy-document";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The OIDC provider's ARN: the one this construct creates, or the account's existing one. */
export function githubOidcProvider(scope: Construct, c: ResolvedConfig, g: GithubConfig): string {
  return g.createProvider
    ? new IamOpenidConnectProvider(scope, "oidc_provider", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ["sts.amazonaws.com"],
        thumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"],
      }).arn
    : `arn:${c.partition}:iam::${c.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** The `sub` claim of the jobs that deploy: a branch's pushes, or a GitHub environment's jobs. */
export const deploySubject = (g: GithubConfig) => (g.branch ? `repo:${g.repository}:ref:refs/heads/${g.branch}` : `repo:${g.repository}:environment:${g.environment}`);

/** The `sub` claims of the jobs that only plan: pull requests, and the default branch's scheduled drift checks. */
export const planSubjects = (g: GithubConfig) => [`repo:${g.repository}:pull_request`, `repo:${g.repository}:ref:refs/heads/${g.defaultBranch}`];

/** A trust policy for GitHub Actions jobs of the repository whose `sub` is one of `subjects`. */
export function githubTrust(scope: Construct, id: string, providerArn: string, subjects: readonly string[]): PolicyDocument {
  return new PolicyDocument(scope, id, [
    {
      sid: "GithubActions",
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: [{ type: "Federated", identifiers: [providerArn] }],
      conditions: [
        { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
        { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [...subjects] },
      ],
    },
  ]);
}

/** One inline policy of a GitHub role, with its document beside it (`<id>_document`). */
export function inlinePolicy(scope: Construct, role: IamRole, id: string, name: string, statements: PolicyStatement[]): IamRolePolicy {
  const document = new PolicyDocument(scope, `${id}_document`, statements);
  return new IamRolePolicy(scope, id, { name, role: role.id, policy: document.json });
}
