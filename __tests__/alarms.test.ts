/**
 * The alarm catalogue (config/alarms.ts) on what the platform runs: each ECS
 * service's CPU, memory and missing tasks, its targets' 5xx, 4xx share,
 * unhealthy targets and p90 response time behind the load balancer, and the load
 * balancer's own 5xx and rejected connections (services phase); the database and
 * every cache node (foundation); App Runner's 5xx and p90 latency; the CDN's 5xx
 * share (frontend, in us-east-1). Every alarm tells the alert topic when it fires
 * and when it recovers. Thresholds and windows change per environment; an alarm
 * switched off needs a reason, and a core alarm switched off is recorded as a
 * suppression of policy rule CW-02 on what it watched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { ALARM_CATALOG, alarmFacts, alarmSpec, type AlarmsConfig } from "../config/alarms";
import { agenticAsProd, devWith, exampleText, lineOf, onlyProblem, problemsOf, prodWith, stagingWith } from "./support/config-text";
import { configs, remote, res, synthOf as synth } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";
import { FoundationStack } from "../stacks/foundation-stack";
import { FrontendStack } from "../stacks/frontend-stack";
import { PolicyError, synthesize } from "../stacks/synthesize";
import { evaluate, type PolicyReport } from "../policy/engine";
import { StackModel, SUPPRESSIONS_KEY, type StackJson } from "../policy/model";
import { coreAlarms } from "../policy/rules/cloudwatch/core-alarms";
import { CORE_ALARMS } from "./policy/rule-cases";

const TOPIC = remote("alert_topic_arn");
const prod = synth(configs.prod);
const alarms = (j: ReturnType<typeof synth>) => (res(j).aws_cloudwatch_metric_alarm ?? {}) as Record<string, Record<string, any>>;
const load = (text: string, env = "dev") => parseEnvironment(text, env, `${env}.yaml`, {});
const frontendOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FrontendStack(Testing.app(), { config }))) as TerraformJson;
/** The config in another region than us-east-1, where CloudFront's metrics are not. */
const inEuWest1 = (c: ResolvedConfig): ResolvedConfig => ({ ...c, region: "eu-west-1", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
const agentic = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });
/** The agentic example (api and web on App Runner) with a change to its YAML. */
const agenticWith = (change: (doc: any) => void): ResolvedConfig => {
  const doc = parseYaml(exampleText("agentic"));
  change(doc);
  return parseEnvironment(stringify(doc), "agentic", "config/examples/agentic.yaml", {});
};

/**
 * Synthesis as main.ts runs it (policy checks included): the report, also when the checks fail, and each stack's
 * JSON with its `//` metadata (where suppressions are written). A failed check leaves no output to read.
 */
function checked(config: ResolvedConfig): { report: PolicyReport; json: (stack: string) => Record<string, any> } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alarms-policy-")), "cdktf.out");
  let report: PolicyReport;
  try {
    report = synthesize(config, { outdir: out });
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    report = e.report;
  }
  return { report, json: (stack) => JSON.parse(fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8")) };
}
const findings = (report: PolicyReport) => [...report.errors, ...report.warnings].map((f) => `${f.ruleId} ${f.stack} ${f.address}: ${f.detail}`);
const suppressionsOf = (resource: Record<string, any>) => resource["//"]?.[SUPPRESSIONS_KEY];

describe("ECS services", () => {
  it("every running service gets CPU, memory and missing-task alarms; web services behind the load balancer also 5xx, 4xx share, unhealthy targets and p90 latency", () => {
    expect(Object.keys(alarms(prod)).sort()).toEqual([
      "api_ecs_cpu_alarm",
      "api_ecs_memory_alarm",
      "api_ecs_running_tasks_alarm",
      "api_target_client_errors_alarm",
      "api_target_errors_alarm",
      "api_target_latency_p90_alarm",
      "api_unhealthy_targets_alarm",
      "load_balancer_errors_alarm",
      "load_balancer_rejected_connections_alarm",
      "qdrant_ecs_cpu_alarm",
      "qdrant_ecs_memory_alarm",
      "qdrant_ecs_running_tasks_alarm",
      "worker_ecs_cpu_alarm",
      "worker_ecs_memory_alarm",
      "worker_ecs_running_tasks_alarm",
    ]);
  });

  it("CPU: average above 80 % for three 5-minute periods, to the alert topic and back", () => {
    expect(alarms(prod).api_ecs_cpu_alarm).toMatchObject({
      alarm_name: "acme-ai-prod-api-ecs-cpu",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "acme-ai-prod", ServiceName: "api" },
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: "missing",
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  it("missing tasks compare desired with running (Container Insights): a schedule that scales to zero raises nothing", () => {
    const a = alarms(synth(configs.dev)).api_ecs_running_tasks_alarm;
    expect(a.metric_query.map((q: { id: string; expression?: string }) => [q.id, q.expression])).toEqual([
      ["result", "desired - running"],
      ["desired", undefined],
      ["running", undefined],
    ]);
    expect(a.metric_query.slice(1).map((q: { metric: Record<string, unknown> }) => q.metric)).toEqual([
      { namespace: "ECS/ContainerInsights", metric_name: "DesiredTaskCount", dimensions: { ClusterName: "acme-ai-dev", ServiceName: "api" }, period: 60, stat: "Average" },
      { namespace: "ECS/ContainerInsights", metric_name: "RunningTaskCount", dimensions: { ClusterName: "acme-ai-dev", ServiceName: "api" }, period: 60, stat: "Average" },
    ]);
    expect([a.threshold, a.evaluation_periods, a.treat_missing_data]).toEqual([0, 10, "notBreaching"]);
  });

  it("p90 response time above 5 s (seed 001) is an extended statistic of the target group", () => {
    expect(alarms(prod).api_target_latency_p90_alarm).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "TargetResponseTime",
      dimensions: { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}", TargetGroup: "${aws_lb_target_group.load_balancer_api_target_group.arn_suffix}" },
      extended_statistic: "p90",
      threshold: 5,
    });
    expect(alarms(prod).api_target_latency_p90_alarm).not.toHaveProperty("statistic");
  });

  it("the load balancer's own 5xx (prod's stage value: above 5) and rejected connections", () => {
    expect([alarms(prod).load_balancer_errors_alarm, alarms(prod).load_balancer_rejected_connections_alarm].map((a) => [a.alarm_name, a.metric_name, a.statistic, a.threshold, a.dimensions])).toEqual([
      ["acme-ai-prod-alb-load-balancer-errors", "HTTPCode_ELB_5XX_Count", "Sum", 5, { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}" }],
      ["acme-ai-prod-alb-rejected-connections", "RejectedConnectionCount", "Sum", 0, { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}" }],
    ]);
  });

  it("every alarm says what it watches, with its threshold and window", () => {
    expect(alarms(prod).api_ecs_memory_alarm.alarm_description).toBe("average memory of the service's tasks above the threshold: above 80 % for 3 × 5 min");
  });

  it("4xx share: 100 * 4xx / requests of the target group, 0 below 20 requests per 5 minutes, above 10 % for three periods", () => {
    const tg = { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}", TargetGroup: "${aws_lb_target_group.load_balancer_api_target_group.arn_suffix}" };
    expect(alarms(prod).api_target_client_errors_alarm).toEqual({
      alarm_name: "acme-ai-prod-api-target-client-errors",
      alarm_description: "share of the service's requests answered 4xx (counted from 20 requests per period on): above 10 % of requests for 3 × 5 min",
      comparison_operator: "GreaterThanThreshold",
      threshold: 10,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: "notBreaching",
      actions_enabled: true,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      metric_query: [
        { id: "result", expression: "IF(requests >= 20, 100 * part / requests, 0)", label: "4xx (% of requests)", return_data: true },
        { id: "part", return_data: false, metric: { namespace: "AWS/ApplicationELB", metric_name: "HTTPCode_Target_4XX_Count", dimensions: tg, period: 300, stat: "Sum" } },
        { id: "requests", return_data: false, metric: { namespace: "AWS/ApplicationELB", metric_name: "RequestCount", dimensions: tg, period: 300, stat: "Sum" } },
      ],
    });
  });

  it("services without a target group (worker, qdrant) get no target alarms", () => {
    expect(Object.keys(alarms(prod)).filter((k) => /^(worker|qdrant)_/.test(k) && !/_ecs_/.test(k))).toEqual([]);
  });
});

describe("changing an alarm per environment", () => {
  it("a threshold and a window from the config replace the catalogue's, for every service", () => {
    const c = load(prodWith((d) => (d.alarms = { ecsCpu: { threshold: 90, evaluationPeriods: 6, reason: "batch-like bursts are normal" } })), "prod");
    const a = alarms(synth(c));
    expect([a.api_ecs_cpu_alarm, a.worker_ecs_cpu_alarm].map((x) => [x.threshold, x.evaluation_periods, x.datapoints_to_alarm])).toEqual([
      [90, 6, 6],
      [90, 6, 6],
    ]);
    // memory keeps prod's stage value
    expect(a.api_ecs_memory_alarm.threshold).toBe(80);
  });

  it("an alarm switched off with a reason is not created", () => {
    const c = load(devWith((d) => (d.alarms = { targetLatencyP90: { enabled: false, reason: "the api streams long answers by design" } })));
    expect(Object.keys(alarms(synth(c)))).not.toContain("api_target_latency_p90_alarm");
    expect(Object.keys(alarms(synth(c)))).toContain("api_target_errors_alarm");
  });

  it("switching an alarm off without a reason is refused at the line", () => {
    const text = devWith((d) => (d.alarms = { ecsMemory: { enabled: false } }));
    expect(onlyProblem(text)).toEqual({ path: "alarms.ecsMemory.reason", message: "an alarm switched off needs a reason", line: lineOf(text, "ecsMemory:"), column: expect.any(Number) });
  });

  it("an unknown alarm kind is refused, naming the kinds there are", () => {
    const problem = onlyProblem(devWith((d) => (d.alarms = { cpu: { threshold: 1 } })));
    expect(problem.path).toBe("alarms.cpu");
    expect(problem.message).toContain("ecsCpu");
  });

  it("thresholds and windows of the new kinds reach their alarms: every cache node, the database's connections, the 4xx share", () => {
    const c = load(
      prodWith(
        (d) =>
          (d.alarms = {
            cacheMemory: { threshold: 70, evaluationPeriods: 5, reason: "evictions hurt the session store early" },
            databaseConnections: { threshold: 90 },
            targetClientErrors: { threshold: 25, evaluationPeriods: 6 },
          }),
      ),
      "prod",
    );
    const f = alarms(synth(c, FoundationStack));
    const s = alarms(synth(c));
    const window = (a: Record<string, any>) => [a.threshold, a.evaluation_periods, a.datapoints_to_alarm];
    expect([f.cache_memory_001_alarm, f.cache_memory_002_alarm, f.database_connections_alarm, s.api_target_client_errors_alarm].map(window)).toEqual([
      [70, 5, 5],
      [70, 5, 5],
      [90, 3, 3],
      [25, 6, 6],
    ]);
    // the expression keeps the class's estimate; only the threshold moved
    expect(f.database_connections_alarm.metric_query[0].expression).toBe("100 * connections / 811");
    expect(f.cache_memory_001_alarm.alarm_description).toBe("memory of a cache node in use above the threshold (evictions follow): above 70 % of maxmemory for 5 × 5 min");
    // the kinds left alone keep the catalogue's values
    expect([f.cache_engine_cpu_001_alarm.threshold, f.database_cpu_alarm.threshold]).toEqual([90, 80]);
  });

  it("the CDN's threshold reaches its alarm in us-east-1", () => {
    const c = load(devWith((d) => (d.alarms = { cdnErrorRate: { threshold: 2, evaluationPeriods: 4 } })));
    const a = alarms(frontendOf(c)).cdn_error_rate_alarm;
    expect([a.threshold, a.evaluation_periods, a.datapoints_to_alarm]).toEqual([2, 4, 4]);
  });

  it("the App Runner kinds take their overrides too", () => {
    const a = alarms(synth(agenticWith((d) => (d.alarms = { appRunnerErrors: { threshold: 50 }, appRunnerLatencyP90: { evaluationPeriods: 10 } }))));
    expect([a.api_app_runner_errors_alarm, a.web_app_runner_errors_alarm, a.api_app_runner_latency_p90_alarm].map((x) => [x.threshold, x.evaluation_periods])).toEqual([
      [50, 2],
      [50, 2],
      [5, 10],
    ]);
  });
});

describe("a core alarm switched off", () => {
  const reason = "engine CPU is watched by the vendor's agent";

  it("cacheEngineCpu off: no engine CPU alarm on any node, and the reason suppresses CW-02 on the replication group; the policy check passes", () => {
    const c = load(prodWith((d) => (d.alarms = { cacheEngineCpu: { enabled: false, reason } })), "prod");
    const { report, json } = checked(c);
    expect(findings(report)).toEqual([]);
    const foundation = json("foundation").resource;
    expect(Object.keys(foundation.aws_cloudwatch_metric_alarm).filter((k) => k.startsWith("cache_engine_cpu"))).toEqual([]);
    expect(Object.keys(foundation.aws_cloudwatch_metric_alarm).filter((k) => k.startsWith("cache_memory"))).toEqual(["cache_memory_001_alarm", "cache_memory_002_alarm"]);
    expect(report.suppressed.filter((f) => f.ruleId === "CW-02").map((f) => [f.stack, f.address, f.detail, f.suppressedBecause])).toEqual([
      ["foundation", "aws_elasticache_replication_group.cache", "no alarm on AWS/ElastiCache EngineCPUUtilization of node acme-ai-prod-redis-001", `alarms.cacheEngineCpu is off: ${reason}`],
      ["foundation", "aws_elasticache_replication_group.cache", "no alarm on AWS/ElastiCache EngineCPUUtilization of node acme-ai-prod-redis-002", `alarms.cacheEngineCpu is off: ${reason}`],
    ]);
    // one suppression on the group, whatever its number of nodes
    expect(suppressionsOf(foundation.aws_elasticache_replication_group.cache)).toEqual([{ rule: "CW-02", reason: `alarms.cacheEngineCpu is off: ${reason}` }]);
  });

  it("ecsCpu off: every ECS service loses its CPU alarm and carries the suppression; the policy check passes", () => {
    const why = "CPU bursts are the normal load of this environment";
    const c = load(devWith((d) => (d.alarms = { ecsCpu: { enabled: false, reason: why } })));
    const { report, json } = checked(c);
    expect(findings(report)).toEqual([]);
    const services = json("services").resource;
    expect(Object.keys(services.aws_cloudwatch_metric_alarm).filter((k) => k.endsWith("_ecs_cpu_alarm"))).toEqual([]);
    expect(Object.keys(services.aws_cloudwatch_metric_alarm).filter((k) => k.endsWith("_ecs_memory_alarm")).sort()).toEqual(["api_ecs_memory_alarm", "worker_ecs_memory_alarm"]);
    expect(Object.fromEntries(Object.entries(services.aws_ecs_service as Record<string, any>).map(([k, v]) => [k, suppressionsOf(v)]))).toEqual({
      api_service: [{ rule: "CW-02", reason: `alarms.ecsCpu is off: ${why}` }],
      worker_service: [{ rule: "CW-02", reason: `alarms.ecsCpu is off: ${why}` }],
    });
    expect(report.suppressed.filter((f) => f.ruleId === "CW-02").map((f) => f.address).sort()).toEqual(["aws_ecs_service.api_service", "aws_ecs_service.worker_service"]);
  });

  it("cdnErrorRate off outside us-east-1: no alarm, the distribution carries the suppression, and no topic is copied to us-east-1 for nothing", () => {
    const why = "a brochure site: 5xx are the origin's alarms";
    const c = inEuWest1(load(devWith((d) => (d.alarms = { cdnErrorRate: { enabled: false, reason: why } }))));
    const { report, json } = checked(c);
    expect(findings(report)).toEqual([]);
    const frontend = json("frontend").resource;
    expect(frontend.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(suppressionsOf(frontend.aws_cloudfront_distribution.site)).toEqual([{ rule: "CW-02", reason: `alarms.cdnErrorRate is off: ${why}` }]);
    expect([frontend.aws_sns_topic, frontend.aws_kms_key]).toEqual([undefined, undefined]);
  });

  it("a kind that is not core (targetLatencyP90, cacheCpu) switched off adds no suppression", () => {
    const c = load(prodWith((d) => (d.alarms = { targetLatencyP90: { enabled: false, reason: "the api streams long answers by design" }, cacheCpu: { enabled: false, reason: "engine CPU is the one that matters" } })), "prod");
    const { report, json } = checked(c);
    expect(findings(report)).toEqual([]);
    expect(report.suppressed.filter((f) => f.ruleId === "CW-02")).toEqual([]);
    expect(suppressionsOf(json("services").resource.aws_lb_target_group.load_balancer_api_target_group)).toBeUndefined();
    expect(suppressionsOf(json("foundation").resource.aws_elasticache_replication_group.cache)).toBeUndefined();
    expect(Object.keys(json("foundation").resource.aws_cloudwatch_metric_alarm).filter((k) => k.startsWith("cache_cpu"))).toEqual([]);
  });
});

describe("the alarms' config rules", () => {
  it("a threshold above 100 for a share is refused at the threshold", () => {
    const text = devWith((d) => (d.alarms = { cacheMemory: { threshold: 120 } }));
    expect(onlyProblem(text)).toEqual({ path: "alarms.cacheMemory.threshold", message: "is a share (% of maxmemory): at most 100; got 120", line: lineOf(text, "threshold: 120"), column: expect.any(Number) });
    expect(onlyProblem(devWith((d) => (d.alarms = { ecsCpu: { threshold: 100.5 } })))).toMatchObject({ path: "alarms.ecsCpu.threshold", message: "is a share (%): at most 100; got 100.5" });
  });

  it("100 % itself, and more than 100 of a unit that is not a share, are accepted", () => {
    const c = load(devWith((d) => (d.alarms = { targetClientErrors: { threshold: 100 }, targetLatencyP90: { threshold: 120 }, cacheConnections: { threshold: 5000 } })));
    expect([c.alarms.targetClientErrors?.threshold, c.alarms.targetLatencyP90?.threshold, c.alarms.cacheConnections?.threshold]).toEqual([100, 120, 5000]);
  });

  const unknownClass = "the connection alarm needs the max_connections of db.x2g.large, which the platform does not know (it knows db.t3, db.t4g, db.m5…db.m8g, db.r5…db.r8g); use one of those, or set alarms.databaseConnections: {enabled: false, reason: …}";

  it("an instance class whose max_connections is unknown is refused at database.instanceClass", () => {
    const text = devWith((d) => (d.database.instanceClass = "db.x2g.large"));
    expect(onlyProblem(text)).toEqual({ path: "database.instanceClass", message: unknownClass, line: lineOf(text, "instanceClass:"), column: expect.any(Number) });
  });

  it("changing the connection alarm's threshold does not make the class known", () => {
    const problems = problemsOf(devWith((d) => ((d.database.instanceClass = "db.x2g.large"), (d.alarms = { databaseConnections: { threshold: 50 } }))));
    expect(problems.map((p) => [p.path, p.message])).toEqual([["database.instanceClass", unknownClass]]);
  });

  it("the unknown class is accepted with the connection alarm off and a reason: no connection alarm, no suppression (not a core kind)", () => {
    const c = load(devWith((d) => ((d.database.instanceClass = "db.x2g.large"), (d.alarms = { databaseConnections: { enabled: false, reason: "x2g is not in the platform's memory table yet" } }))));
    expect(c.database!.instanceClass).toBe("db.x2g.large");
    const f = alarms(synth(c, FoundationStack));
    expect(Object.keys(f).sort()).toEqual(["database_cpu_alarm", "database_free_storage_alarm", "database_freeable_memory_alarm", "database_read_latency_alarm", "database_write_latency_alarm"]);
  });
});

describe("the database (foundation)", () => {
  const dev = synth(configs.dev, FoundationStack);
  const a = alarms(dev);

  it("CPU, free storage, freeable memory, read and write latency, connections, each to the alert topic", () => {
    expect(Object.keys(a).sort()).toEqual([
      "database_connections_alarm",
      "database_cpu_alarm",
      "database_free_storage_alarm",
      "database_freeable_memory_alarm",
      "database_read_latency_alarm",
      "database_write_latency_alarm",
    ]);
    for (const alarm of Object.values(a)) expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([["${aws_sns_topic.alerts.arn}"], ["${aws_sns_topic.alerts.arn}"]]);
  });

  it("free storage is a share of allocatedStorageGb (20 GB in dev, growing to 100): below 5 % for two 5-minute periods", () => {
    expect([configs.dev.database!.allocatedStorageGb, configs.dev.database!.maxAllocatedStorageGb]).toEqual([20, 100]);
    expect(a.database_free_storage_alarm).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 5, evaluation_periods: 2 });
    expect(a.database_free_storage_alarm.metric_query[0]).toEqual({ id: "result", expression: "100 * free / 21474836480", label: "free storage (%)", return_data: true });
    expect(a.database_free_storage_alarm.metric_query[1].metric).toEqual({ namespace: "AWS/RDS", metric_name: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "acme-ai-dev-db" }, period: 300, stat: "Average" });
  });

  it("without storage autoscaling (maxAllocatedStorageGb equal to allocatedStorageGb) free storage alarms below 10 %", () => {
    const fixed = load(devWith((d) => (d.database.maxAllocatedStorageGb = 20)));
    expect([fixed.database!.allocatedStorageGb, fixed.database!.maxAllocatedStorageGb]).toEqual([20, 20]);
    const x = alarms(synth(fixed, FoundationStack)).database_free_storage_alarm;
    expect([x.comparison_operator, x.threshold, x.evaluation_periods, x.metric_query[0].expression, x.alarm_description]).toEqual([
      "LessThanThreshold",
      10,
      2,
      "100 * free / 21474836480",
      "free storage of the database below the threshold (before storage autoscaling catches up): below 10 % of allocatedStorageGb for 2 × 5 min",
    ]);
  });

  it("prod without storage autoscaling (100 of 100 GB) alarms below 10 % too: no stage value for free storage any more", () => {
    const fixed = load(prodWith((d) => (d.database.maxAllocatedStorageGb = 100)), "prod");
    expect([fixed.stage, fixed.database!.allocatedStorageGb, fixed.database!.maxAllocatedStorageGb]).toEqual(["prod", 100, 100]);
    const x = alarms(synth(fixed, FoundationStack)).database_free_storage_alarm;
    expect([x.threshold, x.metric_query[0].expression]).toEqual([10, "100 * free / 107374182400"]);
  });

  it("the environment's override wins over storage autoscaling's 5; an override of the window alone keeps the 5", () => {
    const tuned = alarms(synth(load(devWith((d) => (d.alarms = { databaseFreeStorage: { threshold: 8 } }))), FoundationStack)).database_free_storage_alarm;
    expect([tuned.threshold, tuned.evaluation_periods, tuned.alarm_description]).toEqual([
      8,
      2,
      "free storage of the database below the threshold (before storage autoscaling catches up): below 8 % of allocatedStorageGb for 2 × 5 min",
    ]);
    const window = alarms(synth(load(devWith((d) => (d.alarms = { databaseFreeStorage: { evaluationPeriods: 4 } }))), FoundationStack)).database_free_storage_alarm;
    expect([window.threshold, window.evaluation_periods, window.datapoints_to_alarm]).toEqual([5, 4, 4]);
  });

  it("freeable memory in MiB below 128, latencies above 20 ms", () => {
    expect(a.database_freeable_memory_alarm.metric_query[0].expression).toBe("memory / 1048576");
    expect([a.database_freeable_memory_alarm.threshold, a.database_read_latency_alarm.threshold, a.database_write_latency_alarm.threshold]).toEqual([128, 0.02, 0.02]);
    expect(a.database_read_latency_alarm).toMatchObject({ namespace: "AWS/RDS", metric_name: "ReadLatency", dimensions: { DBInstanceIdentifier: "acme-ai-dev-db" }, statistic: "Average" });
  });

  it("connections: the maximum in the period as a share of the class's estimated max_connections (811 for prod's db.m7g.large), above 80 % for three periods", () => {
    expect(alarms(synth(configs.prod, FoundationStack)).database_connections_alarm).toEqual({
      alarm_name: "acme-ai-prod-database-connections",
      alarm_description: "connections to the database near its max_connections (estimated from the instance class's memory): above 80 % of max_connections for 3 × 5 min",
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: "missing",
      actions_enabled: true,
      alarm_actions: ["${aws_sns_topic.alerts.arn}"],
      ok_actions: ["${aws_sns_topic.alerts.arn}"],
      metric_query: [
        { id: "result", expression: "100 * connections / 811", label: "connections (% of 811)", return_data: true },
        { id: "connections", return_data: false, metric: { namespace: "AWS/RDS", metric_name: "DatabaseConnections", dimensions: { DBInstanceIdentifier: "acme-ai-prod-db" }, period: 300, stat: "Maximum" } },
      ],
    });
  });

  it("each environment's class gives its own estimate: dev db.t4g.micro 84, staging db.t4g.small 197", () => {
    expect([configs.dev.database!.instanceClass, configs.staging.database!.instanceClass]).toEqual(["db.t4g.micro", "db.t4g.small"]);
    expect(a.database_connections_alarm.metric_query[0]).toEqual({ id: "result", expression: "100 * connections / 84", label: "connections (% of 84)", return_data: true });
    expect(alarms(synth(configs.staging, FoundationStack)).database_connections_alarm.metric_query[0]).toEqual({
      id: "result",
      expression: "100 * connections / 197",
      label: "connections (% of 197)",
      return_data: true,
    });
  });

  it("enhanced monitoring every 60 s in prod, through a role only RDS of this account may assume; none in dev", () => {
    const prodDb = res(synth(configs.prod, FoundationStack));
    expect(prodDb.aws_db_instance.database).toMatchObject({ monitoring_interval: 60, monitoring_role_arn: "${aws_iam_role.database_monitoring_role.arn}" });
    expect(JSON.parse(prodDb.aws_iam_role.database_monitoring_role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "333333333333" } } }],
    });
    expect(prodDb.aws_iam_role_policy_attachment.database_monitoring_role_policy.policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
    expect([res(dev).aws_db_instance.database.monitoring_interval, res(dev).aws_iam_role.database_monitoring_role]).toEqual([0, undefined]);
  });
});

describe("the cache (foundation)", () => {
  const prodF = alarms(synth(configs.prod, FoundationStack));
  const stagingF = alarms(synth(configs.staging, FoundationStack));
  const cacheAlarms = (x: Record<string, unknown>) => Object.keys(x).filter((k) => k.startsWith("cache_")).sort();

  it("prod has one replica, so two nodes: each gets host and engine CPU, memory, evictions, connections and replication lag", () => {
    expect(cacheAlarms(prodF)).toEqual([
      "cache_connections_001_alarm",
      "cache_connections_002_alarm",
      "cache_cpu_001_alarm",
      "cache_cpu_002_alarm",
      "cache_engine_cpu_001_alarm",
      "cache_engine_cpu_002_alarm",
      "cache_evictions_001_alarm",
      "cache_evictions_002_alarm",
      "cache_memory_001_alarm",
      "cache_memory_002_alarm",
      "cache_replication_lag_001_alarm",
      "cache_replication_lag_002_alarm",
    ]);
    expect(res(synth(configs.prod, FoundationStack)).aws_elasticache_replication_group.cache.num_cache_clusters).toBe(2);
  });

  it("each alarm watches its node by CacheClusterId and is named after it", () => {
    expect(cacheAlarms(prodF).map((k) => [k, prodF[k].alarm_name, prodF[k].dimensions])).toEqual(
      cacheAlarms(prodF).map((k) => {
        const node = k.match(/_(\d{3})_alarm$/)![1];
        const kind = k.slice("cache_".length, -"_001_alarm".length).replace(/_/g, "-");
        return [k, `acme-ai-prod-cache-${kind}-${node}`, { CacheClusterId: `acme-ai-prod-redis-${node}` }];
      }),
    );
    expect(prodF.cache_cpu_002_alarm).toMatchObject({ alarm_name: "acme-ai-prod-cache-cpu-002", dimensions: { CacheClusterId: "acme-ai-prod-redis-002" } });
  });

  it("metric, statistic, threshold, period, window and missing data of each kind (node 001)", () => {
    const row = (k: string) => {
      const x = prodF[`cache_${k}_001_alarm`];
      return [x.namespace, x.metric_name, x.statistic, x.comparison_operator, x.threshold, x.period, x.evaluation_periods, x.treat_missing_data];
    };
    expect(["cpu", "engine_cpu", "memory", "evictions", "connections", "replication_lag"].map(row)).toEqual([
      ["AWS/ElastiCache", "CPUUtilization", "Average", "GreaterThanThreshold", 90, 300, 3, "missing"],
      ["AWS/ElastiCache", "EngineCPUUtilization", "Average", "GreaterThanThreshold", 90, 300, 3, "missing"],
      ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", "GreaterThanThreshold", 80, 300, 3, "missing"],
      ["AWS/ElastiCache", "Evictions", "Sum", "GreaterThanThreshold", 100, 300, 3, "notBreaching"],
      ["AWS/ElastiCache", "CurrConnections", "Maximum", "GreaterThanThreshold", 1000, 300, 3, "missing"],
      ["AWS/ElastiCache", "ReplicationLag", "Maximum", "GreaterThanThreshold", 5, 60, 5, "notBreaching"],
    ]);
  });

  it("replication lag on every node (a failover swaps primary and replica), to the alert topic and back", () => {
    expect(prodF.cache_replication_lag_002_alarm).toEqual({
      alarm_name: "acme-ai-prod-cache-replication-lag-002",
      alarm_description: "a replica behind its primary (a failover would lose writes): above 5 seconds for 5 × 1 min",
      namespace: "AWS/ElastiCache",
      metric_name: "ReplicationLag",
      dimensions: { CacheClusterId: "acme-ai-prod-redis-002" },
      statistic: "Maximum",
      period: 60,
      comparison_operator: "GreaterThanThreshold",
      threshold: 5,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "notBreaching",
      actions_enabled: true,
      alarm_actions: ["${aws_sns_topic.alerts.arn}"],
      ok_actions: ["${aws_sns_topic.alerts.arn}"],
    });
  });

  it("staging's cache has a single node: the five kinds on node 001, no replication lag", () => {
    expect(res(synth(configs.staging, FoundationStack)).aws_elasticache_replication_group.cache.num_cache_clusters).toBe(1);
    expect(cacheAlarms(stagingF)).toEqual(["cache_connections_001_alarm", "cache_cpu_001_alarm", "cache_engine_cpu_001_alarm", "cache_evictions_001_alarm", "cache_memory_001_alarm"]);
    expect(stagingF.cache_memory_001_alarm.dimensions).toEqual({ CacheClusterId: "acme-ai-staging-redis-001" });
  });

  it("dev has no cache, so no cache alarms", () => {
    expect(configs.dev.cache).toBeUndefined();
    expect(cacheAlarms(alarms(synth(configs.dev, FoundationStack)))).toEqual([]);
  });

  it.each([
    ["prod", configs.prod, "acme-ai-prod-redis-001, acme-ai-prod-redis-002", '"acme-ai-prod-redis-001","acme-ai-prod-redis-002"'],
    ["staging", configs.staging, "acme-ai-staging-redis-001", '"acme-ai-staging-redis-001"'],
  ] as const)("%s: a check block asserts the replication group's member clusters are the nodes the alarms watch", (_env, config, listed, hcl) => {
    expect((synth(config, FoundationStack) as Record<string, any>).check).toEqual({
      cache_nodes_alarmed: {
        assert: [
          {
            condition: `\${toset(aws_elasticache_replication_group.cache.member_clusters) == toset([${hcl}])}`,
            error_message: `The cache's nodes are no longer ${listed} (replicas were removed and ElastiCache kept others), so alarms and dashboard graphs watch nodes that do not exist: set cache.replicas back, or re-create the cache.`,
          },
        ],
      },
    });
  });

  it("dev (no cache) has no check block", () => {
    const j = synth(configs.dev, FoundationStack) as Record<string, any>;
    expect(j.check).toBeUndefined();
    expect(Object.keys(j)).not.toContain("check");
  });

  it("a replica added in staging brings replication lag on both nodes", () => {
    const c = load(stagingWith((d) => (d.cache.replicas = 1)), "staging");
    expect(cacheAlarms(alarms(synth(c, FoundationStack))).filter((k) => k.includes("replication_lag"))).toEqual(["cache_replication_lag_001_alarm", "cache_replication_lag_002_alarm"]);
  });
});

describe("App Runner services (agentic example)", () => {
  const a = alarms(synth(agentic));

  it("each App Runner service gets 5xx and p90 latency alarms, and nothing of ECS or the load balancer", () => {
    expect(Object.keys(a).sort()).toEqual(["api_app_runner_errors_alarm", "api_app_runner_latency_p90_alarm", "web_app_runner_errors_alarm", "web_app_runner_latency_p90_alarm"]);
  });

  it("5xx: the sum over 5 minutes above 10, by service name and id", () => {
    expect(a.api_app_runner_errors_alarm).toEqual({
      alarm_name: "agentic-agentic-api-app-runner-errors",
      alarm_description: "5xx responses of the App Runner service: above 10 responses per 5 minutes for 2 × 5 min",
      namespace: "AWS/AppRunner",
      metric_name: "5xxStatusResponses",
      dimensions: { ServiceName: "${aws_apprunner_service.api.service_name}", ServiceID: "${aws_apprunner_service.api.service_id}" },
      statistic: "Sum",
      period: 300,
      comparison_operator: "GreaterThanThreshold",
      threshold: 10,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      treat_missing_data: "notBreaching",
      actions_enabled: true,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  it("p90 latency: App Runner reports milliseconds, the alarm compares seconds (latency / 1000 above 5)", () => {
    const x = a.web_app_runner_latency_p90_alarm;
    expect([x.alarm_name, x.threshold, x.evaluation_periods]).toEqual(["agentic-agentic-web-app-runner-latency-p90", 5, 3]);
    expect(x.metric_query).toEqual([
      { id: "result", expression: "latency / 1000", label: "p90 latency (s)", return_data: true },
      {
        id: "latency",
        return_data: false,
        metric: {
          namespace: "AWS/AppRunner",
          metric_name: "RequestLatency",
          dimensions: { ServiceName: "${aws_apprunner_service.web.service_name}", ServiceID: "${aws_apprunner_service.web.service_id}" },
          period: 300,
          stat: "p90",
        },
      },
    ]);
  });
});

/** The IAM policy documents of dev's frontend stack in eu-west-1 (the alert topic's us-east-1 copy). */
function inEuWest1Docs(): Record<string, { statement: Array<Record<string, unknown>> }> {
  return (frontendOf(inEuWest1(configs.dev)).data as any).aws_iam_policy_document;
}

describe("the CDN (frontend)", () => {
  const cdnQuery = [
    { id: "result", expression: "IF(requests >= 20, rate, 0)", label: "5xx (% of requests)", return_data: true },
    {
      id: "rate",
      return_data: false,
      metric: { namespace: "AWS/CloudFront", metric_name: "5xxErrorRate", dimensions: { DistributionId: "${aws_cloudfront_distribution.site.id}", Region: "Global" }, period: 300, stat: "Average" },
    },
    {
      id: "requests",
      return_data: false,
      metric: { namespace: "AWS/CloudFront", metric_name: "Requests", dimensions: { DistributionId: "${aws_cloudfront_distribution.site.id}", Region: "Global" }, period: 300, stat: "Sum" },
    },
  ];

  it("in us-east-1: the 5xx share of the distribution, 0 below 20 requests, above 5 % for three periods, to the foundation's topic", () => {
    const j = frontendOf(configs.dev);
    expect(alarms(j)).toEqual({
      cdn_error_rate_alarm: {
        alarm_name: "acme-ai-dev-cdn-error-rate",
        alarm_description: "share of the CDN's requests answered 5xx (counted from 20 requests per period on): above 5 % of requests for 3 × 5 min",
        comparison_operator: "GreaterThanThreshold",
        threshold: 5,
        evaluation_periods: 3,
        datapoints_to_alarm: 3,
        treat_missing_data: "notBreaching",
        actions_enabled: true,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        metric_query: cdnQuery,
      },
    });
    expect([res(j).aws_sns_topic, res(j).aws_kms_key, j.provider.aws.map((p) => p.alias)]).toEqual([undefined, undefined, [undefined]]);
  });

  it("elsewhere (eu-west-1): a copy of the alert topic in us-east-1, encrypted with its own key there, and the alarm notifies it from us-east-1", () => {
    const j = frontendOf(inEuWest1(configs.dev));
    const r = res(j);
    const alarm = alarms(j).cdn_error_rate_alarm;
    expect([alarm.provider, alarm.alarm_actions, alarm.ok_actions, alarm.metric_query]).toEqual(["aws.us_east_1", ["${aws_sns_topic.alerts_us_east_1.arn}"], ["${aws_sns_topic.alerts_us_east_1.arn}"], cdnQuery]);
    expect(r.aws_sns_topic).toEqual({
      alerts_us_east_1: { name: "acme-ai-dev-alerts", display_name: "Alerts of acme-ai-dev", kms_master_key_id: "${aws_kms_key.alerts_us_east_1_key.arn}", provider: "aws.us_east_1" },
    });
    expect(r.aws_kms_key.alerts_us_east_1_key).toMatchObject({ enable_key_rotation: true, provider: "aws.us_east_1" });
    expect(r.aws_kms_alias.alerts_us_east_1_key_alias).toEqual({ name: "alias/acme-ai-dev-alerts", target_key_id: "${aws_kms_key.alerts_us_east_1_key.key_id}", provider: "aws.us_east_1" });
    expect(r.aws_sns_topic_policy.alerts_us_east_1_policy).toMatchObject({ arn: "${aws_sns_topic.alerts_us_east_1.arn}", provider: "aws.us_east_1" });
    expect(j.provider.aws).toContainEqual(expect.objectContaining({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["111111111111"] }));
  });

  it("the copy's key lets CloudWatch and EventBridge encrypt without an account condition; its topic policy admits this account's only", () => {
    const docs = inEuWest1Docs();
    const services = [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }];
    const account = [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }];
    expect(res(frontendOf(inEuWest1(configs.dev))).aws_kms_key.alerts_us_east_1_key.policy).toBe("${data.aws_iam_policy_document.alerts_us_east_1_key_policy.json}");
    expect(docs.alerts_us_east_1_key_policy.statement).toEqual([
      { sid: "AccountAdministers", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: account },
      { sid: "AlarmsAndEventsEncrypt", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], principals: services },
    ]);
    expect(res(frontendOf(inEuWest1(configs.dev))).aws_sns_topic_policy.alerts_us_east_1_policy.policy).toBe("${data.aws_iam_policy_document.alerts_us_east_1_policy_document.json}");
    expect(docs.alerts_us_east_1_policy_document.statement[0]).toEqual({
      sid: "AlarmsAndEventsPublish",
      effect: "Allow",
      actions: ["sns:Publish"],
      resources: ["${aws_sns_topic.alerts_us_east_1.arn}"],
      principals: services,
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
    });
  });

  it("the copy in us-east-1 has the same subscribers as the foundation's topic", () => {
    const withEmail = inEuWest1(load(devWith((d) => (d.alerts = { emails: ["oncall@acme.example.com"] }))));
    const subscriptions = Object.values(res(frontendOf(withEmail)).aws_sns_topic_subscription);
    expect(subscriptions).toEqual([{ topic_arn: "${aws_sns_topic.alerts_us_east_1.arn}", protocol: "email", endpoint: "oncall@acme.example.com", provider: "aws.us_east_1" }]);
  });

  it("frontend type none has no distribution and no CDN alarm", () => {
    expect(alarms(frontendOf(agentic))).toEqual({});
  });
});

describe("the policy check over every phase", () => {
  it.each([
    ["dev", configs.dev],
    ["staging", configs.staging],
    ["prod", configs.prod],
    ["agentic", agentic],
    ["dev in eu-west-1", inEuWest1(configs.dev)],
  ] as const)("%s: no error or warning, and no CW-02 finding at all (every core alarm is there)", (_name, config) => {
    const { report } = checked(config);
    expect(findings(report)).toEqual([]);
    expect(report.suppressed.filter((f) => f.ruleId === "CW-02")).toEqual([]);
  });
});

describe("policy rule CW-02 says which core alarm is missing, of which resource", () => {
  const cw02 = (json: StackJson) => {
    const report = evaluate([new StackModel("s", json)], { environment: "test", stage: "prod", rules: [coreAlarms] });
    return [...report.errors, ...report.warnings];
  };
  const addressed = (json: StackJson) => cw02(json).map((f) => `${f.address}: ${f.detail}`);

  it("the database: each metric it lacks, also when the alarms watch another instance", () => {
    expect(addressed(CORE_ALARMS.databaseCpuOnly)).toEqual(["aws_db_instance.db: no alarm on AWS/RDS FreeStorageSpace of the instance"]);
    expect(addressed(CORE_ALARMS.databaseOtherInstance)).toEqual(["aws_db_instance.db: no alarm on AWS/RDS CPUUtilization, AWS/RDS FreeStorageSpace of the instance"]);
  });

  it("the cache: the node without alarms", () => {
    expect(addressed(CORE_ALARMS.cacheFirstNodeOnly)).toEqual([
      "aws_elasticache_replication_group.cache: no alarm on AWS/ElastiCache EngineCPUUtilization, AWS/ElastiCache DatabaseMemoryUsagePercentage of node acme-prod-redis-002",
    ]);
  });

  it("the load balancer and the target group, by their arn_suffix", () => {
    expect(addressed(CORE_ALARMS.loadBalancerOther)).toEqual(["aws_lb.lb: no alarm on AWS/ApplicationELB HTTPCode_ELB_5XX_Count of the load balancer"]);
    expect(addressed(CORE_ALARMS.targetGroupErrorsOnly)).toEqual(["aws_lb_target_group.tg: no alarm on AWS/ApplicationELB UnHealthyHostCount of the target group"]);
  });

  it("an alarm on the metric without every dimension AWS publishes it with watches nothing: the target group without LoadBalancer, App Runner without ServiceID, CloudFront without Region=Global, ECS without ClusterName", () => {
    expect(addressed(CORE_ALARMS.targetGroupWithoutLoadBalancer)).toEqual([
      "aws_lb_target_group.tg: no alarm on AWS/ApplicationELB HTTPCode_Target_5XX_Count, AWS/ApplicationELB UnHealthyHostCount of the target group",
    ]);
    expect(addressed(CORE_ALARMS.appRunnerWithoutServiceId)).toEqual(["aws_apprunner_service.web: no alarm on AWS/AppRunner 5xxStatusResponses of the service"]);
    expect(addressed(CORE_ALARMS.cdnWithoutRegion)).toEqual(["aws_cloudfront_distribution.d: no alarm on AWS/CloudFront 5xxErrorRate of the distribution"]);
    expect(addressed(CORE_ALARMS.cdnRegionNotGlobal)).toEqual(["aws_cloudfront_distribution.d: no alarm on AWS/CloudFront 5xxErrorRate of the distribution"]);
    expect(addressed(CORE_ALARMS.ecsWithoutCluster)).toEqual(["aws_ecs_service.s: no alarm on AWS/ECS MemoryUtilization of the service"]);
  });

  it("a dimension more than AWS publishes the metric with is another metric too", () => {
    expect(addressed(CORE_ALARMS.databaseExtraDimension)).toEqual(["aws_db_instance.db: no alarm on AWS/RDS FreeStorageSpace of the instance"]);
  });

  it("the rule's message says the alarm must watch the metric as AWS publishes it", () => {
    expect(coreAlarms.message).toBe("Every serving or stateful resource must have its core alarms (AWS's recommended alarms), in the same stack, on the metric as AWS publishes it (all its dimensions)");
  });

  it("a cache whose number of nodes is only known at apply is reported as unknown, never compliant", () => {
    expect(cw02(CORE_ALARMS.cacheNodesUnknown).map((f) => [f.ruleId, f.level, f.address, f.unknown])).toEqual([["CW-02", "error", "aws_elasticache_replication_group.cache", true]]);
  });
});

describe("thresholds tuned per stage", () => {
  const services = { dev: alarms(synth(configs.dev)), staging: alarms(synth(configs.staging)), prod: alarms(prod) };
  const foundation = { dev: alarms(synth(configs.dev, FoundationStack)), staging: alarms(synth(configs.staging, FoundationStack)), prod: alarms(synth(configs.prod, FoundationStack)) };

  it("the shipped environments are one of each stage", () => {
    expect([configs.dev.stage, configs.staging.stage, configs.prod.stage]).toEqual(["dev", "staging", "prod"]);
  });

  it.each([
    // stage, ecsCpu, ecsMemory, databaseCpu, targetErrors, loadBalancerErrors, databaseFreeStorage (%: 5 in each, whose storage autoscales)
    ["dev", 90, 90, 90, 25, 25, 5],
    ["staging", 80, 80, 80, 10, 10, 5],
    ["prod", 80, 80, 80, 5, 5, 5],
  ] as const)("%s: ecsCpu %d, ecsMemory %d, databaseCpu %d, targetErrors %d, loadBalancerErrors %d, databaseFreeStorage %d percent", (stage, ecsCpu, ecsMemory, databaseCpu, targetErrors, loadBalancerErrors, freeStorage) => {
    const s = services[stage];
    const f = foundation[stage];
    const ecsServices = { dev: ["api", "worker"], staging: ["api", "worker"], prod: ["api", "qdrant", "worker"] }[stage];
    expect(Object.keys(s).filter((k) => k.endsWith("_ecs_cpu_alarm")).sort()).toEqual(ecsServices.map((n) => `${n}_ecs_cpu_alarm`));
    for (const n of ecsServices) {
      expect([s[`${n}_ecs_cpu_alarm`].threshold, s[`${n}_ecs_memory_alarm`].threshold], n).toEqual([ecsCpu, ecsMemory]);
    }
    expect(s.api_target_errors_alarm.threshold).toBe(targetErrors);
    expect(s.load_balancer_errors_alarm.threshold).toBe(loadBalancerErrors);
    expect(f.database_cpu_alarm.threshold).toBe(databaseCpu);
    expect(f.database_free_storage_alarm.threshold).toBe(freeStorage);
    // the windows stay the catalogue's: no stage changes them
    expect([s.api_ecs_cpu_alarm.evaluation_periods, s.api_target_errors_alarm.evaluation_periods, s.load_balancer_errors_alarm.evaluation_periods, f.database_cpu_alarm.evaluation_periods, f.database_free_storage_alarm.evaluation_periods]).toEqual([3, 2, 2, 3, 2]);
    // the description says the stage's value
    expect(s.api_target_errors_alarm.alarm_description).toBe(`5xx responses from the service's tasks: above ${targetErrors} responses per 5 minutes for 2 × 5 min`);
    expect(s.api_ecs_cpu_alarm.alarm_description).toBe(`average CPU of the service's tasks above the threshold: above ${ecsCpu} % for 3 × 5 min`);
  });

  it("free storage: the threshold is the percent the expression returns (100 * free / allocated bytes), below 5 in every shipped environment (their storage autoscales)", () => {
    const row = (a: Record<string, any>) => [a.comparison_operator, a.threshold, a.metric_query[0].expression, a.alarm_description];
    expect([configs.dev, configs.staging, configs.prod].map((c) => [c.database!.allocatedStorageGb, c.database!.maxAllocatedStorageGb])).toEqual([
      [20, 100],
      [20, 100],
      [100, 1000],
    ]);
    const summary = "free storage of the database below the threshold (before storage autoscaling catches up)";
    expect([foundation.dev, foundation.staging, foundation.prod].map((f) => row(f.database_free_storage_alarm))).toEqual([
      ["LessThanThreshold", 5, "100 * free / 21474836480", `${summary}: below 5 % of allocatedStorageGb for 2 × 5 min`],
      ["LessThanThreshold", 5, "100 * free / 21474836480", `${summary}: below 5 % of allocatedStorageGb for 2 × 5 min`],
      ["LessThanThreshold", 5, "100 * free / 107374182400", `${summary}: below 5 % of allocatedStorageGb for 2 × 5 min`],
    ]);
  });

  it("kinds without stage values are the same in every stage (e.g. targetLatencyP90 5 s, ecsRunningTasks 0, the 4xx share 10 %, database connections 80 %)", () => {
    for (const stage of ["dev", "staging", "prod"] as const) {
      const s = services[stage];
      const f = foundation[stage];
      expect([s.api_target_latency_p90_alarm.threshold, s.api_ecs_running_tasks_alarm.threshold, s.api_target_client_errors_alarm.threshold, f.database_connections_alarm.threshold], stage).toEqual([5, 0, 10, 80]);
    }
  });

  it("App Runner's 5xx in the agentic example (a staging environment): above 10 on both services", () => {
    expect(agentic.stage).toBe("staging");
    const a = alarms(synth(agentic));
    expect([a.api_app_runner_errors_alarm, a.web_app_runner_errors_alarm].map((x) => [x.threshold, x.evaluation_periods])).toEqual([
      [10, 2],
      [10, 2],
    ]);
  });

  it("App Runner's 5xx follow the stage of the environment: the agentic example as dev 25, as prod 5", () => {
    const errors = (c: ResolvedConfig) => {
      const a = alarms(synth(c));
      return [a.api_app_runner_errors_alarm.threshold, a.web_app_runner_errors_alarm.threshold];
    };
    expect(errors(agenticWith((d) => (d.stage = "dev")))).toEqual([25, 25]);
    expect(errors(agenticWith(agenticAsProd))).toEqual([5, 5]);
  });
});

describe("an environment's override wins over its stage's value", () => {
  it("prod targetErrors 12: the target alarm at 12 (not prod's 5); the load balancer's keeps 5", () => {
    const a = alarms(synth(load(prodWith((d) => (d.alarms = { targetErrors: { threshold: 12 } })), "prod")));
    expect([a.api_target_errors_alarm.threshold, a.api_target_errors_alarm.evaluation_periods, a.load_balancer_errors_alarm.threshold]).toEqual([12, 2, 5]);
  });

  it("dev ecsCpu 70: every service's CPU alarm at 70 (not dev's 90); memory keeps 90", () => {
    const a = alarms(synth(load(devWith((d) => (d.alarms = { ecsCpu: { threshold: 70 } })))));
    expect([a.api_ecs_cpu_alarm, a.worker_ecs_cpu_alarm, a.api_ecs_memory_alarm, a.worker_ecs_memory_alarm].map((x) => x.threshold)).toEqual([70, 70, 90, 90]);
  });

  it("an override equal to the catalogue's value, or 0, still wins over the stage's", () => {
    const dev = alarms(synth(load(devWith((d) => (d.alarms = { targetErrors: { threshold: 10 }, loadBalancerErrors: { threshold: 0 } })))));
    expect([dev.api_target_errors_alarm.threshold, dev.load_balancer_errors_alarm.threshold]).toEqual([10, 0]);
    // prod's storage autoscales (5): the override of 10 wins over it
    const prodF = alarms(synth(load(prodWith((d) => (d.alarms = { databaseFreeStorage: { threshold: 10 }, databaseCpu: { threshold: 95 } })), "prod"), FoundationStack));
    expect([prodF.database_free_storage_alarm.threshold, prodF.database_cpu_alarm.threshold]).toEqual([10, 95]);
  });

  it("an override of the window alone keeps the stage's threshold", () => {
    const a = alarms(synth(load(devWith((d) => (d.alarms = { targetErrors: { evaluationPeriods: 4 } })))));
    expect([a.api_target_errors_alarm.threshold, a.api_target_errors_alarm.evaluation_periods, a.api_target_errors_alarm.datapoints_to_alarm]).toEqual([25, 4, 4]);
  });
});

describe("alarmFacts: what an environment runs that changes an alarm's default", () => {
  it("the shipped environments' storage autoscales (dev and staging 20 → 100 GB by default, prod 100 → 1000 GB)", () => {
    expect([configs.dev, configs.staging, configs.prod].map(alarmFacts)).toEqual([{ storageAutoscaling: true }, { storageAutoscaling: true }, { storageAutoscaling: true }]);
  });

  it("maxAllocatedStorageGb equal to allocatedStorageGb: no autoscaling; one more GB: autoscaling", () => {
    expect(alarmFacts(load(devWith((d) => (d.database.maxAllocatedStorageGb = 20))))).toEqual({ storageAutoscaling: false });
    expect(alarmFacts(load(devWith((d) => (d.database.maxAllocatedStorageGb = 21))))).toEqual({ storageAutoscaling: true });
    expect(alarmFacts({ database: { allocatedStorageGb: 50, maxAllocatedStorageGb: 50 } })).toEqual({ storageAutoscaling: false });
    expect(alarmFacts({ database: { allocatedStorageGb: 50 } })).toEqual({ storageAutoscaling: false });
  });

  it("no database: no autoscaling", () => {
    expect(alarmFacts({})).toEqual({ storageAutoscaling: false });
    expect(alarmFacts({ ...configs.dev, database: undefined })).toEqual({ storageAutoscaling: false });
  });
});

describe("alarmSpec: catalogue, then the stage's value, then the environment's", () => {
  const none: AlarmsConfig = {};
  const pick = (s: ReturnType<typeof alarmSpec>) => s && [s.threshold, s.evaluationPeriods];

  it("a kind with stage values (targetErrors): dev 25, staging 10 (the catalogue's), prod 5; the window stays 2", () => {
    expect((["dev", "staging", "prod"] as const).map((stage) => pick(alarmSpec("targetErrors", none, stage)))).toEqual([
      [25, 2],
      [10, 2],
      [5, 2],
    ]);
  });

  it("the other tuned kinds: busy 90/80/80; free storage 10 in every stage without storage autoscaling", () => {
    const thresholds = (kind: "ecsCpu" | "ecsMemory" | "databaseCpu" | "loadBalancerErrors" | "appRunnerErrors" | "databaseFreeStorage") =>
      (["dev", "staging", "prod"] as const).map((stage) => alarmSpec(kind, none, stage)!.threshold);
    expect(thresholds("ecsCpu")).toEqual([90, 80, 80]);
    expect(thresholds("ecsMemory")).toEqual([90, 80, 80]);
    expect(thresholds("databaseCpu")).toEqual([90, 80, 80]);
    expect(thresholds("loadBalancerErrors")).toEqual([25, 10, 5]);
    expect(thresholds("appRunnerErrors")).toEqual([25, 10, 5]);
    expect(thresholds("databaseFreeStorage")).toEqual([10, 10, 10]);
  });

  it("a kind without stage values (targetLatencyP90): the catalogue's in every stage, the override when given", () => {
    expect(ALARM_CATALOG.targetLatencyP90.byStage).toBeUndefined();
    expect((["dev", "staging", "prod"] as const).map((stage) => pick(alarmSpec("targetLatencyP90", none, stage)))).toEqual([
      [5, 3],
      [5, 3],
      [5, 3],
    ]);
    expect(pick(alarmSpec("targetLatencyP90", { targetLatencyP90: { threshold: 2, enabled: true } }, "prod"))).toEqual([2, 3]);
  });

  it("the override's threshold wins over the stage's; the window stays the catalogue's unless overridden", () => {
    expect(pick(alarmSpec("targetErrors", { targetErrors: { threshold: 12, enabled: true } }, "prod"))).toEqual([12, 2]);
    expect(pick(alarmSpec("ecsCpu", { ecsCpu: { threshold: 70, enabled: true } }, "dev"))).toEqual([70, 3]);
    expect(pick(alarmSpec("ecsCpu", { ecsCpu: { threshold: 0, enabled: true } }, "dev"))).toEqual([0, 3]);
    // only the window: the stage's threshold stays
    expect(pick(alarmSpec("targetErrors", { targetErrors: { evaluationPeriods: 6, enabled: true } }, "prod"))).toEqual([5, 6]);
    expect(pick(alarmSpec("databaseFreeStorage", { databaseFreeStorage: { threshold: 15, evaluationPeriods: 4, enabled: true } }, "prod"))).toEqual([15, 4]);
    // another kind's override changes nothing
    expect(pick(alarmSpec("targetErrors", { ecsCpu: { threshold: 70, enabled: true } }, "dev"))).toEqual([25, 2]);
  });

  it("while storage autoscales, databaseFreeStorage is 5 in every stage; without, 10", () => {
    const free = (facts: { storageAutoscaling?: boolean }) => (["dev", "staging", "prod"] as const).map((stage) => pick(alarmSpec("databaseFreeStorage", none, stage, facts)));
    expect(free({ storageAutoscaling: true })).toEqual([
      [5, 2],
      [5, 2],
      [5, 2],
    ]);
    expect(free({ storageAutoscaling: false })).toEqual([
      [10, 2],
      [10, 2],
      [10, 2],
    ]);
    expect(free({})).toEqual([
      [10, 2],
      [10, 2],
      [10, 2],
    ]);
    expect([ALARM_CATALOG.databaseFreeStorage.whenStorageAutoscales, ALARM_CATALOG.databaseFreeStorage.byStage]).toEqual([5, undefined]);
  });

  it("the storage autoscaling fact moves no other kind", () => {
    const autoscaling = { storageAutoscaling: true };
    for (const kind of ["databaseCpu", "databaseFreeableMemory", "databaseConnections", "ecsCpu", "targetErrors"] as const) {
      expect((["dev", "staging", "prod"] as const).map((stage) => pick(alarmSpec(kind, none, stage, autoscaling))), kind).toEqual(
        (["dev", "staging", "prod"] as const).map((stage) => pick(alarmSpec(kind, none, stage))),
      );
    }
    expect((["dev", "staging", "prod"] as const).map((stage) => alarmSpec("databaseCpu", none, stage, autoscaling)!.threshold)).toEqual([90, 80, 80]);
  });

  it("precedence: the environment's override, then storage autoscaling, then the stage, then the catalogue", () => {
    const autoscaling = { storageAutoscaling: true };
    expect(pick(alarmSpec("databaseFreeStorage", { databaseFreeStorage: { threshold: 15, enabled: true } }, "prod", autoscaling))).toEqual([15, 2]);
    expect(pick(alarmSpec("databaseFreeStorage", { databaseFreeStorage: { threshold: 0, enabled: true } }, "dev", autoscaling))).toEqual([0, 2]);
    // the window alone: the autoscaling threshold stays
    expect(pick(alarmSpec("databaseFreeStorage", { databaseFreeStorage: { evaluationPeriods: 6, enabled: true } }, "staging", autoscaling))).toEqual([5, 6]);
    // switched off stays off
    expect(alarmSpec("databaseFreeStorage", { databaseFreeStorage: { enabled: false, reason: "the vendor's agent watches the disk" } }, "prod", autoscaling)).toBeUndefined();
  });

  it("switched off: undefined in every stage", () => {
    const off: AlarmsConfig = { targetErrors: { enabled: false, reason: "errors are paged by another tool" } };
    expect((["dev", "staging", "prod"] as const).map((stage) => alarmSpec("targetErrors", off, stage))).toEqual([undefined, undefined, undefined]);
  });

  it("keeps the rest of the catalogue's spec and leaves the catalogue as it was", () => {
    expect(alarmSpec("databaseFreeStorage", none, "prod")).toMatchObject({ comparison: "LessThanThreshold", periodSeconds: 300, treatMissingData: "missing", unit: "% of allocatedStorageGb", threshold: 10, evaluationPeriods: 2 });
    alarmSpec("targetErrors", { targetErrors: { threshold: 12, enabled: true } }, "prod");
    expect([ALARM_CATALOG.targetErrors.threshold, ALARM_CATALOG.databaseFreeStorage.threshold, ALARM_CATALOG.ecsCpu.threshold]).toEqual([10, 10, 80]);
  });
});
