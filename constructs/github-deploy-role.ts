/**
 * The role GitHub Actions assumes through OIDC to deploy (seed 002), trusted only
 * for one repository and one branch or GitHub environment, with the audience
 * pinned to STS. It may push the services' images; later phases add their own
 * deploy grants to it. Creates the account's GitHub OIDC provider unless told it
 * exists already.
 */
import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ResolvedConfig } from "../config/defaults";
import type { GithubConfig } from "../config/schema";
import { PolicyDocument } from "./policy-document";
import type { ServiceRepository } from "./service-repository";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GithubDeployRoleProps {
  readonly config: ResolvedConfig;
  readonly github: GithubConfig;
  /** Repositories CI may push to. */
  readonly repositories: readonly ServiceRepository[];
}

export class GithubDeployRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const { config: c, github: g } = props;
    const providerArn = g.createProvider
      ? new IamOpenidConnectProvider(this, "oidc_provider", {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdList: ["sts.amazonaws.com"],
          thumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"],
        }).arn
      : `arn:${c.partition}:iam::${c.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    const subject = g.branch ? `repo:${g.repository}:ref:refs/heads/${g.branch}` : `repo:${g.repository}:environment:${g.environment}`;
    const trust = new PolicyDocument(this, "trust", [
      {
        sid: "GithubActions",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [providerArn] }],
        conditions: [
          { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [subject] },
        ],
      },
    ]);
    this.role = new IamRole(this, "Resource", {
      name: c.names.deployRole,
      description: `GitHub Actions of ${g.repository} (${g.branch ? `branch ${g.branch}` : `environment ${g.environment}`}) deploying ${c.names.prefix}`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const permissions = new PolicyDocument(this, "policy", [
      {
        sid: "PushImages",
        actions: [
          "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
          "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
        ],
        resources: props.repositories.map((r) => r.repository.arn),
      },
      // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
      { sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    ]);
    new IamRolePolicy(this, "push_images", { name: "push-images", role: this.role.id, policy: permissions.json });
  }
}
