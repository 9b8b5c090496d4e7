import type { Resource, StackModel } from "../../model";
import type { StackRule, Violation } from "../../types";
import { blocks, num, refersTo, str, UNKNOWN } from "../../values";

/** One metric an alarm watches: its namespace, name and dimensions. */
interface Watched {
  readonly namespace: unknown;
  readonly metric: unknown;
  readonly dimensions: Readonly<Record<string, unknown>>;
}

/** Every metric of every alarm of the stack, plain or inside a metric query. */
function watchedMetrics(stack: StackModel): Watched[] {
  return stack.ofType("aws_cloudwatch_metric_alarm").flatMap((a) => [
    { namespace: a.values.namespace, metric: a.values.metric_name, dimensions: (a.values.dimensions ?? {}) as Record<string, unknown> },
    ...blocks(a.values.metric_query).flatMap((q) =>
      blocks(q.metric).map((m) => ({ namespace: m.namespace, metric: m.metric_name, dimensions: (m.dimensions ?? {}) as Record<string, unknown> })),
    ),
  ]);
}

/** A dimension equal to a known value, or a reference to the resource's attribute (`${aws_lb.x.arn_suffix}`). */
type Matcher = (value: unknown) => boolean;
const equals = (expected: unknown): Matcher => (v) => expected !== undefined && expected !== UNKNOWN && v === expected;
const references = (r: Resource): Matcher => (v) => refersTo(v, r.address);
/** Its name as a literal, or a reference to the resource (`${aws_apprunner_service.api.service_name}`). */
const named = (r: Resource, attribute: string): Matcher => (v) => equals(str(r.values[attribute]))(v) || references(r)(v);

interface Requirement {
  readonly type: string;
  readonly namespace: string;
  readonly metrics: readonly string[];
  /** The dimension that names the resource, and how each instance of it is recognized (one per node for a cache). */
  readonly dimension: string;
  /** Every dimension the metric is published with: an alarm with fewer or others watches a metric that does not exist. */
  readonly dimensions: readonly string[];
  /** Another full set AWS publishes the metric with (ElastiCache: per cache node too). */
  readonly alsoDimensions?: readonly string[];
  /** Dimensions with a fixed value (CloudFront's `Region: Global`). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** UNKNOWN when the instances are only known after apply (never taken as compliant). */
  readonly instances: (r: Resource) => Array<{ readonly label: string; readonly matches: Matcher }> | typeof UNKNOWN;
}

const one = (label: string, matches: Matcher) => [{ label, matches }];

/** The core alarms of each serving or stateful resource type: the failures its users see first. */
export const CORE_ALARMS: readonly Requirement[] = [
  { type: "aws_db_instance", namespace: "AWS/RDS", metrics: ["CPUUtilization", "FreeStorageSpace"], dimension: "DBInstanceIdentifier", dimensions: ["DBInstanceIdentifier"], instances: (r) => one("the instance", named(r, "identifier")) },
  {
    type: "aws_elasticache_replication_group",
    namespace: "AWS/ElastiCache",
    metrics: ["EngineCPUUtilization", "DatabaseMemoryUsagePercentage"],
    dimension: "CacheClusterId",
    dimensions: ["CacheClusterId"],
    alsoDimensions: ["CacheClusterId", "CacheNodeId"],
    instances: (r) => {
      const group = str(r.values.replication_group_id);
      const count = num(r.values.num_cache_clusters);
      if (typeof group !== "string" || typeof count !== "number") return UNKNOWN;
      return Array.from({ length: count }, (_, i) => `${group}-${String(i + 1).padStart(3, "0")}`).map((id) => ({ label: `node ${id}`, matches: equals(id) }));
    },
  },
  { type: "aws_ecs_service", namespace: "AWS/ECS", metrics: ["CPUUtilization", "MemoryUtilization"], dimension: "ServiceName", dimensions: ["ClusterName", "ServiceName"], instances: (r) => one("the service", named(r, "name")) },
  { type: "aws_lb", namespace: "AWS/ApplicationELB", metrics: ["HTTPCode_ELB_5XX_Count"], dimension: "LoadBalancer", dimensions: ["LoadBalancer"], instances: (r) => one("the load balancer", references(r)) },
  { type: "aws_lb_target_group", namespace: "AWS/ApplicationELB", metrics: ["HTTPCode_Target_5XX_Count", "UnHealthyHostCount"], dimension: "TargetGroup", dimensions: ["LoadBalancer", "TargetGroup"], instances: (r) => one("the target group", references(r)) },
  { type: "aws_apprunner_service", namespace: "AWS/AppRunner", metrics: ["5xxStatusResponses"], dimension: "ServiceName", dimensions: ["ServiceID", "ServiceName"], instances: (r) => one("the service", named(r, "service_name")) },
  { type: "aws_cloudfront_distribution", namespace: "AWS/CloudFront", metrics: ["5xxErrorRate"], dimension: "DistributionId", dimensions: ["DistributionId", "Region"], fixed: { Region: "Global" }, instances: (r) => one("the distribution", references(r)) },
];

export const coreAlarms: StackRule = {
  id: "CW-02",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Every serving or stateful resource must have its core alarms (AWS's recommended alarms), in the same stack, on the metric as AWS publishes it (all its dimensions)",
  rationale:
    "A database out of storage, a cache out of memory, a service out of CPU or answering 5xx, unhealthy targets: without an alarm users report them first. The core alarms are the failures users notice; the platform adds more (config/alarms.ts).",
  fix: "Keep the catalogue's alarms on (alarms.<kind>); switching one off takes a reason, which the platform records as a suppression of this rule on the resource.",
  checkStack({ stack }) {
    const watched = watchedMetrics(stack);
    const out: Violation[] = [];
    for (const req of CORE_ALARMS) {
      for (const r of stack.ofType(req.type)) {
        const instances = req.instances(r);
        if (instances === UNKNOWN) {
          out.push({ address: r.address, detail: "its nodes are only known after apply, so their alarms cannot be checked", unknown: true });
          continue;
        }
        for (const instance of instances) {
          const sets = [req.dimensions, ...(req.alsoDimensions ? [req.alsoDimensions] : [])].map((d) => [...d].sort().join());
          const complete = (w: Watched) => sets.includes(Object.keys(w.dimensions).sort().join()) && Object.entries(req.fixed ?? {}).every(([k, v]) => w.dimensions[k] === v);
          const missing = req.metrics.filter((metric) => !watched.some((w) => w.namespace === req.namespace && w.metric === metric && complete(w) && instance.matches(w.dimensions[req.dimension])));
          if (missing.length > 0) out.push({ address: r.address, detail: `no alarm on ${missing.map((m) => `${req.namespace} ${m}`).join(", ")} of ${instance.label}` });
        }
      }
    }
    return out;
  },
};
