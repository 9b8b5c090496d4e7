/**
 * What the services phase tells the alert topic (config/alarms.ts): the
 * catalogue's alarms of each ECS service, its target group, the load balancer and
 * each App Runner service, and failed ECS deployments as events. Each function
 * returns what it created, for the stack to mark with the config it came from.
 */
import type { Construct } from "constructs";
import type { ApprunnerService } from "@cdktf/provider-aws/lib/apprunner-service";
import type { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import type { Lb } from "@cdktf/provider-aws/lib/lb";
import type { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { ResolvedConfig } from "../config/defaults";
import { catalogueAlarms, shareOfRequests } from "../constructs/alerts/catalogue-alarms";
import { EventAlert } from "../constructs/alerts/event-alert";
import type { MetricAlarm } from "../constructs/alerts/metric-alarm";

type Config = Pick<ResolvedConfig, "names" | "alarms" | "stage" | "partition" | "region" | "accountId">;

/** The settings every alarm of one resource shares. */
const common = (c: Config, topicArn: string, namePrefix: string) => ({ namePrefix, topicArn, overrides: c.alarms, stage: c.stage });

/**
 * One ECS service's CPU, memory and missing tasks (Container Insights), and
 * behind the load balancer its targets' 5xx, unhealthy targets, p90 response
 * time and share of 4xx.
 */
export function ecsServiceAlarms(
  scope: Construct,
  c: Config,
  topicArn: string,
  name: string,
  service: EcsService,
  target: { readonly group: LbTargetGroup; readonly loadBalancer: string } | undefined,
): MetricAlarm[] {
  const dimensions = { ClusterName: c.names.ecsCluster, ServiceName: name };
  const insights = (metricName: string) => ({ namespace: "ECS/ContainerInsights", metricName, dimensions, statistic: "Average" });
  const own = { ...common(c, topicArn, `${c.names.prefix}-${name}`), idPrefix: `${name}_` };
  const alarms = catalogueAlarms(scope, {
    ...own,
    watched: service,
    metrics: [
      ["ecsCpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions, statistic: "Average" }],
      ["ecsMemory", { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions, statistic: "Average" }],
      ["ecsRunningTasks", { expression: "desired - running", label: "tasks missing", metrics: { desired: insights("DesiredTaskCount"), running: insights("RunningTaskCount") } }],
    ],
  });
  if (!target) return alarms;
  const elb = (metricName: string, statistic: string) => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: target.loadBalancer, TargetGroup: target.group.arnSuffix }, statistic });
  return [
    ...alarms,
    ...catalogueAlarms(scope, {
      ...own,
      watched: target.group,
      metrics: [
        ["targetErrors", elb("HTTPCode_Target_5XX_Count", "Sum")],
        ["unhealthyTargets", elb("UnHealthyHostCount", "Maximum")],
        ["targetLatencyP90", elb("TargetResponseTime", "p90")],
        ["targetClientErrors", shareOfRequests(elb("HTTPCode_Target_4XX_Count", "Sum"), elb("RequestCount", "Sum"), 20, "4xx (% of requests)")],
      ],
    }),
  ];
}

/** The load balancer's own errors (`load_balancer_errors_alarm`) and rejected connections (`load_balancer_rejected_connections_alarm`). */
export function loadBalancerAlarms(scope: Construct, c: Config, topicArn: string, lb: Lb): MetricAlarm[] {
  const metric = (metricName: string) => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: lb.arnSuffix }, statistic: "Sum" });
  const own = { ...common(c, topicArn, `${c.names.prefix}-alb`), watched: lb };
  return [
    ...catalogueAlarms(scope, { ...own, idPrefix: "", metrics: [["loadBalancerErrors", metric("HTTPCode_ELB_5XX_Count")]] }),
    ...catalogueAlarms(scope, { ...own, idPrefix: "load_balancer_", metrics: [["rejectedConnections", metric("RejectedConnectionCount")]] }),
  ];
}

/** An App Runner service's 5xx and p90 request latency (App Runner reports milliseconds). */
export function appRunnerAlarms(scope: Construct, c: Config, topicArn: string, name: string, service: ApprunnerService): MetricAlarm[] {
  const metric = (metricName: string, statistic: string) => ({ namespace: "AWS/AppRunner", metricName, dimensions: { ServiceName: service.serviceName, ServiceID: service.serviceId }, statistic });
  return catalogueAlarms(scope, {
    ...common(c, topicArn, `${c.names.prefix}-${name}`),
    idPrefix: `${name}_`,
    watched: service,
    metrics: [
      ["appRunnerErrors", metric("5xxStatusResponses", "Sum")],
      ["appRunnerLatencyP90", { expression: "latency / 1000", label: "p90 latency (s)", metrics: { latency: metric("RequestLatency", "p90") } }],
    ],
  });
}

/** A deployment the circuit breaker stopped (and rolled back) is a failure event for a person. */
export function deploymentAlert(scope: Construct, c: Config, topicArn: string): EventAlert {
  return new EventAlert(scope, "deployment_failures", {
    name: `${c.names.prefix}-deployment-failures`,
    description: `Failed deployments of ECS services in ${c.names.ecsCluster}`,
    eventPattern: {
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [{ prefix: `arn:${c.partition}:ecs:${c.region}:${c.accountId}:service/${c.names.ecsCluster}/` }],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    },
    topicArn,
    message: { paths: { service: "$.resources[0]", deployment: "$.detail.deploymentId", reason: "$.detail.reason" }, template: "ECS deployment <deployment> of <service> failed and was rolled back: <reason>" },
  });
}
