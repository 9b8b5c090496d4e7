/** The monthly cost estimate: itemized from the synthesized stacks, priced from cost/prices.ts, usage-based charges listed, never guessed. */
import * as path from "node:path";
import { capacitySplit, estimateCost, renderCost } from "../cost/estimate";
import { HOURS_PER_MONTH, PRICES } from "../cost/prices";
import { loadSynthesizedStacks } from "../policy/synthesized";
import { StackModel } from "../policy/model";
import { SHARED_SYNTH_DIR } from "./support/synth";

const stacksOf = (env: string) => loadSynthesizedStacks(path.join(SHARED_SYNTH_DIR, env));
const h = HOURS_PER_MONTH;
const round = (n: number) => Math.round(n * 100) / 100;

describe("the monthly cost estimate", () => {
  it("prod: every fixed charge, itemized from what the stacks create, with its basis", () => {
    const e = estimateCost(stacksOf("prod"), "us-east-1");
    const x86 = (vcpu: number, gb: number) => (vcpu * PRICES.fargate.X86_64.vcpuHour + gb * PRICES.fargate.X86_64.gbHour) * h;
    expect(e.lines.map((l) => [l.item, l.basis, l.monthly])).toEqual([
      ["ECS service api", "2 tasks (autoscaling minimum) × 2 vCPU, 4 GB x86", round(2 * x86(2, 4))],
      ["ECS service qdrant", "1 task × 1 vCPU, 2 GB x86", round(x86(1, 2))],
      // base 1 on Fargate; the second task goes by weight, 1:3, to Fargate Spot
      ["ECS service worker", "2 tasks (autoscaling minimum) × 1 vCPU, 2 GB x86 (1 on Fargate Spot at ~30 %)", round(x86(1, 2) * (1 + PRICES.fargate.spotShare))],
      ["Load balancer acme-ai-prod", "730 h", round(PRICES.loadBalancerHour * h)],
      ["NAT gateways", "3 × 730 h", round(3 * PRICES.natGatewayHour * h)],
      ["Public IPv4 addresses of the NAT gateways", "3 × 730 h", round(3 * PRICES.publicIpv4Hour * h)],
      ["Interface VPC endpoints", "5 endpoints, 15 endpoint-AZs × 730 h", round(15 * PRICES.interfaceEndpointHour * h)],
      ["RDS PostgreSQL db.m7g.large Multi-AZ", "2 × 730 h", round(2 * PRICES.rdsPostgresHour["db.m7g.large"] * h)],
      ["RDS storage (gp3)", "100 GB × 2 (Multi-AZ)", round(200 * PRICES.rdsGp3GbMonth)],
      ["RDS Proxy", "2 vCPUs of the instance × 730 h", round(2 * PRICES.rdsProxyVcpuHour * h)],
      ["Secrets Manager: the database's master secret", "1 secret", PRICES.secretMonth],
      ["ElastiCache Redis cache.m7g.large", "2 nodes × 730 h", round(2 * PRICES.elastiCacheHour["cache.m7g.large"] * h)],
      ["WAF web ACL acme-ai-prod-cdn", "1 ACL + 4 rules", PRICES.wafWebAclMonth + 4 * PRICES.wafRuleMonth],
      ["KMS customer managed keys", "5 keys", 5 * PRICES.kmsKeyMonth],
      ["Secrets Manager secrets", "1 secret", PRICES.secretMonth],
      ["CloudWatch alarms", "34 standard alarms", round(34 * PRICES.alarmMonth)],
      ["CloudWatch dashboard", "1, counted as paid (free while the account has three or fewer)", PRICES.dashboardMonth],
      ["Cloud Map namespace (a Route 53 private hosted zone)", "1 zone", PRICES.hostedZoneMonth],
    ]);
    expect(e.total).toBe(round(e.lines.reduce((t, l) => t + l.monthly, 0)));
    expect(e.unknowns).toContain("ECS service api: tasks above the minimum of 2 while it scales out (up to 10)");
    expect(e.unknowns).toContain("ECS task migrate: billed per run (Fargate, while it runs)");
    expect(e.unknowns).toContain("CloudFront: requests and data transfer out (the free tier covers 1 TB and 10 M requests a month)");
  });

  it("agentic: App Runner's provisioned instances are fixed, its active time is use; the team's own keys are not counted", () => {
    const e = estimateCost(stacksOf("agentic"), "us-east-1");
    expect(e.lines.filter((l) => l.item.startsWith("App Runner")).map((l) => [l.item, l.basis, l.monthly])).toEqual([
      ["App Runner agentic-agentic-api", "1 provisioned instance × 2 GB (idle)", round(2 * PRICES.appRunner.provisionedGbHour * h)],
      ["App Runner agentic-agentic-web", "1 provisioned instance × 2 GB (idle)", round(2 * PRICES.appRunner.provisionedGbHour * h)],
    ]);
    // only the alert topic's key: the data, logs and secrets keys are the team's (encryption.keys: bring)
    expect(e.lines.find((l) => l.item === "KMS customer managed keys")?.basis).toBe("1 key");
    expect(e.unknowns).toContain(`App Runner agentic-agentic-api: vCPU and memory while it serves requests ($${PRICES.appRunner.activeVcpuHour}/vCPU-hour)`);
  });

  it("a region without prices is said, not guessed", () => {
    const e = estimateCost(stacksOf("dev"), "ap-south-2");
    expect(e).toEqual({ region: "ap-south-2", lines: [], total: 0, unknowns: [], unpricedRegion: "ap-south-2" });
    expect(renderCost(e, "x")).toContain(`No prices are known for ap-south-2 (cost/prices.ts knows ${PRICES.regions.join(", ")}).`);
  });

  it("splits a service's tasks between Fargate and Fargate Spot: the bases first, the rest by weight", () => {
    const svc = (strategy: unknown) => new StackModel("s", { resource: { aws_ecs_service: { s: { capacity_provider_strategy: strategy } } } } as never).resources[0];
    expect(capacitySplit(svc(undefined), 3)).toEqual({ onDemand: 3, spot: 0 });
    const mixed = svc([{ capacity_provider: "FARGATE", base: 1, weight: 1 }, { capacity_provider: "FARGATE_SPOT", weight: 3 }]);
    expect(capacitySplit(mixed, 1)).toEqual({ onDemand: 1, spot: 0 });
    expect(capacitySplit(mixed, 5)).toEqual({ onDemand: 2, spot: 3 });
    // whole tasks: the second task goes where the weight points
    expect(capacitySplit(mixed, 2)).toEqual({ onDemand: 1, spot: 1 });
    expect(capacitySplit(svc([{ capacity_provider: "FARGATE_SPOT", weight: 1 }]), 2)).toEqual({ onDemand: 0, spot: 2 });
  });

  it("renders the table with its total and what it leaves out", () => {
    const text = renderCost(estimateCost(stacksOf("dev"), "us-east-1"), "acme-ai-dev (dev, us-east-1)");
    expect(text).toMatch(/^# Monthly cost estimate of acme-ai-dev \(dev, us-east-1\)\n/);
    expect(text).toContain(`Prices: ${PRICES.source}, as of ${PRICES.asOf}.`);
    expect(text).toMatch(/\| \| \*\*total \(fixed\)\*\* \| \| \*\*\$\d+\.\d{2}\*\* \|/);
    expect(text).toContain("- NAT gateway data processing: per GB leaving the private subnets");
    expect(text).toContain("- ECS service api: its scheduled scaling (e.g. to zero at night) lowers this; counted at the minimum all month");
  });
});
