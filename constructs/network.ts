/**
 * The VPC the environment runs in, created or imported, seen through one
 * interface. A created VPC has public, private and isolated database subnets in
 * every configured AZ, an internet gateway, NAT per the chosen mode, one route
 * table per private subnet (so per-AZ NAT stays in its AZ), a default security
 * group with no rules, and optional flow logs.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { CreatedNetwork, ExistingNetwork } from "../config/network";
import type { LogsBucket } from "./logs-bucket";
import { ServiceRole } from "./service-role";

/** What the rest of the platform needs of a VPC. */
export interface INetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly databaseSubnetIds: readonly string[];
  /** Route tables of private and database subnets (gateway endpoints attach here). */
  readonly privateRouteTableIds: readonly string[];
}

export interface FlowLogProps {
  readonly destination: "cloudwatch" | "s3" | "none";
  readonly retentionDays: number;
  readonly logsBucket?: LogsBucket;
  readonly accountId: string;
  /** Customer managed key of the CloudWatch log group. @default - CloudWatch Logs' own encryption */
  readonly kmsKeyArn?: string;
}

export interface CreatedVpcProps {
  readonly namePrefix: string;
  readonly network: CreatedNetwork;
  readonly availabilityZones: readonly string[];
  readonly flowLogs: FlowLogProps;
}

export class CreatedVpc extends Construct implements INetwork {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly databaseSubnetIds: string[];
  readonly privateRouteTableIds: string[];

  constructor(scope: Construct, id: string, props: CreatedVpcProps) {
    super(scope, id);
    const { network: n, availabilityZones: azs, namePrefix } = props;
    this.vpc = new Vpc(this, "Resource", { cidrBlock: n.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: namePrefix } });
    this.vpcId = this.vpc.id;
    this.vpcCidr = n.cidr;
    // AWS creates a default security group that allows all traffic between its members: take it over, empty.
    new DefaultSecurityGroup(this, "default_security_group", { vpcId: this.vpcId, tags: { Name: `${namePrefix}-default-closed` } });

    const subnets = (tier: "public" | "private" | "database") =>
      n.subnets[tier].map(
        (cidr, i) =>
          new Subnet(this, `${tier}_subnet_${i}`, {
            vpcId: this.vpcId,
            cidrBlock: cidr,
            availabilityZone: azs[i],
            mapPublicIpOnLaunch: false,
            tags: { Name: `${namePrefix}-${tier}-${azs[i]}`, tier },
          }),
      );
    const publicSubnets = subnets("public");
    const privateSubnets = subnets("private");
    const databaseSubnets = subnets("database");
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.databaseSubnetIds = databaseSubnets.map((s) => s.id);

    const igw = new InternetGateway(this, "internet_gateway", { vpcId: this.vpcId, tags: { Name: namePrefix } });
    const publicRoutes = new RouteTable(this, "public_routes", { vpcId: this.vpcId, tags: { Name: `${namePrefix}-public` } });
    new Route(this, "public_default_route", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `public_subnet_${i}_routes`, { subnetId: s.id, routeTableId: publicRoutes.id }));

    const natCount = n.natGateways === "none" ? 0 : n.natGateways === "single" ? 1 : azs.length;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat_ip_${i}`, { domain: "vpc", tags: { Name: `${namePrefix}-nat-${azs[i]}` } });
      return new NatGateway(this, `nat_${i}`, { allocationId: eip.allocationId, subnetId: publicSubnets[i].id, tags: { Name: `${namePrefix}-nat-${azs[i]}` }, dependsOn: [igw] });
    });
    this.privateRouteTableIds = privateSubnets.map((s, i) => {
      const rt = new RouteTable(this, `private_routes_${i}`, { vpcId: this.vpcId, tags: { Name: `${namePrefix}-private-${azs[i]}` } });
      if (nats.length > 0) {
        new Route(this, `private_default_route_${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id });
      }
      new RouteTableAssociation(this, `private_subnet_${i}_routes`, { subnetId: s.id, routeTableId: rt.id });
      return rt.id;
    });
    // Database subnets are isolated: no route to the internet at all.
    const databaseRoutes = new RouteTable(this, "database_routes", { vpcId: this.vpcId, tags: { Name: `${namePrefix}-database` } });
    databaseSubnets.forEach((s, i) => new RouteTableAssociation(this, `database_subnet_${i}_routes`, { subnetId: s.id, routeTableId: databaseRoutes.id }));
    this.privateRouteTableIds.push(databaseRoutes.id);

    addFlowLogs(this, this.vpcId, namePrefix, props.flowLogs);
  }
}

export interface ImportedVpcProps {
  readonly namePrefix: string;
  readonly network: ExistingNetwork;
  readonly flowLogs: FlowLogProps;
}

/** An existing VPC (e.g. the default VPC of seed 000), known by ids from config. */
export class ImportedVpc extends Construct implements INetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly databaseSubnetIds: readonly string[];
  readonly privateRouteTableIds: readonly string[];

  constructor(scope: Construct, id: string, props: ImportedVpcProps) {
    super(scope, id);
    const n = props.network;
    this.vpcId = n.vpcId;
    this.vpcCidr = n.vpcCidr;
    this.publicSubnetIds = n.publicSubnetIds;
    this.privateSubnetIds = n.privateSubnetIds;
    this.databaseSubnetIds = n.databaseSubnetIds;
    this.privateRouteTableIds = n.routeTableIds;
    addFlowLogs(this, this.vpcId, props.namePrefix, props.flowLogs);
  }
}

function addFlowLogs(scope: Construct, vpcId: string, namePrefix: string, props: FlowLogProps): void {
  if (props.destination === "none") return;
  if (props.destination === "s3") {
    if (!props.logsBucket) throw new Error("flow logs to S3 need the logs bucket");
    new FlowLog(scope, "flow_logs", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "s3",
      logDestination: props.logsBucket.bucket.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${namePrefix}-flow-logs` },
    });
    return;
  }
  const group = new CloudwatchLogGroup(scope, "flow_logs_group", { name: `/vpc/${namePrefix}/flow-logs`, retentionInDays: props.retentionDays, kmsKeyId: props.kmsKeyArn });
  const role = new ServiceRole(scope, "flow_logs_role", {
    roleName: `${namePrefix}-vpc-flow-logs`,
    description: `Delivers VPC flow logs of ${namePrefix} to CloudWatch Logs`,
    servicePrincipal: "vpc-flow-logs.amazonaws.com",
    accountId: props.accountId,
  });
  role.addToPolicy(
    { sid: "WriteFlowLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], resources: [`${group.arn}:*`] },
    { sid: "FindLogGroups", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
  );
  new FlowLog(scope, "flow_logs", {
    vpcId,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: group.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
    tags: { Name: `${namePrefix}-flow-logs` },
  });
}
