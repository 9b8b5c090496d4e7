/**
 * The dashboard's sections, one per kind of thing an environment runs, with the
 * metrics its alarms watch (config/alarms.ts) and the thresholds drawn on them.
 */
import { alarmSpec, type AlarmFacts, type AlarmKind, type AlarmsConfig } from "../../config/alarms";
import type { Stage } from "../../config/schema";
import { graph, heading, metricsOf, type Widget } from "./widgets";

export interface SectionContext {
  /** The environment's region (CloudFront's metrics are in us-east-1 whatever it is). */
  readonly region: string;
  /** The environment's changes to the alarm catalogue and its stage: the thresholds drawn. */
  readonly alarms: AlarmsConfig;
  readonly stage: Stage;
  readonly facts?: AlarmFacts;
}

/** The threshold line of an alarm kind the environment keeps on (none at 0: the axis is the line). */
function thresholdOf(ctx: SectionContext, kind: AlarmKind, scale = 1): Array<{ label: string; value: number }> {
  const spec = alarmSpec(kind, ctx.alarms, ctx.stage, ctx.facts);
  return spec && spec.threshold > 0 ? [{ label: `alarm: ${kind}`, value: spec.threshold * scale }] : [];
}

export interface EcsServiceSectionProps {
  /** The service's name in the config (the heading). */
  readonly name: string;
  /** The ECS service's and cluster's names (metric dimensions). */
  readonly serviceName: string;
  readonly cluster: string;
  /** Behind the load balancer: its and the target group's metric dimensions. */
  readonly target?: { readonly loadBalancer: string; readonly targetGroup: string };
}

export function ecsServiceSection(ctx: SectionContext, props: EcsServiceSectionProps): Widget[] {
  const dimensions = { ClusterName: props.cluster, ServiceName: props.serviceName };
  const ecs = metricsOf("AWS/ECS", dimensions);
  const insights = metricsOf("ECS/ContainerInsights", dimensions);
  const widgets = [
    heading(`Service ${props.name} (ECS)`),
    graph({ title: "CPU and memory (%)", region: ctx.region, metrics: [ecs("CPUUtilization", "Average", "CPU"), ecs("MemoryUtilization", "Average", "memory")], thresholds: [...thresholdOf(ctx, "ecsCpu"), ...thresholdOf(ctx, "ecsMemory")] }),
    graph({ title: "Tasks", region: ctx.region, periodSeconds: 60, metrics: [insights("DesiredTaskCount", "Average", "desired"), insights("RunningTaskCount", "Average", "running"), insights("PendingTaskCount", "Average", "pending")] }),
  ];
  if (!props.target) return widgets;
  const elb = metricsOf("AWS/ApplicationELB", { LoadBalancer: props.target.loadBalancer, TargetGroup: props.target.targetGroup });
  return [
    ...widgets,
    graph({ title: "Requests and responses", region: ctx.region, metrics: [elb("RequestCount", "Sum", "requests"), elb("HTTPCode_Target_2XX_Count", "Sum", "2xx"), elb("HTTPCode_Target_4XX_Count", "Sum", "4xx"), elb("HTTPCode_Target_5XX_Count", "Sum", "5xx")], thresholds: thresholdOf(ctx, "targetErrors") }),
    graph({ title: "Response time (s)", region: ctx.region, metrics: [elb("TargetResponseTime", "p50", "p50"), elb("TargetResponseTime", "p90", "p90"), elb("TargetResponseTime", "p99", "p99")], thresholds: thresholdOf(ctx, "targetLatencyP90") }),
    graph({ title: "Targets", region: ctx.region, periodSeconds: 60, metrics: [elb("HealthyHostCount", "Minimum", "healthy"), elb("UnHealthyHostCount", "Maximum", "unhealthy")], thresholds: thresholdOf(ctx, "unhealthyTargets") }),
  ];
}

export function appRunnerSection(ctx: SectionContext, props: { readonly name: string; readonly serviceName: string; readonly serviceId: string }): Widget[] {
  const m = metricsOf("AWS/AppRunner", { ServiceName: props.serviceName, ServiceID: props.serviceId });
  return [
    heading(`Service ${props.name} (App Runner)`),
    graph({ title: "Requests and responses", region: ctx.region, metrics: [m("Requests", "Sum", "requests"), m("2xxStatusResponses", "Sum", "2xx"), m("4xxStatusResponses", "Sum", "4xx"), m("5xxStatusResponses", "Sum", "5xx")], thresholds: thresholdOf(ctx, "appRunnerErrors") }),
    graph({ title: "Request latency (ms)", region: ctx.region, metrics: [m("RequestLatency", "p50", "p50"), m("RequestLatency", "p90", "p90"), m("RequestLatency", "p99", "p99")], thresholds: thresholdOf(ctx, "appRunnerLatencyP90", 1000) }),
    graph({ title: "Instances, CPU and memory (%)", region: ctx.region, metrics: [m("ActiveInstances", "Maximum", "instances"), m("CPUUtilization", "Average", "CPU"), m("MemoryUtilization", "Average", "memory")] }),
  ];
}

export function loadBalancerSection(ctx: SectionContext, props: { readonly loadBalancer: string }): Widget[] {
  const m = metricsOf("AWS/ApplicationELB", { LoadBalancer: props.loadBalancer });
  return [
    heading("Load balancer"),
    graph({ title: "Requests", region: ctx.region, metrics: [m("RequestCount", "Sum", "requests")] }),
    graph({ title: "Its own errors", region: ctx.region, metrics: [m("HTTPCode_ELB_5XX_Count", "Sum", "5xx"), m("HTTPCode_ELB_4XX_Count", "Sum", "4xx"), m("RejectedConnectionCount", "Sum", "rejected connections")], thresholds: [...thresholdOf(ctx, "loadBalancerErrors"), ...thresholdOf(ctx, "rejectedConnections")] }),
    graph({ title: "Connections", region: ctx.region, metrics: [m("ActiveConnectionCount", "Sum", "active"), m("NewConnectionCount", "Sum", "new")] }),
  ];
}

export interface DatabaseSectionProps {
  readonly identifier: string;
  readonly allocatedStorageGb: number;
  /** The class's estimated max_connections, for the connection alarm's line. */
  readonly maxConnections?: number;
}

export function databaseSection(ctx: SectionContext, props: DatabaseSectionProps): Widget[] {
  const m = metricsOf("AWS/RDS", { DBInstanceIdentifier: props.identifier });
  const connections = props.maxConnections === undefined ? [] : thresholdOf(ctx, "databaseConnections", props.maxConnections / 100);
  const freeStorage = thresholdOf(ctx, "databaseFreeStorage", (props.allocatedStorageGb * 1024 ** 3) / 100);
  return [
    heading("Database (PostgreSQL)"),
    graph({ title: "CPU (%)", region: ctx.region, metrics: [m("CPUUtilization", "Average", "CPU")], thresholds: thresholdOf(ctx, "databaseCpu") }),
    graph({ title: "Connections", region: ctx.region, metrics: [m("DatabaseConnections", "Maximum", "connections")], thresholds: connections }),
    // Gigabytes of disk and megabytes of memory: memory on the right axis, or its line lies flat at zero.
    graph({
      title: "Free storage (left) and memory (right), bytes",
      region: ctx.region,
      metrics: [m("FreeStorageSpace", "Minimum", "free storage"), { ...m("FreeableMemory", "Minimum", "freeable memory"), axis: "right" }],
      thresholds: [...freeStorage, ...thresholdOf(ctx, "databaseFreeableMemory", 1024 ** 2).map((t) => ({ ...t, axis: "right" as const }))],
    }),
    graph({ title: "Latency (s)", region: ctx.region, metrics: [m("ReadLatency", "Average", "read"), m("WriteLatency", "Average", "write")], thresholds: [...thresholdOf(ctx, "databaseReadLatency"), ...thresholdOf(ctx, "databaseWriteLatency")] }),
    graph({ title: "IOPS", region: ctx.region, metrics: [m("ReadIOPS", "Average", "read"), m("WriteIOPS", "Average", "write")] }),
  ];
}

/** Per node (member cluster): one line each in every graph. */
export function cacheSection(ctx: SectionContext, props: { readonly nodes: Readonly<Record<string, string>> }): Widget[] {
  const nodes = Object.entries(props.nodes);
  const perNode = (name: string, stat: string, what = "") => nodes.map(([n, id]) => metricsOf("AWS/ElastiCache", { CacheClusterId: id })(name, stat, `${what}${n.replace("_", " ")}`));
  return [
    heading("Cache (Redis)"),
    graph({
      title: "Engine and host CPU (%)",
      region: ctx.region,
      metrics: [...perNode("EngineCPUUtilization", "Average", "engine, "), ...perNode("CPUUtilization", "Average", "host, ")],
      thresholds: [...thresholdOf(ctx, "cacheEngineCpu"), ...thresholdOf(ctx, "cacheCpu")],
    }),
    graph({ title: "Memory used (% of maxmemory)", region: ctx.region, metrics: perNode("DatabaseMemoryUsagePercentage", "Average"), thresholds: thresholdOf(ctx, "cacheMemory") }),
    graph({ title: "Evictions", region: ctx.region, metrics: perNode("Evictions", "Sum"), thresholds: thresholdOf(ctx, "cacheEvictions") }),
    graph({ title: "Connections", region: ctx.region, metrics: perNode("CurrConnections", "Maximum"), thresholds: thresholdOf(ctx, "cacheConnections") }),
    graph({ title: "Hits and misses", region: ctx.region, metrics: [...perNode("CacheHits", "Sum", "hits, "), ...perNode("CacheMisses", "Sum", "misses, ")] }),
    ...(nodes.length > 1 ? [graph({ title: "Replication lag (s)", region: ctx.region, periodSeconds: 60, metrics: perNode("ReplicationLag", "Maximum"), thresholds: thresholdOf(ctx, "cacheReplicationLag") })] : []),
  ];
}

/** Batch publishes no job metrics: failed jobs are counted by the rules that route them to the alert topic. */
export function batchSection(ctx: SectionContext, props: { readonly failureRules: Readonly<Record<string, string>> }): Widget[] {
  return [
    heading("Batch jobs"),
    graph({
      title: "Failed jobs",
      region: ctx.region,
      metrics: Object.entries(props.failureRules).map(([job, rule]) => metricsOf("AWS/Events", { RuleName: rule })("TriggeredRules", "Sum", job)),
    }),
  ];
}

/** CloudFront's metrics are global, kept in us-east-1. */
export function cdnSection(ctx: SectionContext, props: { readonly distributionId: string }): Widget[] {
  const m = metricsOf("AWS/CloudFront", { DistributionId: props.distributionId, Region: "Global" });
  const region = "us-east-1";
  return [
    heading("CDN (CloudFront)"),
    graph({ title: "Requests", region, metrics: [m("Requests", "Sum", "requests")] }),
    graph({ title: "Error rate (%)", region, metrics: [m("4xxErrorRate", "Average", "4xx"), m("5xxErrorRate", "Average", "5xx")], thresholds: thresholdOf(ctx, "cdnErrorRate") }),
    graph({ title: "Bytes downloaded", region, metrics: [m("BytesDownloaded", "Sum", "bytes")] }),
  ];
}

/**
 * Every environment has its alert topic: whether alerts were published and reached
 * their subscribers; with the CDN outside us-east-1, its copy there too.
 */
export function alertsSection(ctx: SectionContext, props: { readonly topicName: string; readonly usEast1Copy: boolean }): Widget[] {
  const lines = (region: string | undefined, suffix: string) => {
    const m = (name: string, label: string) => ({ ...metricsOf("AWS/SNS", { TopicName: props.topicName })(name, "Sum", `${label}${suffix}`), region });
    return [m("NumberOfMessagesPublished", "published"), m("NumberOfNotificationsDelivered", "delivered"), m("NumberOfNotificationsFailed", "failed")];
  };
  return [
    heading("Alerts"),
    graph({ title: "Alerts published and delivered", region: ctx.region, metrics: [...lines(undefined, ""), ...(props.usEast1Copy ? lines("us-east-1", " (us-east-1, CDN)") : [])] }),
  ];
}
