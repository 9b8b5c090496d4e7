/**
 * `terraform test` with `mock_provider "aws"`: every stack of every shipped
 * environment is validated against the real provider schema, plans and applies, with upstream remote state overridden by values
 * shaped like the upstream contract, and the wiring asserted inside Terraform.
 */
import * as os from "node:os";
import * as path from "node:path";
import type { ResolvedConfig } from "../config/defaults";
import type { Contract } from "../stacks/contract";
import { mockOutputs } from "../stacks/contract";
import { FoundationContract, ImagesContract, ServicesContract } from "../stacks/contracts";
import type { StackName } from "../stacks/phases";
import { sharedStackDir, shippedEnvironments } from "./support/synth";
import { terraform } from "./support/terraform";
import { writeMockApplyTest, type TfAssert } from "./support/tftest";
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
              { condition: `one(aws_lb_listener.load_balancer_http_listener.default_action).type == "redirect"`, message: "HTTP only redirects" },
            ]
          : []),
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
    asserts: (c) =>
      c.frontend.type === "static"
        ? [
            { condition: `output.site_bucket_name == ${q(c.names.bucket("frontend"))}`, message: "site bucket" },
            { condition: `startswith(output.site_url, "https://")`, message: "site served over HTTPS" },
          ]
        : [],
  },
};

const cases = shippedEnvironments().flatMap((config) =>
  (Object.keys(CASES) as StackName[]).map((stack) => ({ env: config.environment, stack, config })),
);

describe.concurrent("terraform test with mock_provider", () => {
  it.each(cases)("$env/$stack applies with the mock provider and upstream contract values", async ({ env, stack, config }) => {
    const dir = sharedStackDir(env, stack);
    writeMockApplyTest(dir, config, CASES[stack].upstreams, CASES[stack].asserts(config));
    // Build-mode images run their local-exec under the mock provider: fake docker and aws record instead.
    const r = await terraform(dir, ["test", "-no-color"], { ...tfEnv, PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_LOG: path.join(os.tmpdir(), `tftest-${env}-${stack}.log`) });
    // The apply run, and one run per upstream proving its phase guard refuses another environment's state.
    expect(r.stderr + r.stdout).toMatch(new RegExp(`Success! ${1 + CASES[stack].upstreams.length} passed, 0 failed\\.`));
    expect(r.code).toBe(0);
  });
});
