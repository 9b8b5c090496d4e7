/**
 * An IAM role assumed by one AWS service (ECS tasks, App Runner, …), restricted to
 * this account (confused-deputy protection). Permissions arrive through grant
 * methods of the resources (`bucket.grantRead(role)`, any IGrantable), collected
 * in one inline policy created on the first grant.
 */
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { IGrantable } from "./grant";
import { PolicyDocument, type PolicyStatement } from "./policy-document";

export interface ServiceRoleProps {
  readonly roleName: string;
  readonly description: string;
  /** Service principal allowed to assume the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Account whose resources may assume the role (aws:SourceAccount). */
  readonly accountId: string;
  /** @default 3600 */
  readonly maxSessionDuration?: number;
}

export class ServiceRole extends Construct implements IGrantable {
  readonly role: IamRole;
  /** The role name, as configured. */
  readonly grantPrincipalName: string;
  private policy?: PolicyDocument;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.grantPrincipalName = props.roleName;
    const trust = new PolicyDocument(this, "trust", [
      {
        sid: "AssumeFromService",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
        conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
      },
    ]);
    this.role = new IamRole(this, "Resource", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: props.maxSessionDuration ?? 3600,
    });
  }

  get arn(): string {
    return this.role.arn;
  }

  get name(): string {
    return this.role.name;
  }

  /** Add permissions to the role's inline policy (IGrantable; what grant methods call). */
  addToPrincipalPolicy(...statements: PolicyStatement[]): void {
    if (statements.length === 0) return; // no empty inline policy
    if (!this.policy) {
      this.policy = new PolicyDocument(this, "policy");
      new IamRolePolicy(this, "inline", { name: "least-privilege", role: this.role.id, policy: this.policy.json });
    }
    this.policy.add(...statements);
  }

  /** Add permissions to the role's inline policy; same as addToPrincipalPolicy. */
  addToPolicy(...statements: PolicyStatement[]): void {
    this.addToPrincipalPolicy(...statements);
  }
}
