/**
 * The role GitHub Actions assumes through OIDC to deploy every phase (seed 002's
 * deploy role, grown from pushing images to running the whole platform), trusted
 * only for one repository and one branch or GitHub environment, with the audience
 * pinned to STS. Creates the account's GitHub OIDC provider unless told it exists.
 *
 * What it may do is computed from the resource types the environment's phases
 * synthesize (`manage`, called by stacks/app.ts once every phase is built):
 * - the services holding no data, each service whole, in the environment's region
 *   (and us-east-1, where IAM, CloudFront and its certificates and web ACLs live);
 * - IAM, buckets, secrets, parameters and repositories by this environment's names
 *   only, managed policies by the ARNs the phases attach, service-linked roles by
 *   the services that create them;
 * - decrypting only through AWS services, with the environment's own keys;
 * - this environment's state and locks; never assuming another role.
 */
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ResolvedConfig } from "../../config/defaults";
import type { GithubConfig } from "../../config/schema";
import { suppressRule } from "../../policy/suppress";
import type { PolicyStatement } from "../policy-document";
import type { ServiceRepository } from "../service-repository";
import { managesOf, NAME_SCOPED, readsOf, servicesFor } from "./aws-services";
import { deploySubject, githubOidcProvider, githubTrust, inlinePolicy } from "./oidc";
import { explainStateKeyScope, stateKeyResource, stateStatements } from "./state-access";

export interface GithubDeployRoleProps {
  readonly config: ResolvedConfig;
  readonly github: GithubConfig;
  /** Repositories CI pushes images to. */
  readonly repositories: readonly ServiceRepository[];
  /** The environment's customer managed keys (none with AWS-managed keys, whose key policies allow their service's callers). */
  readonly keyArns?: readonly string[];
}

/** What the phases need beyond their resource types: the managed policies they attach. */
export interface PhaseFootprint {
  /** Resource and data source types of every phase. */
  readonly types: ReadonlySet<string>;
  /** AWS managed policy ARNs the phases attach to their roles. */
  readonly managedPolicyArns: readonly string[];
}

/**
 * What the deploy uses that another environment (or the team) may own and tag: the state
 * bucket, its objects, the lock table and the state key (the bootstrap of the environment
 * managing the bucket), the hosted zone, an existing VPC and its subnets, brought keys.
 */
function sharedResources(c: ResolvedConfig): string[] {
  const sb = c.stateBackend;
  const ec2 = `arn:${c.partition}:ec2:${c.region}:${c.accountId}`;
  const n = c.network;
  return [
    `arn:${c.partition}:s3:::${sb.bucket}`,
    `arn:${c.partition}:s3:::${sb.bucket}/*`,
    `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${sb.lockTable}`,
    ...(stateKeyResource(c) ? [stateKeyResource(c)!.resource] : []),
    ...(c.domain ? [`arn:${c.partition}:route53:::hostedzone/${c.domain.zoneId}`] : []),
    ...(n.mode === "existing" ? [`${ec2}:vpc/${n.vpcId}`, ...[...new Set([...n.publicSubnetIds, ...n.privateSubnetIds, ...n.databaseSubnetIds])].map((id) => `${ec2}:subnet/${id}`)] : []),
    ...(c.encryption.mode === "bring" && c.encryption.keyArns ? Object.values(c.encryption.keyArns) : []),
  ];
}

export class GithubDeployRole extends Construct {
  readonly role: IamRole;
  /** The GitHub OIDC provider's ARN, for the other GitHub roles of the environment. */
  readonly providerArn: string;
  private readonly config: ResolvedConfig;
  private readonly github: GithubConfig;
  private readonly keyArns: readonly string[];

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const { config: c, github: g } = props;
    this.config = c;
    this.github = g;
    this.keyArns = props.keyArns ?? [];
    this.providerArn = githubOidcProvider(this, c, g);
    this.role = new IamRole(this, "Resource", {
      name: c.names.deployRole,
      description: `GitHub Actions of ${g.repository} (${g.branch ? `branch ${g.branch}` : `environment ${g.environment}`}) deploying ${c.names.prefix}`,
      assumeRolePolicy: githubTrust(this, "trust", this.providerArn, [deploySubject(g)]).json,
      maxSessionDuration: 3600,
    });
    this.policy("push_images", "push-images", [
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
    const state = this.policy("state", "state", stateStatements(c, "deploy"));
    this.policy("guardrails", "guardrails", [
      // Roles the phases create may trust this one; it never takes them (no escalation through a role it wrote).
      { sid: "NoRoleAssumption", effect: "Deny", actions: ["sts:AssumeRole"], resources: ["*"] },
      // Environments sharing an account: nothing tagged as another environment's or project's (the
      // provider's default tags), but what is shared on purpose. Untagged resources are not covered.
      ...(["environment", "project"] as const).map((tag): PolicyStatement => ({
        sid: `NotAnother${tag === "environment" ? "Environment" : "Project"}`,
        effect: "Deny",
        actions: ["*"],
        notResources: sharedResources(c),
        conditions: [
          { test: "StringNotEquals", variable: `aws:ResourceTag/${tag}`, values: [tag === "environment" ? c.environment : c.project] },
          { test: "Null", variable: `aws:ResourceTag/${tag}`, values: ["false"] },
        ],
      })),
    ]);
    explainStateKeyScope(state, c);
  }

  /** Let the role deploy the phases: the services behind their resource types, IAM and data by this environment's names. */
  manage(footprint: PhaseFootprint): void {
    const c = this.config;
    const services = servicesFor(footprint.types);
    const regional = services.filter((s) => !NAME_SCOPED.has(s.prefix));
    const scoped = new Set(services.filter((s) => NAME_SCOPED.has(s.prefix)).map((s) => s.prefix));
    const regions = [...new Set([c.region, "us-east-1"])];
    const managed = this.policy("manage_services", "manage-services", [
      {
        sid: "ManageServices",
        actions: regional.flatMap(managesOf),
        resources: ["*"],
        conditions: [{ test: "StringEquals", variable: "aws:RequestedRegion", values: regions }],
      },
      // Listing and describing the name-scoped services accepts only "*".
      ...(scoped.size > 0 ? [{ sid: "ReadNamedServices", actions: services.filter((s) => scoped.has(s.prefix) && s.prefix !== "iam").flatMap(readsOf), resources: ["*"] }] : []),
    ]);
    suppressRule(managed, "IAM-02", "A deploy role creates resources whose ARNs do not exist yet (VPCs, load balancers, distributions): it is scoped by service, to the services this environment's phases use, and by region");
    suppressRule(managed, "IAM-05", "Whole services, only those the environment's phases use (computed from their resource types), without their data reads (log events) and, for EC2, the network only: buckets, secrets, parameters, repositories and IAM are granted by name");
    const named = this.policy("manage_named", "manage-named", [...this.iamStatements(footprint, services), ...this.dataStatements(scoped, footprint.types)]);
    suppressRule(named, "IAM-05", "Whole services on this environment's names only (its buckets, secrets, parameters and repositories), which the deploy creates, configures and deletes");
  }

  private iamStatements(footprint: PhaseFootprint, services: ReturnType<typeof servicesFor>): PolicyStatement[] {
    const c = this.config;
    const iam = `arn:${c.partition}:iam::${c.accountId}`;
    const roles = `${iam}:role/${c.names.prefix}-*`;
    const linked = [...new Set(services.flatMap((s) => s.serviceLinkedRoles ?? []))].sort();
    return [
      {
        sid: "ManageRoles",
        actions: [
          "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
          "iam:ListRolePolicies", "iam:ListRoleTags", "iam:PassRole", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
          "iam:UpdateRoleDescription",
        ],
        resources: [roles],
      },
      ...(footprint.managedPolicyArns.length > 0
        ? [{
            sid: "AttachManagedPolicies",
            actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            resources: [roles],
            conditions: [{ test: "ArnEquals", variable: "iam:PolicyARN", values: [...footprint.managedPolicyArns].sort() }],
          }]
        : []),
      ...(linked.length > 0
        ? [{
            sid: "ServiceLinkedRoles",
            actions: ["iam:CreateServiceLinkedRole"],
            resources: [`${iam}:role/aws-service-role/*`],
            conditions: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: linked }],
          }]
        : []),
      ...(this.github.createProvider
        ? [{
            sid: "GithubOidcProvider",
            actions: [
              "iam:AddClientIDToOpenIDConnectProvider", "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
              "iam:ListOpenIDConnectProviderTags", "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
              "iam:UpdateOpenIDConnectProviderThumbprint",
            ],
            resources: [`${iam}:oidc-provider/token.actions.githubusercontent.com`],
          }]
        : []),
    ];
  }

  private dataStatements(scoped: ReadonlySet<string>, types: ReadonlySet<string>): PolicyStatement[] {
    const c = this.config;
    const at = (service: string) => `arn:${c.partition}:${service}:${c.region}:${c.accountId}`;
    const byService: Record<string, readonly string[]> = {
      s3: [`arn:${c.partition}:s3:::${c.names.prefix}-*`, `arn:${c.partition}:s3:::${c.names.prefix}-*/*`],
      secretsmanager: [`${at("secretsmanager")}:secret:${c.project}/${c.environment}/*`],
      ssm: [`${at("ssm")}:parameter/${c.project}/${c.environment}/*`],
      ecr: [`${at("ecr")}:repository/${c.project}/${c.environment}/*`],
    };
    const statements: PolicyStatement[] = Object.entries(byService)
      .filter(([prefix]) => scoped.has(prefix))
      .map(([prefix, resources]) => ({ sid: `Manage${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`, actions: [`${prefix}:*`], resources: [...resources] }));
    // RDS keeps the master password in a secret it names rds!…, created with the caller's permissions.
    if (types.has("aws_db_instance")) {
      statements.push({ sid: "DatabaseManagedSecret", actions: ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:TagResource"], resources: [`${at("secretsmanager")}:secret:rds!*`] });
    }
    if (this.keyArns.length > 0) {
      const through = ["elasticfilesystem", "rds", "s3", "secretsmanager", "sns", "ssm"].map((s) => `${s}.${c.region}.amazonaws.com`);
      statements.push({
        sid: "EncryptThroughServices",
        actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        resources: [...this.keyArns],
        conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: through }],
      });
    }
    return statements;
  }

  private policy(id: string, name: string, statements: PolicyStatement[]): IamRolePolicy {
    return inlinePolicy(this, this.role, id, name, statements);
  }
}
