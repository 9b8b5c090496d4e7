/**
 * VPC endpoints so private tasks reach AWS without NAT: gateway endpoints (S3,
 * DynamoDB) on the private and database route tables, interface endpoints
 * (ECR, Logs, Secrets Manager, STS, …) in the private subnets behind their own
 * security group that only the application tier may reach on 443.
 */
import { Construct } from "constructs";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import type { INetwork } from "./network";
import { SecurityGroup } from "./security-group";

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly network: INetwork;
  readonly gateway: readonly string[];
  readonly interface: readonly string[];
  /** Groups whose members may use the interface endpoints. */
  readonly clients: readonly SecurityGroup[];
}

export class VpcEndpoints extends Construct {
  readonly securityGroup?: SecurityGroup;
  readonly endpoints: Record<string, VpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const serviceName = (name: string) => `com.amazonaws.${props.region}.${name}`;
    const idOf = (name: string) => name.replace(/[.-]/g, "_");
    for (const name of props.gateway) {
      this.endpoints[name] = new VpcEndpoint(this, idOf(name), {
        vpcId: props.network.vpcId,
        serviceName: serviceName(name),
        vpcEndpointType: "Gateway",
        routeTableIds: [...props.network.privateRouteTableIds],
        tags: { Name: `${props.namePrefix}-${name}` },
      });
    }
    if (props.interface.length === 0) return;
    this.securityGroup = new SecurityGroup(this, "security_group", {
      label: id,
      name: `${props.namePrefix}-endpoints`,
      description: `Interface VPC endpoints of ${props.namePrefix}: HTTPS from the application tier`,
      vpcId: props.network.vpcId,
    });
    for (const client of props.clients) this.securityGroup.allowFrom(client, 443, `HTTPS from ${client.label} to AWS APIs through interface endpoints`);
    for (const name of props.interface) {
      this.endpoints[name] = new VpcEndpoint(this, idOf(name), {
        vpcId: props.network.vpcId,
        serviceName: serviceName(name),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.network.privateSubnetIds],
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.namePrefix}-${name}` },
      });
    }
  }
}
