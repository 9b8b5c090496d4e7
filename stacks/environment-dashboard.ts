/**
 * The environment's one CloudWatch dashboard, in the last phase because only it
 * sees every other phase's resources (through their contracts): a section per
 * service, then the load balancer, the database, the cache, Batch jobs, the CDN
 * and, in every environment, the alerts.
 */
import type { Construct } from "constructs";
import { alarmFacts } from "../config/alarms";
import { postgresMaxConnections } from "../config/database-limits";
import type { ResolvedConfig } from "../config/defaults";
import type { Cdn } from "../constructs/edge/cdn";
import { Dashboard } from "../constructs/dashboard/dashboard";
import { alertsSection, appRunnerSection, batchSection, cacheSection, cdnSection, databaseSection, ecsServiceSection, loadBalancerSection } from "../constructs/dashboard/sections";
import { select, type FoundationContract, type ServicesContract } from "./contracts";
import type { Upstream } from "./upstream";

/** The edge as the dashboard sees it: the distribution, and whether its alarm notifies a us-east-1 copy of the alert topic. */
export interface EdgeAlarmsTarget {
  readonly cdn: Cdn;
  readonly usEast1AlertTopic: boolean;
}

export function environmentDashboard(
  scope: Construct,
  c: ResolvedConfig,
  foundation: Upstream<typeof FoundationContract>,
  services: Upstream<typeof ServicesContract>,
  edge: EdgeAlarmsTarget | undefined,
): Dashboard {
  const ctx = { region: c.region, alarms: c.alarms, stage: c.stage, facts: alarmFacts(c) };
  const cluster = services.get("ecs_cluster_name");
  const loadBalancer = services.get("load_balancer_arn_suffix");
  const web = new Set(select.webServices(c));
  const sections = [
    ...c.services.flatMap((s) => {
      if (s.compute === "apprunner") {
        return [appRunnerSection(ctx, { name: s.name, serviceName: c.names.appRunnerService(s.name), serviceId: services.lookup("apprunner_service_ids", s.name) })];
      }
      if (s.compute !== "ecs" || s.kind === "task") return [];
      const target = web.has(s.name) ? { loadBalancer, targetGroup: services.lookup("target_group_arn_suffixes", s.name) } : undefined;
      return [ecsServiceSection(ctx, { name: s.name, serviceName: services.lookup("ecs_service_names", s.name), cluster, target })];
    }),
    ...(web.size > 0 ? [loadBalancerSection(ctx, { loadBalancer })] : []),
    ...(c.database
      ? [databaseSection(ctx, { identifier: foundation.get("database_identifier"), allocatedStorageGb: c.database.allocatedStorageGb, maxConnections: postgresMaxConnections(c.database.instanceClass) })]
      : []),
    ...(c.cache ? [cacheSection(ctx, { nodes: Object.fromEntries(select.cacheNodes(c).map((n) => [n, foundation.lookup("cache_node_ids", n)])) })] : []),
    ...(select.jobs(c).length > 0 ? [batchSection(ctx, { failureRules: Object.fromEntries(select.jobs(c).map((j) => [j, services.lookup("batch_job_failure_rules", j)])) })] : []),
    ...(edge ? [cdnSection(ctx, { distributionId: edge.cdn.distribution.id })] : []),
    // Last, and in every environment: the dashboard (and its output) exists before anything runs.
    alertsSection(ctx, { topicName: c.names.alertTopic, usEast1Copy: edge?.usEast1AlertTopic ?? false }),
  ];
  return new Dashboard(scope, "dashboard", { name: c.names.prefix, region: c.region, partition: c.partition, sections });
}
