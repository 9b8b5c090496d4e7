/**
 * A monthly cost estimate of one environment, itemized by what its synthesized
 * stacks create and priced from cost/prices.ts. Fixed costs are counted at the
 * floor the environment keeps running (autoscaling minimums, desired counts);
 * what depends on traffic or data (requests, transfer, storage growth, log
 * ingestion, on-demand tasks and jobs) is listed as unknown, never guessed.
 */
import type { Resource, StackModel } from "../policy/model";
import { block, blocks, literalString, referencesIn, refersTo } from "../policy/values";
import { HOURS_PER_MONTH, PRICES, type PriceBook } from "./prices";

export interface CostLine {
  readonly phase: string;
  readonly item: string;
  /** How the figure is made, e.g. "2 tasks × 2 vCPU, 4 GB × 730 h". */
  readonly basis: string;
  readonly monthly: number;
}

export interface CostEstimate {
  readonly region: string;
  readonly lines: readonly CostLine[];
  readonly total: number;
  /** Charges that depend on use, or items without a known price. */
  readonly unknowns: readonly string[];
  /** Set when the region has no price book: no lines, no total. */
  readonly unpricedRegion?: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** How many of a service's `count` tasks run on Fargate and on Fargate Spot: the bases first, the rest by weight, in whole tasks. */
export function capacitySplit(service: Resource, count: number): { onDemand: number; spot: number } {
  const strategy = blocks(service.values.capacity_provider_strategy);
  if (strategy.length === 0) return { onDemand: count, spot: 0 };
  const sum = (provider: string, key: "base" | "weight") => strategy.filter((s) => s.capacity_provider === provider).reduce((t, s) => t + (Number(s[key]) || 0), 0);
  const baseOnDemand = Math.min(count, sum("FARGATE", "base"));
  const baseSpot = Math.min(count - baseOnDemand, sum("FARGATE_SPOT", "base"));
  const rest = count - baseOnDemand - baseSpot;
  const weights = sum("FARGATE", "weight") + sum("FARGATE_SPOT", "weight");
  // Whole tasks: ECS places each task on one provider.
  const restSpot = weights > 0 ? Math.round((rest * sum("FARGATE_SPOT", "weight")) / weights) : 0;
  return { onDemand: baseOnDemand + rest - restSpot, spot: baseSpot + restSpot };
}

export function estimateCost(stacks: readonly StackModel[], region: string, prices: PriceBook = PRICES): CostEstimate {
  if (!prices.regions.includes(region)) return { region, lines: [], total: 0, unknowns: [], unpricedRegion: region };
  const lines: CostLine[] = [];
  const unknowns: string[] = [];
  const line = (phase: string, item: string, basis: string, monthly: number) => lines.push({ phase, item, basis, monthly: round(monthly) });
  const all = (type: string) => stacks.flatMap((s) => s.ofType(type).map((r) => ({ stack: s, r })));
  const h = HOURS_PER_MONTH;

  // Compute.
  for (const { stack, r: svc } of all("aws_ecs_service")) {
    const td = stack.ofType("aws_ecs_task_definition").find((t) => refersTo(svc.values.task_definition, t.address));
    const cpu = Number(td?.values.cpu) / 1024;
    const gb = Number(td?.values.memory) / 1024;
    const arch = block(td?.values.runtime_platform)?.cpu_architecture === "ARM64" ? "ARM64" : "X86_64";
    const scaling = stack.ofType("aws_appautoscaling_target").find((t) => refersTo(t.values.resource_id, svc.address));
    const count = Number(scaling?.values.min_capacity ?? svc.values.desired_count ?? 1);
    if (!Number.isFinite(cpu) || !Number.isFinite(gb)) {
      unknowns.push(`ECS service ${svc.name}: its task size is only known after apply`);
      continue;
    }
    const p = prices.fargate[arch];
    const perTask = (cpu * p.vcpuHour + gb * p.gbHour) * h;
    const { onDemand, spot } = capacitySplit(svc, count);
    const name = literalString(svc.values.name) ?? svc.name;
    const spotText = spot > 0 ? ` (${round(spot)} on Fargate Spot at ~${Math.round(prices.fargate.spotShare * 100)} %)` : "";
    line(stack.name, `ECS service ${name}`, `${count} task${count === 1 ? "" : "s"}${scaling ? " (autoscaling minimum)" : ""} × ${cpu} vCPU, ${gb} GB ${arch === "ARM64" ? "ARM" : "x86"}${spotText}`, perTask * (onDemand + spot * prices.fargate.spotShare));
    if (scaling) unknowns.push(`ECS service ${name}: tasks above the minimum of ${count} while it scales out (up to ${scaling.values.max_capacity})`);
    if (scaling && stack.ofType("aws_appautoscaling_scheduled_action").some((a) => refersTo(a.values.resource_id, scaling.address))) {
      unknowns.push(`ECS service ${name}: its scheduled scaling (e.g. to zero at night) lowers this; counted at the minimum all month`);
    }
  }
  const served = new Set(all("aws_ecs_service").map(({ r }) => referencesIn(r.values.task_definition)[0]?.address));
  for (const { r: td } of all("aws_ecs_task_definition").filter(({ r }) => !served.has(r.address))) unknowns.push(`ECS task ${td.name}: billed per run (Fargate, while it runs)`);
  for (const { r: job } of all("aws_batch_job_definition")) unknowns.push(`Batch job ${literalString(job.values.name) ?? job.name}: billed per run (Fargate, while it runs)`);
  for (const { stack, r: svc } of all("aws_apprunner_service")) {
    const ic = block(svc.values.instance_configuration);
    const gb = Number(ic?.memory) / 1024;
    const scaling = stack.ofType("aws_apprunner_auto_scaling_configuration_version").find((c) => refersTo(svc.values.auto_scaling_configuration_arn, c.address));
    const min = Number(scaling?.values.min_size ?? 1);
    const name = literalString(svc.values.service_name) ?? svc.name;
    line(stack.name, `App Runner ${name}`, `${min} provisioned instance${min === 1 ? "" : "s"} × ${gb} GB (idle)`, min * gb * prices.appRunner.provisionedGbHour * h);
    unknowns.push(`App Runner ${name}: vCPU and memory while it serves requests ($${prices.appRunner.activeVcpuHour}/vCPU-hour)`);
  }

  // Network.
  const lbs = all("aws_lb");
  for (const { stack, r: lb } of lbs) {
    line(stack.name, `Load balancer ${literalString(lb.values.name) ?? lb.name}`, "730 h", prices.loadBalancerHour * h);
    if (lb.values.internal !== true) {
      const subnets = Array.isArray(lb.values.subnets) ? lb.values.subnets.length : 2;
      line(stack.name, "Public IPv4 addresses of the load balancer", `${subnets} (one per subnet) × 730 h`, subnets * prices.publicIpv4Hour * h);
    }
  }
  if (lbs.length > 0) unknowns.push("Load balancer capacity units (LCU): by connections, requests and bytes");
  const nats = all("aws_nat_gateway");
  if (nats.length > 0) {
    line(nats[0].stack.name, "NAT gateways", `${nats.length} × 730 h`, nats.length * prices.natGatewayHour * h);
    line(nats[0].stack.name, "Public IPv4 addresses of the NAT gateways", `${nats.length} × 730 h`, nats.length * prices.publicIpv4Hour * h);
    unknowns.push("NAT gateway data processing: per GB leaving the private subnets");
  }
  const endpoints = all("aws_vpc_endpoint").filter(({ r }) => r.values.vpc_endpoint_type === "Interface");
  if (endpoints.length > 0) {
    const azHours = endpoints.reduce((n, { r }) => n + (Array.isArray(r.values.subnet_ids) ? r.values.subnet_ids.length : 1), 0);
    line(endpoints[0].stack.name, "Interface VPC endpoints", `${endpoints.length} endpoints, ${azHours} endpoint-AZs × 730 h`, azHours * prices.interfaceEndpointHour * h);
  }

  // Data.
  for (const { stack, r: db } of all("aws_db_instance")) {
    const cls = literalString(db.values.instance_class) ?? "";
    const hourly = prices.rdsPostgresHour[cls];
    const multi = db.values.multi_az === true ? 2 : 1;
    if (hourly === undefined) unknowns.push(`RDS instance ${db.name}: no price known for ${cls || "its class"}`);
    else line(stack.name, `RDS PostgreSQL ${cls}${multi === 2 ? " Multi-AZ" : ""}`, `${multi === 2 ? "2 × " : ""}730 h`, hourly * multi * h);
    const gb = Number(db.values.allocated_storage ?? 20);
    line(stack.name, "RDS storage (gp3)", `${gb} GB${multi === 2 ? " × 2 (Multi-AZ)" : ""}`, gb * prices.rdsGp3GbMonth * multi);
    if (db.values.max_allocated_storage !== undefined) unknowns.push(`RDS storage beyond ${gb} GB as it grows (up to ${db.values.max_allocated_storage} GB)`);
    unknowns.push("RDS backups beyond the size of the database, and Performance Insights beyond its free 7 days");
    if (stack.ofType("aws_db_proxy").length > 0) {
      const vcpus = Math.max(2, prices.rdsVcpus[cls] ?? 2);
      line(stack.name, "RDS Proxy", `${vcpus} vCPUs of the instance × 730 h`, vcpus * prices.rdsProxyVcpuHour * h);
    }
    if (db.values.manage_master_user_password === true) line(stack.name, "Secrets Manager: the database's master secret", "1 secret", prices.secretMonth);
  }
  for (const { stack, r: cache } of all("aws_elasticache_replication_group")) {
    const type = literalString(cache.values.node_type) ?? "";
    const nodes = Number(cache.values.num_cache_clusters ?? 1);
    const hourly = prices.elastiCacheHour[type];
    if (hourly === undefined) unknowns.push(`ElastiCache ${cache.name}: no price known for ${type || "its node type"}`);
    else line(stack.name, `ElastiCache Redis ${type}`, `${nodes} node${nodes === 1 ? "" : "s"} × 730 h`, nodes * hourly * h);
  }
  if (all("aws_efs_file_system").length > 0) unknowns.push("EFS: per GB stored");
  if (all("aws_s3_bucket").length > 0) unknowns.push("S3: per GB stored and per request (buckets, log archive, state)");
  if (all("aws_ecr_repository").length > 0) unknowns.push("ECR: per GB of images kept");

  // Edge.
  if (all("aws_cloudfront_distribution").length > 0) unknowns.push("CloudFront: requests and data transfer out (the free tier covers 1 TB and 10 M requests a month)");
  const acls = all("aws_wafv2_web_acl");
  for (const { stack, r: acl } of acls) {
    const rules = blocks(acl.values.rule).length;
    line(stack.name, `WAF web ACL ${literalString(acl.values.name) ?? acl.name}`, `1 ACL + ${rules} rules`, prices.wafWebAclMonth + rules * prices.wafRuleMonth);
  }
  if (acls.length > 0) unknowns.push("WAF: $0.60 per million requests inspected");

  // Keys, secrets, monitoring.
  const keys = all("aws_kms_key").length;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? "" : "s"}`;
  if (keys > 0) line("all", "KMS customer managed keys", n(keys, "key"), keys * prices.kmsKeyMonth);
  const secrets = all("aws_secretsmanager_secret").length;
  if (secrets > 0) line("foundation", "Secrets Manager secrets", n(secrets, "secret"), secrets * prices.secretMonth);
  const alarms = all("aws_cloudwatch_metric_alarm").length;
  if (alarms > 0) line("all", "CloudWatch alarms", n(alarms, "standard alarm"), alarms * prices.alarmMonth);
  const dashboards = all("aws_cloudwatch_dashboard").length;
  if (dashboards > 0) line("frontend", "CloudWatch dashboard", `${dashboards}, counted as paid (free while the account has three or fewer)`, dashboards * prices.dashboardMonth);
  const zones = all("aws_service_discovery_private_dns_namespace").length;
  if (zones > 0) line("services", "Cloud Map namespace (a Route 53 private hosted zone)", n(zones, "zone"), zones * prices.hostedZoneMonth);
  unknowns.push("CloudWatch Logs ingestion and storage, Container Insights metrics: by volume");
  unknowns.push("Data transfer between Availability Zones and out to the internet");
  return { region, lines, total: round(lines.reduce((t, l) => t + l.monthly, 0)), unknowns };
}

/** The estimate as Markdown, for cdktf.out/cost.md. */
export function renderCost(e: CostEstimate, title: string, prices: PriceBook = PRICES): string {
  const head = [`# Monthly cost estimate of ${title}`, "", "Generated from the synthesized stacks by `npm run synth`; do not edit.", ""];
  if (e.unpricedRegion) return [...head, `No prices are known for ${e.unpricedRegion} (cost/prices.ts knows ${prices.regions.join(", ")}).`, ""].join("\n");
  const money = (n: number) => `$${n.toFixed(2)}`;
  return [
    ...head,
    `Prices: ${prices.source}, as of ${prices.asOf}. Fixed costs at the floor the environment keeps running; usage-based charges are listed below, not guessed.`,
    "",
    "| phase | item | basis | per month |",
    "| --- | --- | --- | ---: |",
    ...e.lines.map((l) => `| ${l.phase} | ${l.item} | ${l.basis} | ${money(l.monthly)} |`),
    `| | **total (fixed)** | | **${money(e.total)}** |`,
    "",
    "Not included (depends on use):",
    "",
    ...e.unknowns.map((u) => `- ${u}`),
    "",
  ].join("\n");
}
