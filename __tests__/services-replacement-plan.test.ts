/**
 * What a change to one service does to a deployed services stack, planned by the
 * real AWS provider. The deployed state is made offline (support/state-from-plan.ts):
 * dev's services stack is planned from nothing and re-planned against its recorded
 * values until the plan is empty. Then the changed configuration is planned
 * against that state, and the provider's own decisions (update in place, replace,
 * create-before-destroy) are read from the plan. dev gets a Batch job and an App
 * Runner service for this test, so one deployed state serves every compute kind.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { startFakeSts, type FakeSts } from "./support/aws-emulators";
import { deployedState, planChanges, providerSchemas, withoutPlanOnlyGuard, type ResourceChange } from "./support/state-from-plan";
import { stackDir, synthTo } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { tfEnv } from "./support/tf-env";

type Doc = { availabilityZones: string[]; services: Array<Record<string, unknown> & { environment?: Record<string, unknown> }> };

/** A Batch job and an App Runner service next to dev's ECS workloads. */
const JOB = { name: "grader", kind: "job", cpu: 1024, memory: 2048, image: { tag: "1.0.0" }, container: { user: "1000:1000" }, timeoutSeconds: 900, maxVcpus: 16 };
const APP_RUNNER = { name: "docs", kind: "web", compute: "apprunner", port: 3000, cpu: 1024, memory: 2048, image: { tag: "1.0.0" }, appRunner: { maxInstances: 4 } };
const job = (doc: Doc) => doc.services.find((s) => s.name === "grader")!;

function servicesDir(root: string, name: string, change: (doc: Doc) => void): string {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8")) as Doc;
  doc.services.push({ ...JOB }, { ...APP_RUNNER, appRunner: { ...APP_RUNNER.appRunner } });
  change(doc);
  const config = parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
  // Upstream values from the contract, as in plan-only mode, but plannable like a deployed stack.
  const dir = stackDir(synthTo(config, path.join(root, name), "mock"), "services");
  withoutPlanOnlyGuard(dir);
  return dir;
}

/**
 * address → actions, for everything the plan does not leave alone. terraform_data
 * records are left out: the recorded state holds provider resources only, so they
 * would always show as new.
 */
const changed = (changes: readonly ResourceChange[]) =>
  Object.fromEntries(
    changes.filter((c) => c.mode === "managed" && c.type !== "terraform_data" && !c.change.actions.every((a) => a === "no-op")).map((c) => [c.address, c.change.actions.join(",")]),
  );

describe("changing one service of a deployed services stack (real provider plan)", () => {
  let sts: FakeSts;
  let env: NodeJS.ProcessEnv;
  let root: string;
  let statePath: string;
  let deployed: string;
  let initialized: string;

  beforeAll(async () => {
    sts = await startFakeSts("111111111111");
    env = { ...tfEnv, AWS_ENDPOINT_URL_STS: sts.url };
    root = fs.mkdtempSync(path.join(os.tmpdir(), "services-plan-"));
    statePath = path.join(root, "services.tfstate");
    initialized = servicesDir(root, "before", () => {});
    fs.writeFileSync(path.join(initialized, "zz_local_state_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: statePath } } } }));
    expectOk(await terraform(initialized, ["init", "-input=false", "-no-color"], env), "init");
    const state = await deployedState(initialized, statePath, env, await providerSchemas(initialized, env));
    deployed = JSON.stringify(state);
  }, 240_000);

  afterAll(async () => {
    await sts?.stop();
  });

  async function plan(name: string, change: (doc: Doc) => void) {
    const dir = servicesDir(root, name, change);
    fs.cpSync(path.join(initialized, ".terraform"), path.join(dir, ".terraform"), { recursive: true });
    fs.cpSync(path.join(initialized, ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"));
    fs.writeFileSync(statePath, deployed);
    return changed((await planChanges(dir, statePath, env)).changes);
  }

  it("synthesizing the same configuration again gives the same Terraform, which plans no change against the deployed state", () => {
    const again = servicesDir(root, "same", () => {});
    expect(fs.readFileSync(path.join(again, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(initialized, "cdk.tf.json"), "utf8"));
  });

  it("a new size, variable and capacity strategy for the worker and new scaling for the api: a new worker revision first, everything else in place", async () => {
    const actions = await plan("worker", (doc) => {
      // Without force_new_deployment the provider would replace the whole service for this one.
      doc.services[1].capacity = { fargateWeight: 1, spotWeight: 3 };
      doc.services[1].cpu = 512;
      doc.services[1].memory = 1024;
      doc.services[1].environment = { ...doc.services[1].environment, FEATURE_FLAG: "on" };
      doc.services[0].autoscaling = { ...(doc.services[0].autoscaling as object), max: 4, cpuPercent: 60 };
      doc.services[0].healthCheck = { path: "/ready", gracePeriodSeconds: 120 };
    });
    expect(actions).toEqual({
      "aws_ecs_task_definition.worker": "create,delete",
      "aws_ecs_service.worker_service": "update",
      // dev's api scales on a schedule, which owns the target's bounds after the first deploy:
      // the new max is not applied over it (aws_appautoscaling_target stays).
      "aws_appautoscaling_policy.api_autoscaling_cpu_policy": "update",
      "aws_lb_target_group.load_balancer_api_target_group": "update",
      "aws_ecs_service.api_service": "update",
    });
  });

  // Not without a gap: the rule moves to the new, empty group at once, and requests get 503
  // until the new tasks pass their health checks (the README says so).
  it("a new container port for the api replaces its target group create-before-destroy and its port rules; the load balancer, listeners and the other services stay", async () => {
    const actions = await plan("port", (doc) => {
      doc.services[0].port = 8080;
    });
    expect(actions).toEqual({
      "aws_ecs_task_definition.api": "create,delete",
      "aws_ecs_service.api_service": "update",
      "aws_lb_target_group.load_balancer_api_target_group": "create,delete",
      "aws_lb_listener_rule.load_balancer_api_rule": "update",
      "aws_vpc_security_group_egress_rule.load_balancer_security_group_to_api_8000": "delete",
      "aws_vpc_security_group_egress_rule.load_balancer_security_group_to_api_8080": "create",
      "aws_vpc_security_group_ingress_rule.api_tasks_from_load_balancer_8000": "delete",
      "aws_vpc_security_group_ingress_rule.api_tasks_from_load_balancer_8080": "create",
      // The target group's alarms follow it to the new group, in place.
      "aws_cloudwatch_metric_alarm.api_target_client_errors_alarm": "update",
      "aws_cloudwatch_metric_alarm.api_target_errors_alarm": "update",
      "aws_cloudwatch_metric_alarm.api_target_latency_p90_alarm": "update",
      "aws_cloudwatch_metric_alarm.api_unhealthy_targets_alarm": "update",
    });
  });

  it("more vCPUs and subnets in a third zone for a Batch job: its compute environment is updated in place, its queue stays", async () => {
    const actions = await plan("vcpus", (doc) => {
      job(doc).maxVcpus = 32;
      doc.availabilityZones = [...doc.availabilityZones, "us-east-1c"];
    });
    expect(actions["aws_batch_compute_environment.grader_compute_environment"]).toBe("update");
    expect(actions["aws_batch_job_queue.grader_queue"]).toBeUndefined();
    expect(actions["aws_batch_job_definition.grader_definition"]).toBeUndefined();
  });

  // One plan for three independent changes (each resource's action is asserted exactly): a Terraform run saved twice.
  it("a Batch job moved to Fargate Spot with a new size, and new App Runner bounds: a new compute environment first with the queue moved to it, a new job definition revision, a new scaling configuration revision before the service moves to it", async () => {
    const actions = await plan("spot-size-apprunner", (doc) => {
      job(doc).spot = true;
      job(doc).memory = 4096;
      (doc.services.find((s) => s.name === "docs")!.appRunner as Record<string, unknown>).maxInstances = 8;
    });
    expect(actions).toEqual({
      // Spot: the new compute environment first, the queue moved to it, then the old one deleted
      "aws_batch_compute_environment.grader_compute_environment": "create,delete",
      "aws_batch_job_queue.grader_queue": "update",
      // the new size: a new job definition revision (the provider's update), the queue and environment otherwise untouched
      "aws_batch_job_definition.grader_definition": "update",
      // App Runner: a new configuration revision, created before the service moves to it
      "aws_apprunner_auto_scaling_configuration_version.docs_scaling": "create,delete",
      "aws_apprunner_service.docs": "update",
    });
  });
});
