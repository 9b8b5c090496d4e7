/** The foundation's network: created or existing VPC, subnets, NAT, endpoints, flow logs, security groups, log archive. */
import { Testing } from "cdktf";
import { parse as parseYaml, stringify } from "yaml";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, loadEnvironment, parseEnvironment } from "../config/load";
import type { ResolvedConfig } from "../config/defaults";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import { FoundationContract } from "../stacks/contracts";
import { mockOutputs } from "../stacks/contract";
import type { TerraformJson } from "./support/synth";

type R = Record<string, Record<string, Record<string, unknown>>>;

function foundation(config: ResolvedConfig): { json: TerraformJson; r: R } {
  const json = JSON.parse(Testing.synth(new FoundationStack(Testing.app(), { config }))) as TerraformJson;
  return { json, r: (json.resource ?? {}) as R };
}

const devText = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");
function withNetwork(network: unknown, changes: (d: any) => void = () => {}): ResolvedConfig {
  const doc = parseYaml(devText);
  doc.network = network;
  changes(doc);
  return parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
}
function networkProblems(network: unknown, changes: (d: any) => void = () => {}): string[] {
  try {
    withNetwork(network, changes);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error("expected a ConfigError");
}

const prod = foundation(loadEnvironment("prod", { env: {} }));
const dev = foundation(loadEnvironment("dev", { env: {} }));

describe("created VPC", () => {
  it("has public, private and database subnets in every AZ, with CIDRs derived from the VPC CIDR", () => {
    const subnets = Object.entries(prod.r.aws_subnet).map(([name, s]) => `${name} ${s.cidr_block} ${s.availability_zone}`);
    expect(subnets.sort()).toEqual([
      "vpc_database_subnet_0 10.30.128.0/20 us-east-1a", "vpc_database_subnet_1 10.30.144.0/20 us-east-1b", "vpc_database_subnet_2 10.30.160.0/20 us-east-1c",
      "vpc_private_subnet_0 10.30.64.0/20 us-east-1a", "vpc_private_subnet_1 10.30.80.0/20 us-east-1b", "vpc_private_subnet_2 10.30.96.0/20 us-east-1c",
      "vpc_public_subnet_0 10.30.0.0/20 us-east-1a", "vpc_public_subnet_1 10.30.16.0/20 us-east-1b", "vpc_public_subnet_2 10.30.32.0/20 us-east-1c",
    ]);
    expect(Object.values(prod.r.aws_subnet).every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(prod.r.aws_vpc.vpc).toMatchObject({ cidr_block: "10.30.0.0/16", enable_dns_hostnames: true, enable_dns_support: true });
  });

  it("prod has a NAT gateway per AZ and each private route table uses its own AZ's NAT", () => {
    expect(Object.keys(prod.r.aws_nat_gateway)).toEqual(["vpc_nat_0", "vpc_nat_1", "vpc_nat_2"]);
    for (const i of [0, 1, 2]) expect(prod.r.aws_route[`vpc_private_default_route_${i}`].nat_gateway_id).toBe(`\${aws_nat_gateway.vpc_nat_${i}.id}`);
  });

  it("dev shares one NAT gateway; natGateways none routes private subnets nowhere", () => {
    expect(Object.keys(dev.r.aws_nat_gateway)).toEqual(["vpc_nat_0"]);
    expect(dev.r.aws_route.vpc_private_default_route_1.nat_gateway_id).toBe("${aws_nat_gateway.vpc_nat_0.id}");
    const none = foundation(withNetwork({ mode: "create", natGateways: "none" }));
    expect(none.r.aws_nat_gateway).toBeUndefined();
    expect(Object.keys(none.r.aws_route)).toEqual(["vpc_public_default_route"]);
  });

  it("database subnets are isolated: their route table has no routes", () => {
    const routesToDb = Object.values(prod.r.aws_route).filter((r) => r.route_table_id === "${aws_route_table.vpc_database_routes.id}");
    expect(routesToDb).toEqual([]);
    expect(prod.r.aws_route.vpc_public_default_route).toMatchObject({ destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.vpc_internet_gateway.id}" });
  });

  it("takes over the default security group with no rules", () => {
    expect(prod.r.aws_default_security_group.vpc_default_security_group).toEqual(expect.objectContaining({ vpc_id: "${aws_vpc.vpc.id}" }));
    expect(prod.r.aws_default_security_group.vpc_default_security_group).not.toHaveProperty("ingress");
    expect(prod.r.aws_default_security_group.vpc_default_security_group).not.toHaveProperty("egress");
  });

  it("uses explicit subnet CIDRs when given", () => {
    const c = withNetwork({ mode: "create", cidr: "10.20.0.0/16", subnets: { public: ["10.20.0.0/24", "10.20.1.0/24"] } });
    expect(foundation(c).r.aws_subnet.vpc_public_subnet_1.cidr_block).toBe("10.20.1.0/24");
    expect(foundation(c).r.aws_subnet.vpc_private_subnet_0.cidr_block).toBe("10.20.64.0/20");
  });
});

describe("existing VPC", () => {
  const existing = {
    mode: "existing",
    vpcId: "vpc-0abc1234def567890",
    vpcCidr: "172.31.0.0/16",
    publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
    privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
    routeTableIds: ["rtb-0ccccccccccccccc1"],
  };
  const f = foundation(withNetwork(existing));

  it("creates no VPC, subnets or NAT and publishes the given ids", () => {
    expect(f.r.aws_vpc).toBeUndefined();
    expect(f.r.aws_subnet).toBeUndefined();
    expect(f.json.output!.vpc_id.value).toBe("vpc-0abc1234def567890");
    expect(f.json.output!.private_subnet_ids.value).toEqual(existing.privateSubnetIds);
    expect(f.json.output!.database_subnet_ids.value).toEqual(existing.privateSubnetIds);
    expect(f.r.aws_security_group.service_tier.vpc_id).toBe("vpc-0abc1234def567890");
    expect(f.r.aws_vpc_endpoint.endpoints_s3.route_table_ids).toEqual(["rtb-0ccccccccccccccc1"]);
  });

  it("mock contract values are the real ids for an existing VPC", () => {
    expect(mockOutputs(FoundationContract, withNetwork(existing)).private_subnet_ids).toEqual(existing.privateSubnetIds);
  });
});

describe("endpoints, flow logs and security groups", () => {
  it("adds the S3 gateway endpoint to every private and database route table", () => {
    expect(prod.r.aws_vpc_endpoint.endpoints_s3).toMatchObject({
      service_name: "com.amazonaws.us-east-1.s3",
      vpc_endpoint_type: "Gateway",
      route_table_ids: [
        "${aws_route_table.vpc_private_routes_0.id}", "${aws_route_table.vpc_private_routes_1.id}", "${aws_route_table.vpc_private_routes_2.id}",
        "${aws_route_table.vpc_database_routes.id}",
      ],
    });
  });

  it("interface endpoints sit in the private subnets behind a group the app tier reaches on 443", () => {
    const f = foundation(withNetwork({ mode: "create", endpoints: { gateway: ["s3", "dynamodb"], interface: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"] } }));
    expect(Object.keys(f.r.aws_vpc_endpoint).sort()).toEqual(["endpoints_dynamodb", "endpoints_ecr_api", "endpoints_ecr_dkr", "endpoints_logs", "endpoints_s3", "endpoints_secretsmanager", "endpoints_sts"]);
    expect(f.r.aws_vpc_endpoint.endpoints_ecr_dkr).toMatchObject({
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      service_name: "com.amazonaws.us-east-1.ecr.dkr",
      security_group_ids: ["${aws_security_group.endpoints_security_group.id}"],
      subnet_ids: ["${aws_subnet.vpc_private_subnet_0.id}", "${aws_subnet.vpc_private_subnet_1.id}"],
    });
    expect(f.r.aws_vpc_security_group_ingress_rule.endpoints_security_group_from_service_tier_443).toMatchObject({
      security_group_id: "${aws_security_group.endpoints_security_group.id}",
      referenced_security_group_id: "${aws_security_group.service_tier.id}",
      from_port: 443,
      to_port: 443,
      ip_protocol: "tcp",
    });
  });

  it("the baseline service_tier group has no ingress and calls out only on 443", () => {
    for (const f of [dev, prod]) {
      const ingress = Object.values(f.r.aws_vpc_security_group_ingress_rule).filter((r) => r.security_group_id === "${aws_security_group.service_tier.id}");
      expect(ingress).toEqual([]);
    }
    const egress = (f: typeof dev) =>
      Object.values(f.r.aws_vpc_security_group_egress_rule)
        .filter((r) => r.security_group_id === "${aws_security_group.service_tier.id}")
        .map((r) => `${r.cidr_ipv4 ?? r.referenced_security_group_id} ${r.ip_protocol} ${r.from_port}-${r.to_port}`);
    expect(egress(dev)).toEqual(["0.0.0.0/0 tcp 443-443"]);
    expect(egress(prod).sort()).toEqual(["${aws_security_group.endpoints_security_group.id} tcp 443-443", "0.0.0.0/0 tcp 443-443"]);
  });

  describe("each service's own group (foundation and services phase together, prod)", () => {
    const services = JSON.parse(Testing.synth(new ServicesStack(Testing.app(), { config: loadEnvironment("prod", { env: {} }) }))) as TerraformJson;
    /** A group as either stack spells it, by a short name: api, database_proxy, load_balancer, … */
    const group = (ref: unknown) =>
      String(ref)
        .replace(/^\$\{aws_security_group\.(\w+?)(_tasks|_security_group)?\.id\}$/, "$1")
        .replace(/^\$\{data\.terraform_remote_state\.foundation\.outputs\.service_security_group_ids\.(\w+)\}$/, "$1");
    const rules = (kind: "ingress" | "egress") =>
      [prod.r, services.resource as R].flatMap((r) => Object.values(r[`aws_vpc_security_group_${kind}_rule`] ?? {}));
    const serviceGroups = ["api", "worker", "qdrant", "migrate"];
    const peersOf = (kind: "ingress" | "egress") =>
      Object.fromEntries(
        serviceGroups.map((g) => [
          g,
          rules(kind)
            .filter((r) => group(r.security_group_id) === g)
            .map((r) => `${r.cidr_ipv4 ?? group(r.referenced_security_group_id)} ${r.ip_protocol} ${r.from_port}-${r.to_port}`)
            .sort(),
        ]),
      );

    it("egress only to its data stores and the internal services it calls", () => {
      expect(peersOf("egress")).toEqual({
        api: ["cache tcp 6379-6379", "database_proxy tcp 5432-5432", "file_system tcp 2049-2049", "qdrant tcp 6333-6333"],
        worker: ["cache tcp 6379-6379", "database_proxy tcp 5432-5432", "qdrant tcp 6333-6333"],
        qdrant: ["file_system tcp 2049-2049"],
        migrate: ["database_proxy tcp 5432-5432"],
      });
    });

    it("ingress only from the load balancer (web) or the declared callers (internal)", () => {
      expect(peersOf("ingress")).toEqual({
        api: ["load_balancer tcp 8000-8000"],
        worker: [],
        qdrant: ["api tcp 6333-6333", "worker tcp 6333-6333"],
        migrate: [],
      });
    });
  });

  it("flow logs: none in dev, CloudWatch with a scoped role by default elsewhere, or the log archive", () => {
    expect(dev.r.aws_flow_log).toBeUndefined();
    expect(prod.r.aws_flow_log.vpc_flow_logs).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", log_destination: "${aws_cloudwatch_log_group.vpc_flow_logs_group.arn}" });
    expect(prod.r.aws_cloudwatch_log_group.vpc_flow_logs_group).toMatchObject({ name: "/vpc/acme-ai-prod/flow-logs", retention_in_days: 365 });
    const s3 = foundation(withNetwork({ mode: "create", flowLogs: "s3" }));
    expect(s3.r.aws_flow_log.vpc_flow_logs).toMatchObject({ log_destination_type: "s3", log_destination: "${aws_s3_bucket.logs_bucket.arn}" });
  });

  it("application buckets write access logs to the log archive", () => {
    expect(dev.r.aws_s3_bucket_logging.artifacts_bucket_access_logs).toMatchObject({
      bucket: "${aws_s3_bucket.artifacts_bucket.id}",
      target_bucket: "${aws_s3_bucket.logs_bucket.bucket}",
      target_prefix: "s3/acme-ai-dev-artifacts-111111111111/",
    });
  });

  it("the log archive accepts only AWS log delivery from this account, and expires logs", () => {
    const doc = (dev.json.data!.aws_iam_policy_document.logs_bucket_policy_document as { statement: Array<Record<string, unknown>> }).statement;
    expect(doc.map((s) => s.sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogs", "LogDeliveryWrite", "LogDeliveryAclCheck"]);
    expect(doc[1]).toMatchObject({ principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }], condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }] });
    const rules = dev.r.aws_s3_bucket_lifecycle_configuration.logs_bucket_lifecycle.rule as Array<Record<string, unknown>>;
    expect(rules).toContainEqual(expect.objectContaining({ id: "expire-objects", expiration: [{ days: 30 }] }));
  });
});

describe("network configuration errors", () => {
  it("subnets must lie inside the VPC and not overlap", () => {
    const problems = networkProblems({ mode: "create", cidr: "10.0.0.0/16", subnets: { public: ["10.1.0.0/24", "10.0.0.0/24"], private: ["10.0.0.128/25", "10.0.2.0/24"] } });
    expect(problems).toContain("network.subnets.public.0: public subnet 10.1.0.0/24 is not inside the VPC 10.0.0.0/16");
    expect(problems).toContain("network.subnets.private.0: private subnet 10.0.0.128/25 overlaps the public subnet 10.0.0.0/24 of AZ 2 (network.subnets.public.1)");
  });

  it("one subnet per AZ, as valid network addresses", () => {
    const problems = networkProblems({ mode: "create", subnets: { database: ["10.0.200.0/24", "10.0.201.1/24", "10.0.202.0/24"] } });
    expect(problems).toContain("network.subnets.database: list one database subnet per availability zone: 2 expected, 3 given");
    expect(problems).toContain('network.subnets.database.1: "10.0.201.1/24" has host bits set');
  });

  it("the VPC CIDR is /16 to /24 and a network address", () => {
    expect(networkProblems({ mode: "create", cidr: "10.0.0.0/8" })).toContain("network.cidr: a VPC CIDR must be /16 to /24 here; got /8");
    expect(networkProblems({ mode: "create", cidr: "10.0.1.0/16" })).toContain('network.cidr: "10.0.1.0/16" has host bits set; did you mean 10.0.0.0/16?');
  });

  it("derived subnets cover at most four AZs", () => {
    const problems = networkProblems({ mode: "create" }, (d) => (d.availabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"]));
    expect(problems).toContain("network.subnets: derived subnets support at most 4 AZs; list the public, private, database subnet CIDRs explicitly for 5 AZs");
  });

  it("an existing VPC in prod needs private subnets in two AZs", () => {
    const problems = networkProblems({ mode: "existing", vpcId: "vpc-0abc1234def567890", vpcCidr: "172.31.0.0/16", privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1"] }, (d) => {
      d.stage = "prod";
      d.availabilityZones = ["us-east-1a", "us-east-1b"];
    });
    expect(problems).toContain("network.privateSubnetIds: prod needs private subnets in at least 2 availability zones");
  });

  it("the network mode must be create or existing, and ids must look like ids", () => {
    expect(networkProblems({ mode: "peered" })[0]).toMatch(/^network\.mode: /);
    expect(networkProblems({ mode: "existing", vpcId: "my-vpc", vpcCidr: "172.31.0.0/16", privateSubnetIds: ["subnet-1"] })).toEqual(
      expect.arrayContaining(["network.vpcId: must be a VPC id such as vpc-0123456789abcdef0", "network.privateSubnetIds.0: must be a subnet id such as subnet-0123456789abcdef0"]),
    );
  });
});
