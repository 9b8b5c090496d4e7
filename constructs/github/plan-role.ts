/**
 * The read-only role GitHub Actions assumes through OIDC to plan: on pull requests
 * and for the default branch's scheduled drift checks. It reads this environment's
 * state and takes its lock, and reads the configuration of the services the
 * phases use, never their data: no object of an application bucket, no secret
 * value, no log event, no image layer (an explicit deny keeps it so even if a
 * broader policy is attached later). It changes nothing but its lock entries.
 *
 * Its reads are computed from the phases' resource types (`read`, called by
 * stacks/app.ts once every phase is built), like the deploy role's grants.
 */
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ResolvedConfig } from "../../config/defaults";
import type { GithubConfig } from "../../config/schema";
import { suppressRule } from "../../policy/suppress";
import type { PolicyStatement } from "../policy-document";
import { readsOf, servicesFor } from "./aws-services";
import { githubTrust, inlinePolicy, planSubjects } from "./oidc";
import { explainStateKeyScope, stateObjectsArn, stateStatements } from "./state-access";

export interface GithubPlanRoleProps {
  readonly config: ResolvedConfig;
  readonly github: GithubConfig;
  readonly providerArn: string;
  /** The key encrypting the environment's parameters, when it is a customer managed key. */
  readonly parametersKeyArn?: string;
}

/** Reads that hand out data or code, denied whatever else is attached. */
export const DATA_READS = [
  "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "logs:FilterLogEvents", "logs:GetLogEvents",
  "logs:GetLogRecord", "logs:GetQueryResults", "logs:StartQuery", "rds-data:*", "secretsmanager:GetSecretValue", "sqs:ReceiveMessage", "ssm:GetParameterHistory",
  "ssm:GetParametersByPath",
] as const;

export class GithubPlanRole extends Construct {
  readonly role: IamRole;
  private readonly config: ResolvedConfig;
  private readonly parametersKeyArn?: string;

  constructor(scope: Construct, id: string, props: GithubPlanRoleProps) {
    super(scope, id);
    const { config: c, github: g } = props;
    this.config = c;
    this.parametersKeyArn = props.parametersKeyArn;
    this.role = new IamRole(this, "Resource", {
      name: c.names.planRole,
      description: `GitHub Actions of ${g.repository} (pull requests, drift checks on ${g.defaultBranch}) planning ${c.names.prefix}: read-only`,
      assumeRolePolicy: githubTrust(this, "trust", props.providerArn, planSubjects(g)).json,
      maxSessionDuration: 3600,
    });
    suppressRule(this.role, "IAM-04", "The plan role is read-only: it is trusted for the repository's pull requests (GitHub gives fork pull requests no token) and its default branch's scheduled drift checks, never for a deploy");
    const state = this.policy("state", "state", [
      ...stateStatements(c, "plan"),
      { sid: "NoDataReads", effect: "Deny", actions: [...DATA_READS], resources: ["*"] },
      // Objects are read from the state only.
      { sid: "NoObjectReads", effect: "Deny", actions: ["s3:GetObject*"], notResources: [stateObjectsArn(c)] },
    ]);
    explainStateKeyScope(state, c);
  }

  /** Let the role read the configuration of the services behind these resource types. */
  read(types: ReadonlySet<string>): void {
    const c = this.config;
    const parameter = c.names.publicUrlParameterArn(c.partition, c.region);
    this.policy("read_configuration", "read-configuration", [
      { sid: "ReadConfiguration", actions: servicesFor(types).flatMap(readsOf), resources: ["*"] },
      // Refreshing a bucket starts with HeadBucket, which IAM authorizes as s3:ListBucket: this environment's buckets only.
      ...(types.has("aws_s3_bucket") ? [{ sid: "FindBuckets", actions: ["s3:ListBucket"], resources: [`arn:${c.partition}:s3:::${c.names.prefix}-*`] }] : []),
      // The public URL parameter is a SecureString the provider reads whole to refresh it; it holds a URL, not a secret.
      ...(types.has("aws_ssm_parameter") ? [{ sid: "ReadPublicUrl", actions: ["ssm:GetParameter"], resources: [parameter] }] : []),
      ...(types.has("aws_ssm_parameter") && this.parametersKeyArn
        ? [{
            sid: "DecryptPublicUrl",
            actions: ["kms:Decrypt"],
            resources: [this.parametersKeyArn],
            conditions: [
              { test: "StringEquals", variable: "kms:ViaService", values: [`ssm.${c.region}.amazonaws.com`] },
              { test: "StringEquals", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [parameter] },
            ],
          }]
        : []),
    ]);
  }

  private policy(id: string, name: string, statements: PolicyStatement[]): IamRolePolicy {
    return inlinePolicy(this, this.role, id, name, statements);
  }
}
