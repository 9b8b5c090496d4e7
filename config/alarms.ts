/**
 * The alarms the platform sets on what it runs, from AWS's recommended alarms:
 * each with its metric, statistic, threshold, period, evaluation window and how
 * missing data counts, chosen so an alarm fires on a real problem and stays
 * quiet otherwise (e.g. running tasks are compared with the desired count, so a
 * schedule that scales to zero at night raises nothing). An environment may
 * change a threshold or window, or switch an alarm off with a written reason
 * (`alarms.<kind>`).
 */
import { z } from "zod";
import { KNOWN_CLASS_FAMILIES, postgresMaxConnections } from "./database-limits";
import type { Rule, RuleIssue } from "./rules";
import type { Stage } from "./schema";

export const ALARM_KINDS = [
  "ecsCpu",
  "ecsMemory",
  "ecsRunningTasks",
  "targetErrors",
  "unhealthyTargets",
  "targetLatencyP90",
  "targetClientErrors",
  "loadBalancerErrors",
  "rejectedConnections",
  "databaseCpu",
  "databaseFreeStorage",
  "databaseFreeableMemory",
  "databaseReadLatency",
  "databaseWriteLatency",
  "databaseConnections",
  "cacheCpu",
  "cacheEngineCpu",
  "cacheMemory",
  "cacheEvictions",
  "cacheConnections",
  "cacheReplicationLag",
  "appRunnerErrors",
  "appRunnerLatencyP90",
  "cdnErrorRate",
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export interface AlarmSpec {
  /** What the alarm means, for its description and the README. */
  readonly summary: string;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  /** How many periods in a row must breach (every one of them). */
  readonly evaluationPeriods: number;
  readonly treatMissingData: "missing" | "notBreaching" | "breaching" | "ignore";
  readonly unit: string;
  /**
   * Where a stage differs from the catalogue: dev runs the smallest sizes hot and
   * needs no page for a few errors; prod wants errors and a filling disk sooner.
   */
  readonly byStage?: Partial<Record<Stage, { readonly threshold?: number; readonly evaluationPeriods?: number }>>;
  /** The threshold while RDS storage autoscaling is on (it grows the disk at 10 % free): below that point, not at it. */
  readonly whenStorageAutoscales?: number;
}

/** What an environment runs that changes an alarm's default. */
export interface AlarmFacts {
  /** The database's storage grows by itself (`maxAllocatedStorageGb` above `allocatedStorageGb`). */
  readonly storageAutoscaling?: boolean;
}

/**
 * What an environment runs that changes an alarm's default, from its config.
 */
export function alarmFacts(c: { readonly database?: { readonly allocatedStorageGb: number; readonly maxAllocatedStorageGb?: number } }): AlarmFacts {
  const db = c.database;
  return { storageAutoscaling: db !== undefined && (db.maxAllocatedStorageGb ?? 0) > db.allocatedStorageGb };
}

/** dev 25, staging 10, prod 5 errors per 5 minutes. */
const ERRORS_BY_STAGE = { dev: { threshold: 25 }, prod: { threshold: 5 } } as const;
/** dev 90 %, elsewhere 80 %. */
const BUSY_BY_STAGE = { dev: { threshold: 90 } } as const;

export const ALARM_CATALOG: Readonly<Record<AlarmKind, AlarmSpec>> = {
  ecsCpu: { summary: "average CPU of the service's tasks above the threshold", comparison: "GreaterThanThreshold", threshold: 80, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "%", byStage: BUSY_BY_STAGE },
  ecsMemory: { summary: "average memory of the service's tasks above the threshold", comparison: "GreaterThanThreshold", threshold: 80, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "%", byStage: BUSY_BY_STAGE },
  ecsRunningTasks: { summary: "fewer tasks running than desired (tasks failing to start or to stay up)", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 60, evaluationPeriods: 10, treatMissingData: "notBreaching", unit: "tasks" },
  targetErrors: { summary: "5xx responses from the service's tasks", comparison: "GreaterThanThreshold", threshold: 10, periodSeconds: 300, evaluationPeriods: 2, treatMissingData: "notBreaching", unit: "responses per 5 minutes", byStage: ERRORS_BY_STAGE },
  unhealthyTargets: { summary: "tasks failing the load balancer's health check", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 60, evaluationPeriods: 5, treatMissingData: "notBreaching", unit: "tasks" },
  targetLatencyP90: { summary: "p90 response time of the service above the threshold (seed 001: 5 s)", comparison: "GreaterThanThreshold", threshold: 5, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "seconds" },
  loadBalancerErrors: { summary: "5xx the load balancer answers itself (no healthy target, timeouts)", comparison: "GreaterThanThreshold", threshold: 10, periodSeconds: 300, evaluationPeriods: 2, treatMissingData: "notBreaching", unit: "responses per 5 minutes", byStage: ERRORS_BY_STAGE },
  databaseCpu: { summary: "average CPU of the database above the threshold", comparison: "GreaterThanThreshold", threshold: 80, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "%", byStage: BUSY_BY_STAGE },
  databaseFreeStorage: { summary: "free storage of the database below the threshold (before storage autoscaling catches up)", comparison: "LessThanThreshold", threshold: 10, periodSeconds: 300, evaluationPeriods: 2, treatMissingData: "missing", unit: "% of allocatedStorageGb", whenStorageAutoscales: 5 },
  databaseFreeableMemory: { summary: "memory left to the database below the threshold", comparison: "LessThanThreshold", threshold: 128, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "MiB" },
  databaseReadLatency: { summary: "average read latency of the database above the threshold", comparison: "GreaterThanThreshold", threshold: 0.02, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "seconds" },
  databaseWriteLatency: { summary: "average write latency of the database above the threshold", comparison: "GreaterThanThreshold", threshold: 0.02, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "seconds" },
  targetClientErrors: { summary: "share of the service's requests answered 4xx (counted from 20 requests per period on)", comparison: "GreaterThanThreshold", threshold: 10, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "% of requests" },
  databaseConnections: { summary: "connections to the database near its max_connections (estimated from the instance class's memory)", comparison: "GreaterThanThreshold", threshold: 80, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "% of max_connections" },
  cacheCpu: { summary: "host CPU of a cache node above the threshold", comparison: "GreaterThanThreshold", threshold: 90, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "%" },
  cacheEngineCpu: { summary: "Redis engine thread CPU of a cache node above the threshold (Redis runs commands on one core)", comparison: "GreaterThanThreshold", threshold: 90, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "%" },
  cacheMemory: { summary: "memory of a cache node in use above the threshold (evictions follow)", comparison: "GreaterThanThreshold", threshold: 80, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "% of maxmemory" },
  cacheEvictions: { summary: "keys a cache node evicted to make room", comparison: "GreaterThanThreshold", threshold: 100, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "keys per 5 minutes" },
  cacheConnections: { summary: "client connections of a cache node above the threshold (a pool that leaks)", comparison: "GreaterThanThreshold", threshold: 1000, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing", unit: "connections" },
  cacheReplicationLag: { summary: "a replica behind its primary (a failover would lose writes)", comparison: "GreaterThanThreshold", threshold: 5, periodSeconds: 60, evaluationPeriods: 5, treatMissingData: "notBreaching", unit: "seconds" },
  appRunnerErrors: { summary: "5xx responses of the App Runner service", comparison: "GreaterThanThreshold", threshold: 10, periodSeconds: 300, evaluationPeriods: 2, treatMissingData: "notBreaching", unit: "responses per 5 minutes", byStage: ERRORS_BY_STAGE },
  appRunnerLatencyP90: { summary: "p90 request latency of the App Runner service above the threshold", comparison: "GreaterThanThreshold", threshold: 5, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "seconds" },
  cdnErrorRate: { summary: "share of the CDN's requests answered 5xx (counted from 20 requests per period on)", comparison: "GreaterThanThreshold", threshold: 5, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "notBreaching", unit: "% of requests" },
  rejectedConnections: { summary: "connections the load balancer rejected (at its connection limit)", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 300, evaluationPeriods: 1, treatMissingData: "notBreaching", unit: "connections per 5 minutes" },
};

/**
 * The alarms policy rule CW-02 requires of every serving or stateful resource
 * (the failures users notice first). Switching one off records its reason as a
 * suppression of CW-02 on the resource.
 */
export const CORE_ALARM_KINDS: ReadonlySet<AlarmKind> = new Set<AlarmKind>([
  "ecsCpu",
  "ecsMemory",
  "targetErrors",
  "unhealthyTargets",
  "loadBalancerErrors",
  "databaseCpu",
  "databaseFreeStorage",
  "cacheEngineCpu",
  "cacheMemory",
  "appRunnerErrors",
  "cdnErrorRate",
]);

const AlarmOverrideSchema = z
  .object({
    threshold: z.number().min(0).optional().describe("The value that raises the alarm, in the alarm's unit"),
    evaluationPeriods: z.number().int().min(1).max(100).optional().describe("How many periods in a row must breach"),
    enabled: z.boolean().default(true).describe("false switches the alarm off (give a reason)"),
    reason: z.string().trim().min(10, "say why, in at least 10 characters").optional().describe("Why the alarm is changed or off; shown in the README's spirit of policy suppressions"),
  })
  .strict()
  .refine((o) => o.enabled || o.reason !== undefined, { message: "an alarm switched off needs a reason", path: ["reason"] });

export const AlarmsSchema = z
  .partialRecord(z.enum(ALARM_KINDS), AlarmOverrideSchema)
  .default({})
  .describe("Per alarm kind: a threshold or evaluation window of this environment, or enabled: false with a reason. @default {} (the catalogue's values for the stage)");

export type AlarmsConfig = z.output<typeof AlarmsSchema>;

/**
 * The alarm an environment gets: the catalogue's, then its stage's values, then
 * what it runs (storage autoscaling), then the environment's own (`alarms.<kind>`);
 * undefined when switched off.
 */
export function alarmSpec(kind: AlarmKind, overrides: AlarmsConfig, stage: Stage, facts: AlarmFacts = {}): AlarmSpec | undefined {
  const o = overrides[kind];
  if (o && !o.enabled) return undefined;
  const base = ALARM_CATALOG[kind];
  const staged = base.byStage?.[stage];
  const autoscaled = facts.storageAutoscaling ? base.whenStorageAutoscales : undefined;
  return {
    ...base,
    threshold: o?.threshold ?? autoscaled ?? staged?.threshold ?? base.threshold,
    evaluationPeriods: o?.evaluationPeriods ?? staged?.evaluationPeriods ?? base.evaluationPeriods,
  };
}

/** `ecsCpu` → `ecs_cpu`: the kind in construct ids (Terraform addresses). */
export function alarmId(kind: string): string {
  return kind.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`);
}

/** `ecsCpu` → `ecs-cpu`: the kind in alarm names. */
export function alarmName(kind: string): string {
  return alarmId(kind).replace(/_/g, "-");
}

/**
 * What one alarm's schema cannot see: a share above 100 %, and the database's
 * connection alarm on an instance class whose limit the platform does not know.
 */
export const alarmIssues: Rule = (cfg) => {
  const issues: RuleIssue[] = [];
  for (const kind of ALARM_KINDS) {
    const threshold = cfg.alarms?.[kind]?.threshold;
    if (threshold !== undefined && ALARM_CATALOG[kind].unit.startsWith("%") && threshold > 100) {
      issues.push({ path: ["alarms", kind, "threshold"], message: `is a share (${ALARM_CATALOG[kind].unit}): at most 100; got ${threshold}` });
    }
  }
  const instanceClass = cfg.database?.instanceClass;
  if (instanceClass && cfg.alarms?.databaseConnections?.enabled !== false && postgresMaxConnections(instanceClass) === undefined) {
    issues.push({
      path: ["database", "instanceClass"],
      message: `the connection alarm needs the max_connections of ${instanceClass}, which the platform does not know (it knows ${KNOWN_CLASS_FAMILIES}); use one of those, or set alarms.databaseConnections: {enabled: false, reason: …}`,
    });
  }
  return issues;
};
