/**
 * AWS Batch jobs (kind: job) on Fargate: staging's `evaluate`, submitted by its
 * api. The services phase gives each job its compute environment, queue, job
 * definition and failure rule; the foundation its log group, roles and the
 * submitter's permission, by name.
 */
import { Testing } from "cdktf";
import type { ResolvedConfig } from "../config/defaults";
import { parseEnvironment } from "../config/load";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import { stagingWith } from "./support/config-text";
import { configs, container, remote, res, synthOf as synth, withService } from "./support/stack-json";
import type { TerraformJson } from "./support/synth";

type Statement = { sid: string; effect: string; actions: string[]; resources: string[] };
const docsOf = (j: TerraformJson) => j.data!.aws_iam_policy_document as unknown as Record<string, { statement: Statement[] }>;
const fromText = (text: string) => parseEnvironment(text, "staging", "config/environments/staging.yaml", {});
const properties = (j: TerraformJson, job = "evaluate") => JSON.parse(res(j).aws_batch_job_definition[`${job}_definition`].container_properties as string);

const QUEUE_ARN = "arn:aws:batch:us-east-1:222222222222:job-queue/acme-ai-staging-evaluate";
const staging = synth(configs.staging);
const foundation = synth(configs.staging, FoundationStack);

describe("the compute environment", () => {
  it("is a managed Fargate environment with a name prefix, in the private subnets and the job's own group, capped at maxVcpus", () => {
    expect(res(staging).aws_batch_compute_environment).toEqual({
      evaluate_compute_environment: {
        compute_environment_name_prefix: "acme-ai-staging-evaluate-fargate-",
        type: "MANAGED",
        state: "ENABLED",
        compute_resources: {
          type: "FARGATE",
          max_vcpus: 16,
          subnets: remote("private_subnet_ids"),
          security_group_ids: [remote("app_security_group_id"), remote("service_security_group_ids.evaluate")],
        },
        lifecycle: { create_before_destroy: true },
      },
    });
  });

  it("has no service_role: Batch uses its service-linked role", () => {
    expect(res(staging).aws_batch_compute_environment.evaluate_compute_environment).not.toHaveProperty("service_role");
  });

  it("with spot: true runs on FARGATE_SPOT, under a name prefix of its own (the type cannot change in place)", () => {
    const spot = synth(withService(configs.staging, "evaluate", () => ({ spot: true })));
    expect(res(spot).aws_batch_compute_environment.evaluate_compute_environment).toMatchObject({
      compute_environment_name_prefix: "acme-ai-staging-evaluate-spot-",
      compute_resources: { type: "FARGATE_SPOT", max_vcpus: 16 },
      lifecycle: { create_before_destroy: true },
    });
  });

  it("takes maxVcpus from the config", () => {
    const small = synth(withService(configs.staging, "evaluate", () => ({ maxVcpus: 4 })));
    expect(res(small).aws_batch_compute_environment.evaluate_compute_environment.compute_resources.max_vcpus).toBe(4);
  });
});

describe("the queue", () => {
  it("is named after the job, enabled, priority 1, on the job's compute environment only", () => {
    expect(res(staging).aws_batch_job_queue).toEqual({
      evaluate_queue: {
        name: "acme-ai-staging-evaluate",
        state: "ENABLED",
        priority: 1,
        compute_environment_order: [{ order: 1, compute_environment: "${aws_batch_compute_environment.evaluate_compute_environment.arn}" }],
      },
    });
  });
});

describe("the job definition", () => {
  it("runs on Fargate with the configured timeout, bounded retries with staging's rules, and propagated tags", () => {
    const { container_properties: _properties, ...definition } = res(staging).aws_batch_job_definition.evaluate_definition;
    expect(definition).toEqual({
      name: "acme-ai-staging-evaluate",
      type: "container",
      platform_capabilities: ["FARGATE"],
      propagate_tags: true,
      timeout: { attempt_duration_seconds: 900 },
      retry_strategy: {
        attempts: 3,
        evaluate_on_exit: [
          { action: "retry", on_status_reason: "Host EC2*" },
          { action: "retry", on_reason: "CannotPullContainerError*" },
          { action: "exit", on_exit_code: "1" },
        ],
      },
    });
  });

  it("container properties: image, command, roles, size, non-root user on a read-only root, /tmp scratch, no public IP, logs", () => {
    expect(properties(staging)).toEqual({
      image: "${data.terraform_remote_state.images.outputs.image_uris.evaluate}",
      command: ["python", "-m", "app.evaluate"],
      jobRoleArn: remote("task_role_arns.evaluate"),
      executionRoleArn: remote("execution_role_arns.evaluate"),
      resourceRequirements: [
        { type: "VCPU", value: "1" },
        { type: "MEMORY", value: "2048" },
      ],
      environment: [
        { name: "APP_ENVIRONMENT", value: "staging" },
        { name: "AWS_REGION", value: "us-east-1" },
      ],
      user: "1000:1000",
      readonlyRootFilesystem: true,
      privileged: false,
      volumes: [{ name: "scratch-tmp" }],
      mountPoints: [{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }],
      networkConfiguration: { assignPublicIp: "DISABLED" },
      fargatePlatformConfiguration: { platformVersion: "LATEST" },
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": remote("log_group_names.evaluate"), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "job" },
      },
    });
  });

  it("the job role is not the execution role", () => {
    expect(properties(staging).jobRoleArn).not.toBe(properties(staging).executionRoleArn);
  });

  it.each([
    [256, 512, "0.25"],
    [512, 1024, "0.5"],
    [2048, 4096, "2"],
    [4096, 8192, "4"],
  ])("CPU %i with %i MiB is %s vCPU", (cpu, memory, vcpu) => {
    const j = synth(withService(configs.staging, "evaluate", () => ({ cpu, memory })));
    expect(properties(j).resourceRequirements).toEqual([
      { type: "VCPU", value: vcpu },
      { type: "MEMORY", value: String(memory) },
    ]);
  });

  it("each writable path is a scratch volume mounted read-write", () => {
    const j = synth(withService(configs.staging, "evaluate", (s) => ({ container: { ...s.container, writablePaths: ["/tmp", "/home/app/.cache"] } })));
    expect([properties(j).volumes, properties(j).mountPoints]).toEqual([
      [{ name: "scratch-tmp" }, { name: "scratch-home-app-cache" }],
      [
        { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
        { sourceVolume: "scratch-home-app-cache", containerPath: "/home/app/.cache", readOnly: false },
      ],
    ]);
  });

  it("without a command the image's CMD runs; without rules every failure is retried up to attempts", () => {
    const j = synth(withService(configs.staging, "evaluate", () => ({ command: undefined, retry: { attempts: 2, evaluateOnExit: [] } })));
    expect(properties(j)).not.toHaveProperty("command");
    expect(res(j).aws_batch_job_definition.evaluate_definition.retry_strategy).toEqual({ attempts: 2, evaluate_on_exit: [] });
  });

  it("reads secrets by JSON key through the execution role, and its references and data connections as environment", () => {
    const text = stagingWith((d) => {
      d.services[3].secrets = ["HF_TOKEN"];
      d.services[3].environment = { ARTIFACTS_BUCKET: { ref: "buckets.artifacts.name" }, MODE: "offline" };
      d.database.clients.push("evaluate");
    });
    const j = synth(fromText(text));
    expect(properties(j).secrets).toEqual([{ name: "HF_TOKEN", valueFrom: `${remote("secret_arns.evaluate")}:HF_TOKEN::` }]);
    expect(Object.fromEntries(properties(j).environment.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual({
      APP_ENVIRONMENT: "staging",
      ARTIFACTS_BUCKET: remote("bucket_names.artifacts"),
      AWS_REGION: "us-east-1",
      DB_AUTH: "secret",
      DB_HOST: remote("database_endpoint"),
      DB_NAME: remote("database_name"),
      DB_PORT: remote("database_port"),
      DB_SECRET_ARN: remote("database_secret_arn"),
      DB_SSLMODE: "require",
      DB_USERNAME: remote("database_username"),
      MODE: "offline",
    });
    const docs = docsOf(synth(fromText(text), FoundationStack));
    expect(docs.evaluate_execution_role_policy.statement.find((s) => s.sid === "ReadSecrets")).toMatchObject({ resources: ["${aws_secretsmanager_secret.evaluate_secret.arn}"] });
  });

  it("is no ECS task definition: the job only exists in Batch", () => {
    expect(Object.keys(res(staging).aws_ecs_task_definition)).toEqual(["api", "migrate", "worker"]);
    expect(staging.output!.task_definition_arns.value).not.toHaveProperty("evaluate");
  });
});

describe("the failure rule", () => {
  it("matches this queue's FAILED jobs by its ARN, named after the queue", () => {
    const rule = res(staging).aws_cloudwatch_event_rule.evaluate_failed;
    expect(rule).toEqual({ name: "acme-ai-staging-evaluate-failed", description: "Jobs of acme-ai-staging-evaluate that failed after their last attempt", event_pattern: expect.any(String) });
    expect(JSON.parse(rule.event_pattern as string)).toEqual({ source: ["aws.batch"], "detail-type": ["Batch Job State Change"], detail: { status: ["FAILED"], jobQueue: [QUEUE_ARN] } });
  });
});

describe("the foundation", () => {
  const docs = docsOf(foundation);

  it("gives the job a log group under /aws/batch with staging's retention, and publishes it", () => {
    expect(res(foundation).aws_cloudwatch_log_group.evaluate_logs).toEqual({ name: "/aws/batch/acme-ai-staging/evaluate", retention_in_days: 90 });
    expect((foundation.output!.log_group_names.value as Record<string, string>).evaluate).toBe("${aws_cloudwatch_log_group.evaluate_logs.name}");
  });

  it("the execution role pulls the job's image and writes its log group", () => {
    expect(docs.evaluate_execution_role_policy.statement).toEqual([
      { sid: "PullImages", effect: "Allow", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], resources: ["${aws_ecr_repository.evaluate_repository.arn}"] },
      { sid: "RegistryLogin", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      { sid: "WriteLogs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: ["${aws_cloudwatch_log_group.evaluate_logs.arn}:*"] },
    ]);
  });

  it("both roles are assumed by ECS tasks (Batch on Fargate), in this account only", () => {
    for (const role of ["evaluate_execution_role_trust", "evaluate_task_role_trust"]) {
      expect(docs[role].statement).toEqual([
        {
          sid: "AssumeFromService",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["222222222222"] }],
        },
      ]);
    }
  });

  it("the job role gets the job's own grants (bucketAccess), and no ECS Exec", () => {
    expect(docs.evaluate_task_role_policy.statement.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects", "WriteObjects"]);
  });

  it("the api may submit exactly the job's queue and definition (any revision) and follow jobs", () => {
    const submit = docs.api_task_role_policy.statement.filter((s) => s.sid === "SubmitJobevaluate" || s.sid === "FollowJobsevaluate");
    expect(submit).toEqual([
      {
        sid: "SubmitJobevaluate",
        effect: "Allow",
        actions: ["batch:SubmitJob"],
        resources: [QUEUE_ARN, "arn:aws:batch:us-east-1:222222222222:job-definition/acme-ai-staging-evaluate:*", "arn:aws:batch:us-east-1:222222222222:job/*"],
      },
      { sid: "FollowJobsevaluate", effect: "Allow", actions: ["batch:DescribeJobs", "batch:ListJobs"], resources: ["*"] },
    ]);
  });

  it("no other role may submit jobs", () => {
    for (const name of ["worker", "migrate", "evaluate"]) {
      expect(docs[`${name}_task_role_policy`]?.statement.flatMap((s) => s.actions).filter((a) => a.startsWith("batch:")) ?? []).toEqual([]);
    }
  });

  it("the job gets its own security group, published for the compute environment", () => {
    expect((foundation.output!.service_security_group_ids.value as Record<string, string>).evaluate).toBe("${aws_security_group.evaluate_tasks.id}");
    expect(res(foundation).aws_security_group.evaluate_tasks).toMatchObject({ name_prefix: "acme-ai-staging-evaluate-", vpc_id: "${aws_vpc.vpc.id}" });
  });
});

describe("the submitter", () => {
  it("the api's environment names the job's queue and definition (names, not resources)", () => {
    const env = Object.fromEntries(container(staging, "api").environment.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect([env.EVALUATE_JOB_QUEUE, env.EVALUATE_JOB_DEFINITION]).toEqual(["acme-ai-staging-evaluate", "acme-ai-staging-evaluate"]);
  });

  it("the services phase publishes each job's queue, definition and failure rule", () => {
    const out = staging.output!;
    expect([out.batch_job_queue_arns.value, out.batch_job_definition_arns.value, out.batch_job_failure_rules.value]).toEqual([
      { evaluate: "${aws_batch_job_queue.evaluate_queue.arn}" },
      { evaluate: "${aws_batch_job_definition.evaluate_definition.arn}" },
      { evaluate: "${aws_cloudwatch_event_rule.evaluate_failed.name}" },
    ]);
  });

  it("environments without jobs publish empty maps and create no Batch resources", () => {
    const dev = synth(configs.dev);
    expect([dev.output!.batch_job_queue_arns.value, dev.output!.batch_job_definition_arns.value, dev.output!.batch_job_failure_rules.value]).toEqual([{}, {}, {}]);
    expect([res(dev).aws_batch_compute_environment, res(dev).aws_batch_job_queue, res(dev).aws_batch_job_definition]).toEqual([undefined, undefined, undefined]);
    // The only event rule is the ECS deployments' (alerts), no job failure rule.
    expect(Object.keys(res(dev).aws_cloudwatch_event_rule)).toEqual(["deployment_failures"]);
  });
});

describe("more than one job, and the construct's own guards", () => {
  it("two jobs get two isolated environments, queues, definitions and rules", () => {
    const text = stagingWith((d) => {
      d.services.push({ ...d.services[3], name: "grade", maxVcpus: 4, spot: true });
      d.services[0].submitsJobs.push("grade");
    });
    const j = synth(fromText(text));
    expect(Object.keys(res(j).aws_batch_job_queue)).toEqual(["evaluate_queue", "grade_queue"]);
    expect(res(j).aws_batch_compute_environment.grade_compute_environment).toMatchObject({
      compute_environment_name_prefix: "acme-ai-staging-grade-spot-",
      compute_resources: { type: "FARGATE_SPOT", max_vcpus: 4, security_group_ids: [remote("app_security_group_id"), remote("service_security_group_ids.grade")] },
    });
    expect(res(j).aws_batch_job_queue.grade_queue.compute_environment_order).toEqual([{ order: 1, compute_environment: "${aws_batch_compute_environment.grade_compute_environment.arn}" }]);
    expect(JSON.parse(res(j).aws_cloudwatch_event_rule.grade_failed.event_pattern as string).detail.jobQueue).toEqual(["arn:aws:batch:us-east-1:222222222222:job-queue/acme-ai-staging-grade"]);
    const submit = docsOf(synth(fromText(text), FoundationStack)).api_task_role_policy.statement.filter((s) => s.actions.includes("batch:SubmitJob"));
    expect(submit.map((s) => s.resources[0])).toEqual([QUEUE_ARN, "arn:aws:batch:us-east-1:222222222222:job-queue/acme-ai-staging-grade"]);
  });

  it("a timeout below 60 seconds that got past validation is refused at synthesis", () => {
    const c: ResolvedConfig = withService(configs.staging, "evaluate", () => ({ timeoutSeconds: 30 }));
    expect(() => Testing.synth(new ServicesStack(Testing.app(), { config: c }))).toThrow("acme-ai-staging-evaluate: AWS Batch timeouts are at least 60 seconds");
  });
});
