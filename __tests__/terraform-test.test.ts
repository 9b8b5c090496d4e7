/**
 * `terraform test` with `mock_provider "aws"`: every stack of every shipped
 * environment is validated against the real provider schema, plans and applies, with upstream remote state overridden by values
 * shaped like the upstream contract, and the wiring asserted inside Terraform.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ResolvedConfig } from "../config/defaults";
import type { Contract } from "../stacks/contract";
import { mockOutputs } from "../stacks/contract";
import { FoundationContract, ImagesContract, ServicesContract } from "../stacks/contracts";
import type { StackName } from "../stacks/phases";
import { sharedStackDir, shippedEnvironments } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { cacheMembersOverride, writeEnvironmentTest, type TfAssert } from "./support/tftest";
import { loadBalancerRoutes, originHost, publicUrlOf, publishedUrlReaders } from "../config/frontend";
import { CDN_PRIORITY_BASE } from "../config/routing";
import { tfEnv } from "./support/tf-env";

interface StackCase {
  readonly upstreams: readonly Contract[];
  readonly asserts: (c: ResolvedConfig) => TfAssert[];
}

const q = JSON.stringify;
const FAKE_BIN = path.join(__dirname, "support", "fake-bin");

const CASES: Record<StackName, StackCase> = {
  bootstrap: {
    upstreams: [],
    asserts: (c) => [
      { condition: `output.state_bucket_name == ${q(c.stateBackend.bucket)}`, message: "state bucket name" },
      { condition: `aws_s3_bucket_versioning.state_versioning.versioning_configuration[0].status == "Enabled"`, message: "state bucket versioned" },
      ...(c.stateBackend.locking === "lockfile"
        ? []
        : [{ condition: `aws_dynamodb_table.lock.hash_key == "LockID" && aws_dynamodb_table.lock.point_in_time_recovery[0].enabled`, message: "lock table" }]),
    ],
  },
  foundation: {
    upstreams: [],
    asserts: (c) => [
      { condition: `output.phase_contract == { phase = "foundation", environment = ${q(c.environment)}, version = ${FoundationContract.version} }`, message: "marker" },
      { condition: `output.bucket_names == ${q(Object.fromEntries(c.buckets.map((b) => [b.key, b.name])))}`, message: "bucket names" },
      { condition: `keys(output.ecr_repository_urls) == ${q(c.services.map((s) => s.name).sort())}`, message: "one repository per service" },
      { condition: `length(output.private_subnet_ids) == ${c.availabilityZones.length}`, message: "one private subnet per AZ" },
      { condition: `output.logs_bucket_name == ${q(c.names.bucket("logs"))}`, message: "log archive" },
      {
        condition: `output.alert_topic_arn == aws_sns_topic.alerts.arn && aws_sns_topic.alerts.kms_master_key_id == aws_kms_key.alerts_key.arn && aws_kms_key.alerts_key.enable_key_rotation`,
        message: "the alert topic is published, encrypted with its own rotating key",
      },
      ...(foundationAlarmAddresses(c).length > 0
        ? [
            {
              condition: `alltrue([for a in [${foundationAlarmAddresses(c).join(", ")}] : a.alarm_actions == toset([aws_sns_topic.alerts.arn]) && a.ok_actions == toset([aws_sns_topic.alerts.arn])])`,
              message: "the database's and the cache nodes' alarms reach the alert topic",
            },
          ]
        : []),
      ...(c.cache ? [{ condition: `output.cache_node_ids == ${q(Object.fromEntries(Array.from({ length: 1 + c.cache.replicas }, (_, i) => [`node_${String(i + 1).padStart(3, "0")}`, `${c.names.prefix}-redis-${String(i + 1).padStart(3, "0")}`])))}`, message: "the cache's nodes by number" }] : []),
      ...(c.database
        ? [
            { condition: `output.database_identifier == aws_db_instance.database.identifier`, message: "the database's identifier for the dashboard" },
            { condition: `aws_cloudwatch_event_target.database_events_target.arn == aws_sns_topic.alerts.arn`, message: "the database's failure events reach the alert topic" },

            {
              condition: c.stage === "prod" ? `aws_db_instance.database.monitoring_interval == 60 && aws_db_instance.database.monitoring_role_arn == aws_iam_role.database_monitoring_role.arn` : `aws_db_instance.database.monitoring_interval == 0`,
              message: "enhanced monitoring in prod only",
            },
          ]
        : []),
    ],
  },
  images: {
    upstreams: [FoundationContract],
    asserts: (c) => {
      const urls = mockOutputs(FoundationContract, c).ecr_repository_urls as Record<string, string>;
      return c.services.map((s) =>
        s.image.pinDigest
          ? { condition: `startswith(output.image_uris[${q(s.name)}], ${q(`${urls[s.name]}@`)})`, message: `${s.name} is deployed by digest from the foundation's repository` }
          : { condition: `output.image_uris[${q(s.name)}] == ${q(`${urls[s.name]}:${s.imageTag}`)}`, message: `image URI of ${s.name} comes from the foundation's repository URL` },
      );
    },
  },
  services: {
    upstreams: [FoundationContract, ImagesContract],
    asserts: (c) => {
      const uris = mockOutputs(ImagesContract, c).image_uris as Record<string, string>;
      const foundation = mockOutputs(FoundationContract, c);
      const groups = foundation.service_security_group_ids as Record<string, string>;
      const roles = { task: foundation.task_role_arns as Record<string, string>, execution: foundation.execution_role_arns as Record<string, string> };
      const connectors = foundation.apprunner_vpc_connector_arns as Record<string, string>;
      const ecs = c.services.filter((s) => s.compute === "ecs");
      const running = ecs.flatMap((s) => (s.kind !== "task" && s.kind !== "job" ? [s] : []));
      const container = (s: string) => `jsondecode(aws_ecs_task_definition.${s}.container_definitions)[0]`;
      const env = (s: string) => `{ for e in ${container(s)}.environment : e.name => e.value }`;
      return [
        { condition: `output.ecs_cluster_name == ${q(c.names.ecsCluster)}`, message: "cluster name" },
        { condition: `keys(output.task_definition_arns) == ${q(ecs.map((s) => s.name).sort())}`, message: "one task definition per ECS workload" },
        { condition: `keys(output.ecs_service_arns) == ${q(running.map((s) => s.name).sort())}`, message: "one ECS service per web, worker and internal service; none for tasks" },
        ...(alarmAddresses(c).length > 0
          ? [
              {
                condition: `alltrue([for a in [${alarmAddresses(c).join(", ")}] : a.alarm_actions == toset([${q(foundation.alert_topic_arn)}]) && a.ok_actions == toset([${q(foundation.alert_topic_arn)}])])`,
                message: "every alarm tells the alert topic when it fires and when it recovers",
              },
            ]
          : []),
        ...(running.length > 0
          ? [
              { condition: `aws_cloudwatch_event_target.deployment_failures_target.arn == ${q(foundation.alert_topic_arn)}`, message: "failed ECS deployments reach the alert topic" },
              ...running.map((s) => ({ condition: `aws_cloudwatch_metric_alarm.${s.name}_ecs_cpu_alarm.dimensions == tomap({ ClusterName = ${q(c.names.ecsCluster)}, ServiceName = aws_ecs_service.${s.name}_service.name })`, message: `${s.name}'s CPU alarm watches its ECS service` })),
            ]
          : []),
        ...ecs.flatMap((s) => [
          { condition: `${container(s.name)}.image == ${q(uris[s.name])}`, message: `task definition of ${s.name} runs the images phase's URI` },
          { condition: `aws_ecs_task_definition.${s.name}.runtime_platform[0].cpu_architecture == ${q(s.cpuArchitecture)}`, message: `${s.name} runs on the architecture its image was built for` },
          { condition: `${container(s.name)}.readonlyRootFilesystem == ${s.container.readonlyRootFilesystem}`, message: `${s.name}'s root file system is read-only unless configured otherwise` },
          ...(c.database?.clients.includes(s.name)
            ? [
                {
                  condition: `${env(s.name)}["DB_AUTH"] == ${q(c.database.iamAuthentication ? "iam" : "secret")} && !contains(keys(${env(s.name)}), "DB_PASSWORD")`,
                  message: `${s.name} authenticates to the database per connection, with no injected password`,
                },
              ]
            : []),
        ]),
        ...running.flatMap((s) => [
          { condition: `aws_ecs_service.${s.name}_service.task_definition == aws_ecs_task_definition.${s.name}.arn`, message: `the ${s.name} service runs its task definition` },
          {
            condition: `!one(aws_ecs_service.${s.name}_service.network_configuration).assign_public_ip && contains(one(aws_ecs_service.${s.name}_service.network_configuration).security_groups, ${q(groups[s.name])})`,
            message: `${s.name} runs without a public IP, in its own security group`,
          },
          { condition: `aws_ecs_service.${s.name}_service.desired_count == ${s.desiredCount}`, message: `${s.name} starts with ${s.desiredCount} tasks` },
          ...(s.autoscaling
            ? [{ condition: `aws_appautoscaling_target.${s.name}_autoscaling.resource_id == ${q(`service/${c.names.ecsCluster}/${s.name}`)}`, message: `autoscaling of ${s.name} targets its service` }]
            : []),
          ...(s.kind === "web"
            ? [
                {
                  condition: `aws_lb_target_group.load_balancer_${s.name}_target_group.port == ${container(s.name)}.portMappings[0].containerPort && ${container(s.name)}.portMappings[0].containerPort == ${s.port}`,
                  message: `the target group of ${s.name} sends traffic to its container port`,
                },
                {
                  condition: `one(aws_ecs_service.${s.name}_service.load_balancer).target_group_arn == aws_lb_target_group.load_balancer_${s.name}_target_group.arn && one(aws_ecs_service.${s.name}_service.load_balancer).container_port == ${s.port}`,
                  message: `the ${s.name} service registers its container port in its target group`,
                },
              ]
            : []),
          ...(s.kind === "internal"
            ? [{ condition: `one(aws_ecs_service.${s.name}_service.service_registries).registry_arn == aws_service_discovery_service.service_discovery_${s.name}.arn`, message: `${s.name} is found by name` }]
            : []),
        ]),
        ...ecs.flatMap((s) =>
          Object.entries(s.environment).flatMap(([key, v]) =>
            typeof v !== "string" && v.ref.startsWith("services.") && c.services.find((x) => x.name === v.ref.split(".")[1])?.kind === "internal"
              ? [{ condition: `${env(s.name)}[${q(key)}] == ${q(`http://${v.ref.split(".")[1]}.${c.names.serviceDiscoveryNamespace}:${(c.services.find((x) => x.name === v.ref.split(".")[1]) as { port: number }).port}`)}`, message: `${s.name}'s ${key} is the internal service's address` }]
              : [],
          ),
        ),
        ...(c.domain && running.some((s) => s.kind === "web")
          ? [
              {
                condition: `aws_lb_listener.load_balancer_https_listener.certificate_arn == aws_acm_certificate_validation.certificate_validation.certificate_arn && aws_lb_listener.load_balancer_https_listener.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"`,
                message: "HTTPS serves the validated certificate with a TLS 1.3 policy",
              },
              // Prod serves HTTPS only (no port 80 listener); elsewhere port 80 only redirects.
              ...(c.stage === "prod" ? [] : [{ condition: `one(aws_lb_listener.load_balancer_http_listener.default_action).type == "redirect"`, message: "HTTP only redirects" }]),
            ]
          : []),
        ...cdnRuleAsserts(c),
        ...knownPublicUrlAsserts(c),
        ...c.services.flatMap((s) => {
          if (s.kind !== "web" || !s.appRunner) return [];
          const svc = `aws_apprunner_service.${s.name}`;
          const image = `one(one(${svc}.source_configuration).image_repository)`;
          const egress = `one(one(${svc}.network_configuration).egress_configuration)`;
          return [
            { condition: `${image}.image_identifier == ${q(uris[s.name])} && one(${image}.image_configuration).port == ${q(String(s.port))}`, message: `${s.name} runs the images phase's image on its port` },
            {
              condition: `one(${svc}.instance_configuration).instance_role_arn == ${q(roles.task[s.name])} && one(one(${svc}.source_configuration).authentication_configuration).access_role_arn == ${q(roles.execution[s.name])}`,
              message: `${s.name} runs as its task role and pulls with its execution role`,
            },
            {
              condition: `${svc}.auto_scaling_configuration_arn == aws_apprunner_auto_scaling_configuration_version.${s.name}_scaling.arn && aws_apprunner_auto_scaling_configuration_version.${s.name}_scaling.max_size == ${s.appRunner.maxInstances}`,
              message: `${s.name} scales with its own configuration`,
            },
            s.appRunner.egress === "vpc"
              ? { condition: `${egress}.egress_type == "VPC" && ${egress}.vpc_connector_arn == ${q(connectors[s.name])}`, message: `${s.name} reaches the VPC through its connector` }
              : { condition: `${egress}.egress_type == "DEFAULT"`, message: `${s.name} uses App Runner's own egress` },
          ];
        }),
        ...c.services.flatMap((s) => {
          if (s.kind !== "job") return [];
          const props = `jsondecode(aws_batch_job_definition.${s.name}_definition.container_properties)`;
          return [
            {
              condition: `one(aws_batch_job_queue.${s.name}_queue.compute_environment_order).compute_environment == aws_batch_compute_environment.${s.name}_compute_environment.arn`,
              message: `${s.name}'s queue feeds its compute environment`,
            },
            {
              condition: `aws_cloudwatch_event_target.${s.name}_failed_alert.arn == ${q(mockOutputs(FoundationContract, c).alert_topic_arn)} && aws_cloudwatch_event_target.${s.name}_failed_alert.rule == aws_cloudwatch_event_rule.${s.name}_failed.name`,
              message: `${s.name}'s failed jobs reach the alert topic`,
            },
            {
              condition: `${props}.image == ${q(uris[s.name])} && ${props}.jobRoleArn == ${q(roles.task[s.name])} && ${props}.networkConfiguration.assignPublicIp == "DISABLED" && ${props}.user == ${q(s.container.user)}`,
              message: `${s.name} runs its image as its role and user, without a public IP`,
            },
            {
              condition: `one(aws_batch_job_definition.${s.name}_definition.timeout).attempt_duration_seconds == ${s.timeoutSeconds} && one(aws_batch_job_definition.${s.name}_definition.retry_strategy).attempts == ${s.retry.attempts}`,
              message: `${s.name} has its timeout and retries`,
            },
            ...c.services
              .filter((x) => x.submitsJobs.includes(s.name) && x.compute === "ecs")
              .flatMap((x) =>
                Object.entries(x.environment).flatMap(([key, v]) =>
                  typeof v !== "string" && v.ref === `jobs.${s.name}.queue`
                    ? [{ condition: `${env(x.name)}[${q(key)}] == aws_batch_job_queue.${s.name}_queue.name`, message: `${x.name}'s ${key} names ${s.name}'s queue` }]
                    : [],
                ),
              ),
          ];
        }),
      ];
    },
  },
  frontend: {
    upstreams: [FoundationContract, ServicesContract],
    asserts: (c) => [...dashboardAsserts(c), ...(c.frontend.type === "none" ? [] : frontendAsserts(c))],
  },
};

/** The values of one kind of condition of a listener rule. */
const ruleValues = (rule: string, kind: string) => `toset(flatten([for c in aws_lb_listener_rule.load_balancer_${rule}.condition : [for v in c.${kind} : v.values]]))`;
const setIs = (set: string, values: readonly string[]) => (values.length === 0 ? `length(${set}) == 0` : `${set} == toset(${q(values)})`);

/** CloudFront's paths on the load balancer: one rule per path in behaviour order, under the origin's name with a domain, and the load balancer internal. */
function cdnRuleAsserts(c: ResolvedConfig): TfAssert[] {
  const routes = loadBalancerRoutes(c.frontend);
  if (routes.length === 0) return [];
  const hosts = c.domain ? [originHost(c.domain)] : [];
  let n = 0;
  return [
    { condition: `aws_lb.load_balancer.internal`, message: "the load balancer is internal: only CloudFront's VPC origin reaches it" },
    ...routes.flatMap((route) =>
      (route.paths.length === 0 ? [undefined] : route.paths).map((p) => {
        const rule = `cdn_rule_${n}`;
        const priority = CDN_PRIORITY_BASE + n++;
        return {
          condition: `aws_lb_listener_rule.load_balancer_${rule}.priority == ${priority} && ${setIs(ruleValues(rule, "host_header"), hosts)} && ${setIs(ruleValues(rule, "path_pattern"), p ? [p] : [])} && one(aws_lb_listener_rule.load_balancer_${rule}.action).target_group_arn == aws_lb_target_group.load_balancer_${route.service}_target_group.arn`,
          message: `CloudFront's ${p ?? "default behaviour"} reaches ${route.service}${hosts.length > 0 ? " under the origin's name" : ""}`,
        };
      }),
    ),
  ];
}

/** With a domain the public URL is known at synthesis: services get it as a plain value (AUTH_URL, CORS_ORIGIN…). */
function knownPublicUrlAsserts(c: ResolvedConfig): TfAssert[] {
  const url = publicUrlOf(c);
  if (url.kind !== "known") return [];
  return c.services.flatMap((s) =>
    s.compute !== "ecs"
      ? []
      : Object.entries(s.environment).flatMap(([key, v]) =>
          typeof v !== "string" && v.ref === "app.url"
            ? [{ condition: `{ for e in jsondecode(aws_ecs_task_definition.${s.name}.container_definitions)[0].environment : e.name => e.value }[${q(key)}] == ${q(url.url)}`, message: `${s.name}'s ${key} is the public URL, known at synthesis with a domain` }]
            : [],
        ),
  );
}

/** Every alarm the services phase sets (config/alarms.ts), by address. */
function alarmAddresses(c: ResolvedConfig): string[] {
  const running = c.services.filter((s) => s.compute === "ecs" && s.kind !== "task" && s.kind !== "job");
  const web = running.filter((s) => s.kind === "web");
  const appRunner = c.services.filter((s) => s.compute === "apprunner");
  return [
    ...running.flatMap((s) => ["ecs_cpu", "ecs_memory", "ecs_running_tasks"].map((k) => `aws_cloudwatch_metric_alarm.${s.name}_${k}_alarm`)),
    ...web.flatMap((s) => ["target_errors", "unhealthy_targets", "target_latency_p90", "target_client_errors"].map((k) => `aws_cloudwatch_metric_alarm.${s.name}_${k}_alarm`)),
    ...(web.length > 0 ? ["aws_cloudwatch_metric_alarm.load_balancer_errors_alarm", "aws_cloudwatch_metric_alarm.load_balancer_rejected_connections_alarm"] : []),
    ...appRunner.flatMap((s) => ["app_runner_errors", "app_runner_latency_p90"].map((k) => `aws_cloudwatch_metric_alarm.${s.name}_${k}_alarm`)),
  ];
}

/** The foundation's alarms: the database's and each cache node's. */
function foundationAlarmAddresses(c: ResolvedConfig): string[] {
  const nodes = c.cache ? Array.from({ length: 1 + c.cache.replicas }, (_, i) => String(i + 1).padStart(3, "0")) : [];
  const cacheKinds = ["cache_cpu", "cache_engine_cpu", "cache_memory", "cache_evictions", "cache_connections", ...(nodes.length > 1 ? ["cache_replication_lag"] : [])];
  return [
    ...(c.database ? ["cpu", "free_storage", "freeable_memory", "read_latency", "write_latency", "connections"].map((k) => `aws_cloudwatch_metric_alarm.database_${k}_alarm`) : []),
    ...nodes.flatMap((n) => cacheKinds.map((k) => `aws_cloudwatch_metric_alarm.${k}_${n}_alarm`)),
  ];
}

/** The dashboard's section headings, in order (constructs/dashboard/sections.ts). */
function dashboardHeadings(c: ResolvedConfig): string[] {
  const web = c.services.some((s) => s.kind === "web" && s.compute === "ecs");
  return [
    ...c.services.flatMap((s) => (s.compute === "apprunner" ? [`## Service ${s.name} (App Runner)`] : s.compute === "ecs" && s.kind !== "task" ? [`## Service ${s.name} (ECS)`] : [])),
    ...(web ? ["## Load balancer"] : []),
    ...(c.database ? ["## Database (PostgreSQL)"] : []),
    ...(c.cache ? ["## Cache (Redis)"] : []),
    ...(c.services.some((s) => s.kind === "job") ? ["## Batch jobs"] : []),
    ...(c.frontend.type !== "none" ? ["## CDN (CloudFront)"] : []),
    "## Alerts",
  ];
}

/** The dashboard, whatever the frontend: its sections, the upstream values in its graphs, and its URL. */
function dashboardAsserts(c: ResolvedConfig): TfAssert[] {
  const foundation = mockOutputs(FoundationContract, c) as Record<string, unknown>;
  const services = mockOutputs(ServicesContract, c) as Record<string, unknown>;
  const body = "aws_cloudwatch_dashboard.dashboard.dashboard_body";
  // Dimension values the graphs must show, read from the upstream phases' state.
  const dimensions: Array<[string, string]> = [
    ...Object.values(services.ecs_service_names as Record<string, string>).map((v): [string, string] => ["ServiceName", v]),
    ...Object.values(services.target_group_arn_suffixes as Record<string, string>).map((v): [string, string] => ["TargetGroup", v]),
    ...Object.values(services.apprunner_service_ids as Record<string, string>).map((v): [string, string] => ["ServiceID", v]),
    ...Object.values(services.batch_job_failure_rules as Record<string, string>).map((v): [string, string] => ["RuleName", v]),
    ...Object.values(foundation.cache_node_ids as Record<string, string>).map((v): [string, string] => ["CacheClusterId", v]),
    ...(c.database ? [["DBInstanceIdentifier", foundation.database_identifier as string] as [string, string]] : []),
  ];
  return [
    {
      condition: `output.cloudwatch_dashboard_url == ${q(`https://${c.region}.console.aws.amazon.com/cloudwatch/home?region=${c.region}#dashboards/dashboard/${c.names.prefix}`)}`,
      message: "the dashboard's URL is an output",
    },
    { condition: `[for w in jsondecode(${body}).widgets : w.properties.markdown if w.type == "text"] == ${q(dashboardHeadings(c))}`, message: "one dashboard section per service, the load balancer, the database, the cache, Batch and the CDN" },
    ...dimensions.map(([name, value]) => ({ condition: `strcontains(${body}, ${q(JSON.stringify([name, value]).slice(1, -1))})`, message: `the dashboard graphs ${name} ${value} from the upstream state` })),
  ];
}

/** What the frontend's apply asks the AWS CLI (the fake records `aws <args>`), with the mock's random values as patterns. */
function edgeCalls(c: ResolvedConfig): { assets: unknown[]; publicUrl: unknown[] } {
  const f = c.frontend;
  const bucket = `s3://${c.names.bucket("frontend")}`;
  const region = `--region ${c.region} --only-show-errors`;
  // The site's folder as the synthesized stack names it: relative to the stack's folder, where Terraform runs.
  const site = f.assets ? path.relative(sharedStackDir(c.environment, "frontend"), f.assets.directory) : "";
  const assets = f.assets
    ? [
        `aws s3 sync ${site} ${bucket} ${region} --exclude * ${f.assets.immutable.map((p) => `--include ${p}`).join(" ")} --cache-control public, max-age=31536000, immutable`,
        `aws s3 cp ${site} ${bucket} --recursive ${region} ${f.assets.immutable.map((p) => `--exclude ${p}`).join(" ")} --cache-control no-cache`,
        `aws s3 sync ${site} ${bucket} ${region} --size-only --delete`,
        expect.stringMatching(/^aws cloudfront create-invalidation --distribution-id \S+ --paths \/\* --query Invalidation\.Id --output text$/),
      ]
    : [];
  const readers = publishedUrlReaders(c);
  const publicUrl =
    readers.length > 0
      ? [
          expect.stringMatching(new RegExp(`^aws ssm put-parameter --region ${c.region} --cli-input-json \\{"Name":"${c.names.publicUrlParameter}","Value":"https://\\S+","Type":"SecureString","Overwrite":true\\}$`)),
          ...readers
            .filter((s) => s.compute === "ecs" && s.kind !== "task")
            .map((s) => `aws ecs update-service --region ${c.region} --cluster ${c.names.ecsCluster} --service ${s.name} --force-new-deployment --query service.serviceName --output text`),
        ]
      : [];
  return { assets, publicUrl };
}

/** The edge: origins, behaviours, protection, certificate, firewall, published assets and URL. */
function frontendAsserts(c: ResolvedConfig): TfAssert[] {
  const f = c.frontend;
  const services = mockOutputs(ServicesContract, c);
  const d = "aws_cloudfront_distribution.site";
  const url = f.hosts.length > 0 ? q(`https://${f.hosts[0]}`) : `"https://\${${d}.domain_name}"`;
  const routes = loadBalancerRoutes(f);
  const paths = routes.flatMap((r) => r.paths);
  return [
    { condition: `output.public_url == ${url}`, message: "the public URL is the first custom host, else the distribution's name" },
    {
      condition:
        c.region === "us-east-1"
          ? `aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.alarm_actions == toset([${q(mockOutputs(FoundationContract, c).alert_topic_arn as string)}])`
          : `aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.alarm_actions == toset([aws_sns_topic.alerts_us_east_1.arn])`,
      message: "the CDN's 5xx alarm (us-east-1) reaches an alert topic of its region",
    },
    { condition: `[for m in aws_cloudwatch_metric_alarm.cdn_error_rate_alarm.metric_query : m.metric[0].dimensions.DistributionId if m.id == "rate"] == [${d}.id]`, message: "the CDN alarm watches the distribution" },
    { condition: `length(${d}.custom_error_response) == 0`, message: "no distribution-wide error rewrite: an API's 404 stays a 404" },
    ...(f.hosts.length > 0
      ? [
          {
            condition: `one(${d}.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021" && one(${d}.viewer_certificate).acm_certificate_arn == aws_acm_certificate_validation.certificate_validation.certificate_arn`,
            message: "viewers get the validated us-east-1 certificate with TLS 1.2 (2021 ciphers) at least",
          },
          { condition: `toset(${d}.aliases) == toset(${q(f.hosts)})`, message: "aliases are the custom hosts" },
        ]
      : [{ condition: `one(${d}.viewer_certificate).cloudfront_default_certificate && ${d}.aliases == null`, message: "without custom hosts, CloudFront's own name and certificate" }]),
    { condition: `${d}.web_acl_id == ${c.waf.enabled ? "aws_wafv2_web_acl.firewall.arn" : "null"}`, message: "WAF as configured" },
    { condition: `[for b in ${d}.ordered_cache_behavior : b.path_pattern] == ${q(paths)}`, message: "one behaviour per routed path, in order" },
    ...(f.type === "static"
      ? [
          { condition: `output.site_bucket_name == ${q(c.names.bucket("frontend"))}`, message: "site bucket" },
          {
            condition: `one(${d}.default_cache_behavior).target_origin_id == "site-bucket" && [for a in one(${d}.default_cache_behavior).function_association : a.function_arn] == [aws_cloudfront_function.site_spa_routing.arn]`,
            message: "SPA routing runs on the static site's behaviour",
          },
          { condition: `alltrue([for b in ${d}.ordered_cache_behavior : !contains([for a in b.function_association : a.function_arn], aws_cloudfront_function.site_spa_routing.arn)])`, message: "SPA routing never runs on a routed path" },
        ]
      : [
          { condition: `output.site_bucket_name == ""`, message: "no bucket for a service frontend" },
          {
            condition: `one(${d}.default_cache_behavior).target_origin_id == "load-balancer" && one(${d}.default_cache_behavior).cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" && one(${d}.default_cache_behavior).viewer_protocol_policy == "redirect-to-https"`,
            message: "pages come from the load balancer, uncached, HTTPS only",
          },
          { condition: `length(${d}.origin) == 1`, message: "no bucket origin" },
        ]),
    ...(routes.length > 0
      ? [
          {
            condition: `one(aws_cloudfront_vpc_origin.site_load_balancer_origin.vpc_origin_endpoint_config).arn == ${q(services.load_balancer_arn)} && one(aws_cloudfront_vpc_origin.site_load_balancer_origin.vpc_origin_endpoint_config).origin_protocol_policy == ${q(c.domain ? "https-only" : "http-only")}`,
            message: "the load balancer is reached through a VPC origin, over HTTPS with a domain",
          },
          {
            condition: `[for o in ${d}.origin : o.domain_name if o.origin_id == "load-balancer"] == [${q(services.load_balancer_origin_host)}] && [for o in ${d}.origin : length(o.custom_origin_config) if o.origin_id == "load-balancer"] == [0]`,
            message: "the load balancer origin is the services phase's origin host, and no public custom origin",
          },
          {
            condition: `alltrue([for b in ${d}.ordered_cache_behavior : b.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac" && b.cache_policy_id == (contains(${q(routes.filter((r) => r.cache).flatMap((r) => r.paths))}, b.path_pattern) ? "658327ea-f89d-4fab-a63d-7e88639e58f6" : "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")])`,
            message: "routed paths forward every viewer header but Host, cookies and query strings; only cached routes are cached",
          },
        ]
      : []),
    ...(f.assets ? [{ condition: `terraform_data.site_assets.input.hash == ${q(f.assets.hash)}`, message: "assets are published by content hash" }] : []),
    ...(publishedUrlReaders(c).length > 0
      ? [{ condition: `terraform_data.publish_public_url.input == { url = ${url}, parameter = ${q(c.names.publicUrlParameter)} }`, message: "the distribution's URL is published to the services' parameter" }]
      : []),
  ];
}

const environments = shippedEnvironments();
const STACKS = Object.keys(CASES) as StackName[];

/** The platform keys a stack keeps from destruction (prevent_destroy where deletion protection is on), sorted. */
function retainedKeys(config: ResolvedConfig, stack: string): string[] {
  if (!config.protection.deletionProtection) return [];
  if (stack === "foundation" && config.encryption.mode === "platform") return ["aws_kms_key.keys_data_key", "aws_kms_key.keys_logs_key", "aws_kms_key.keys_secrets_key"];
  if (stack === "bootstrap" && config.stateBackend.key.kind === "platform" && config.stateBackend.manage) return ["aws_kms_key.state_key"];
  if (stack === "frontend" && config.encryption.mode === "platform" && config.region !== "us-east-1" && config.waf.enabled && config.frontend.type !== "none") return ["aws_kms_key.cdn_logs_key"];
  return [];
}

describe.concurrent("terraform test with mock_provider", () => {
  it.each(environments)("$environment: every stack validates and applies with the mock provider and upstream contract values, in one terraform test", async (config) => {
    const env = config.environment;
    // The phase guards are the same generated precondition in every environment: proven on the
    // first (dev), they would only cost a plan of the whole stack per upstream elsewhere.
    const guards = config === environments[0];
    // A cache whose nodes are not the ones its alarms name fails the foundation's check (once, on the first cache).
    const driftRun = config.cache && config === environments.find((c) => c.cache);
    const extraRuns = (stack: StackName) =>
      stack === "foundation" && driftRun
        ? [`run "check_warns_when_cache_nodes_are_others" {\n  command = plan\n${cacheMembersOverride([`${config.names.prefix}-redis-002`, `${config.names.prefix}-redis-003`], "plan", "  ")}  expect_failures = [check.cache_nodes_alarmed]\n}\n`]
        : [];
    const { dir, runs } = writeEnvironmentTest(
      path.dirname(sharedStackDir(env, "bootstrap")),
      config,
      STACKS.map((stack) => [stack, { upstreams: CASES[stack].upstreams, asserts: CASES[stack].asserts(config), guards, extraRuns: extraRuns(stack) }] as const),
    );
    // The test's runs use every stack's folder as a module: init records them (providers come from the suite's cache).
    expectOk(await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], tfEnv), `init ${env}`);
    // Build-mode images and the frontend's publishing run their local-exec under the mock provider: fake docker and aws record instead.
    const log = path.join(os.tmpdir(), `tftest-${env}.log`);
    fs.rmSync(log, { force: true });
    const r = await terraform(dir, ["test", "-no-color", "-filter=tests/environment.tftest.hcl"], { ...tfEnv, PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_LOG: log });
    const out = r.stderr + r.stdout;
    const retained = STACKS.flatMap((stack) => retainedKeys(config, stack)).sort();
    if (retained.length > 0) {
      // Every run passes; the clean-up destroy then stops at the retained keys (prevent_destroy), and only at them.
      expect(out.match(/^ {2}run "[^"]+"\.\.\. pass$/gm), out).toHaveLength(runs);
      expect([...out.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((m) => m[1]).sort()).toEqual(retained);
      expect(r.code).toBe(1);
    } else {
      expect(out).toMatch(new RegExp(`Success! ${runs} passed, 0 failed\\.`));
      expect(r.code).toBe(0);
    }
    // The same apply ran the frontend's publishing with a fake aws on PATH: each script's calls, in its order.
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    const group = (...tools: string[]) => calls.filter((l) => tools.some((t) => l.startsWith(`aws ${t} `)));
    const expected = edgeCalls(config);
    expect(group("s3", "cloudfront")).toEqual(expected.assets);
    expect(group("ssm", "ecs", "apprunner")).toEqual(expected.publicUrl);
  });
});

