/**
 * A security group with no rules of its own (Terraform removes AWS's default
 * allow-all egress), to which traffic is opened one described rule at a time.
 * `allowFrom` opens both sides: ingress here, egress on the peer.
 *
 * Replacement is create-before-destroy (the rules referencing it move to the new
 * group first), so the AWS name is a prefix plus a unique suffix: a fixed name
 * would make every replacement fail with "already exists". `name` stays readable
 * in the Name tag.
 */
import { Construct } from "constructs";
import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

export interface SecurityGroupProps {
  /** Readable name: the Name tag and the prefix of the AWS name (`<name>-<unique suffix>`). */
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
}

export class SecurityGroup extends Construct {
  readonly group: AwsSecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.group = new AwsSecurityGroup(this, "Resource", {
      namePrefix: `${props.name}-`,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
      lifecycle: { createBeforeDestroy: true },
    });
  }

  get id(): string {
    return this.group.id;
  }

  /** Let `peer` reach this group on a TCP port: ingress here, egress on the peer. */
  allowFrom(peer: SecurityGroup, port: number, description: string): void {
    const ruleId = `from_${peer.node.id}_${port}`;
    new VpcSecurityGroupIngressRule(this, ruleId, {
      securityGroupId: this.id,
      referencedSecurityGroupId: peer.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
    new VpcSecurityGroupEgressRule(peer, `to_${this.node.id}_${port}`, {
      securityGroupId: peer.id,
      referencedSecurityGroupId: this.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
  }

  /** Let members call out on a TCP port to any IPv4 address (AWS APIs and external APIs over HTTPS). */
  allowEgressAnywhere(port: number, description: string): void {
    new VpcSecurityGroupEgressRule(this, `to_anywhere_${port}`, { securityGroupId: this.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: port, toPort: port, description });
  }
}
