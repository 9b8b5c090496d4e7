/**
 * The alarm catalogue (config/alarms.ts) on what the services phase runs: each
 * ECS service's CPU, memory and missing tasks, its targets' 5xx, unhealthy
 * targets and p90 response time behind the load balancer, and the load
 * balancer's own 5xx and rejected connections; every alarm tells the alert topic
 * when it fires and when it recovers. Thresholds and windows change per
 * environment; an alarm switched off needs a reason.
 */
import { parseEnvironment } from "../config/load";
import { ALARM_CATALOG } from "../config/alarms";
import { devWith, lineOf, onlyProblem, prodWith } from "./support/config-text";
import { configs, remote, res, synthOf as synth } from "./support/stack-json";
import { FoundationStack } from "../stacks/foundation-stack";

const TOPIC = remote("alert_topic_arn");
const prod = synth(configs.prod);
const alarms = (j: ReturnType<typeof synth>) => res(j).aws_cloudwatch_metric_alarm as Record<string, Record<string, any>>;

describe("ECS services", () => {
  it("every running service gets CPU, memory and missing-task alarms; web services behind the load balancer also 5xx, unhealthy targets and p90 latency", () => {
    expect(Object.keys(alarms(prod)).sort()).toEqual([
      "api_ecs_cpu_alarm",
      "api_ecs_memory_alarm",
      "api_ecs_running_tasks_alarm",
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

  it("the load balancer's own 5xx and rejected connections", () => {
    expect([alarms(prod).load_balancer_errors_alarm, alarms(prod).load_balancer_rejected_connections_alarm].map((a) => [a.alarm_name, a.metric_name, a.statistic, a.threshold, a.dimensions])).toEqual([
      ["acme-ai-prod-alb-load-balancer-errors", "HTTPCode_ELB_5XX_Count", "Sum", 10, { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}" }],
      ["acme-ai-prod-alb-rejected-connections", "RejectedConnectionCount", "Sum", 0, { LoadBalancer: "${aws_lb.load_balancer.arn_suffix}" }],
    ]);
  });

  it("every alarm says what it watches, with its threshold and window", () => {
    expect(alarms(prod).api_ecs_memory_alarm.alarm_description).toBe("average memory of the service's tasks above the threshold: above 80 % for 3 × 5 min");
  });
});

describe("changing an alarm per environment", () => {
  const load = (text: string, env = "dev") => parseEnvironment(text, env, `${env}.yaml`, {});

  it("a threshold and a window from the config replace the catalogue's, for every service", () => {
    const c = load(prodWith((d) => (d.alarms = { ecsCpu: { threshold: 90, evaluationPeriods: 6, reason: "batch-like bursts are normal" } })), "prod");
    const a = alarms(synth(c));
    expect([a.api_ecs_cpu_alarm, a.worker_ecs_cpu_alarm].map((x) => [x.threshold, x.evaluation_periods, x.datapoints_to_alarm])).toEqual([
      [90, 6, 6],
      [90, 6, 6],
    ]);
    expect(a.api_ecs_memory_alarm.threshold).toBe(ALARM_CATALOG.ecsMemory.threshold);
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
});

describe("the database (foundation)", () => {
  const dev = synth(configs.dev, FoundationStack);
  const a = alarms(dev);

  it("CPU, free storage, freeable memory, read and write latency, each to the alert topic", () => {
    expect(Object.keys(a).sort()).toEqual(["database_cpu_alarm", "database_free_storage_alarm", "database_freeable_memory_alarm", "database_read_latency_alarm", "database_write_latency_alarm"]);
    for (const alarm of Object.values(a)) expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([["${aws_sns_topic.alerts.arn}"], ["${aws_sns_topic.alerts.arn}"]]);
  });

  it("free storage is a share of allocatedStorageGb (20 GB in dev): below 10 % for two 5-minute periods", () => {
    expect(a.database_free_storage_alarm).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 10, evaluation_periods: 2 });
    expect(a.database_free_storage_alarm.metric_query[0]).toEqual({ id: "result", expression: "100 * free / 21474836480", label: "free storage (%)", return_data: true });
    expect(a.database_free_storage_alarm.metric_query[1].metric).toEqual({ namespace: "AWS/RDS", metric_name: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "acme-ai-dev-db" }, period: 300, stat: "Average" });
  });

  it("freeable memory in MiB below 128, latencies above 20 ms", () => {
    expect(a.database_freeable_memory_alarm.metric_query[0].expression).toBe("memory / 1048576");
    expect([a.database_freeable_memory_alarm.threshold, a.database_read_latency_alarm.threshold, a.database_write_latency_alarm.threshold]).toEqual([128, 0.02, 0.02]);
    expect(a.database_read_latency_alarm).toMatchObject({ namespace: "AWS/RDS", metric_name: "ReadLatency", dimensions: { DBInstanceIdentifier: "acme-ai-dev-db" }, statistic: "Average" });
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
