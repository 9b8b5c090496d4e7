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
  /** How rule addresses and descriptions name this group. @default - the construct id */
  readonly label?: string;
}

/**
 * A security group rules can be opened on: one this stack creates, or one an
 * upstream stack created, referenced by id (rules then live in this stack).
 * Rule addresses read `<group>_from_<peer>_<port>` and `<peer>_to_<group>_<port>`.
 */
export abstract class SecurityGroupBase extends Construct {
  abstract readonly id: string;
  /** How rule addresses and descriptions name this group. */
  abstract readonly label: string;

  /** Let `peer` reach this group on a TCP port: ingress here, egress on the peer. */
  allowFrom(peer: SecurityGroupBase, port: number, description: string): void {
    new VpcSecurityGroupIngressRule(this, `from_${peer.label}_${port}`, {
      securityGroupId: this.id,
      referencedSecurityGroupId: peer.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
    new VpcSecurityGroupEgressRule(peer, `to_${this.label}_${port}`, {
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

  /** Let any IPv4 address reach this group on a TCP port (an internet-facing load balancer's listeners). */
  allowFromAnywhere(port: number, description: string): void {
    new VpcSecurityGroupIngressRule(this, `from_anywhere_${port}`, { securityGroupId: this.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: port, toPort: port, description });
  }

  /** Let addresses of a CIDR block reach this group on a TCP port (an internal load balancer, from inside the VPC). */
  allowFromCidr(cidr: string, port: number, description: string): void {
    new VpcSecurityGroupIngressRule(this, `from_vpc_${port}`, { securityGroupId: this.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: port, toPort: port, description });
  }
}

export class SecurityGroup extends SecurityGroupBase {
  /** A group made by another stack, by id; rules opened on it live in this stack. */
  static fromId(scope: Construct, id: string, groupId: string, label: string = id): SecurityGroupBase {
    return new ImportedSecurityGroup(scope, id, groupId, label);
  }

  readonly group: AwsSecurityGroup;
  readonly label: string;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.label = props.label ?? id;
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
}

class ImportedSecurityGroup extends SecurityGroupBase {
  constructor(
    scope: Construct,
    id: string,
    private readonly groupId: string,
    readonly label: string,
  ) {
    super(scope, id);
  }

  get id(): string {
    return this.groupId;
  }
}
