/**
 * `platform deploy` with a fake `terraform` on PATH (support/fake-terraform):
 * phases in order with their progress and summary, the hand-off file of what now
 * exists, the first failure stopping the run at its phase and resource, prod's
 * typed confirmation, a lock held by someone else, and Ctrl-C during an apply
 * leaving the lock released (exit 130).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ResolvedConfig } from "../config/defaults";
import { run, type CliIo } from "../operator/cli";
import { HANDOFF_FILE } from "../operator/handoff";
import { mockOutputs, type Contract } from "../stacks/contract";
import { FoundationContract, FrontendContract, ImagesContract, ServicesContract } from "../stacks/contracts";
import { DASHBOARD_OUTPUT } from "../stacks/frontend-stack";
import { seededState } from "./support/seed-state";
import { REPO_ROOT, shippedEnvironments } from "./support/synth";

const FAKE_BIN = path.join(__dirname, "support", "fake-terraform");
const CONTRACTS: Record<string, Contract> = { foundation: FoundationContract, images: ImagesContract, services: ServicesContract, frontend: FrontendContract };
const byName = (name: string) => shippedEnvironments().find((c) => c.environment === name)!;

/** A workspace, the fake's state and output folders (each phase's outputs as its deploy will leave them), and its log. */
function fixture(config: ResolvedConfig) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-deploy-"));
  const dirs = { workspace: path.join(root, "ws"), states: path.join(root, "states"), outputs: path.join(root, "outputs"), log: path.join(root, "terraform.log") };
  fs.mkdirSync(dirs.states);
  fs.mkdirSync(dirs.outputs);
  for (const [phase, contract] of Object.entries(CONTRACTS)) {
    const state = JSON.parse(seededState(contract, config, { lineage: "00000000-0000-4000-8000-000000000000", serial: 1 }));
    if (phase === "frontend") state.outputs[DASHBOARD_OUTPUT] = { value: `https://${config.region}.console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${config.names.prefix}`, type: "string" };
    fs.writeFileSync(path.join(dirs.outputs, `${phase}.json`), JSON.stringify(state));
  }
  // The bootstrap stack has no contract: its outputs name the state bucket (and lock table).
  fs.writeFileSync(path.join(dirs.outputs, "bootstrap.json"), JSON.stringify({ version: 4, serial: 1, lineage: "00000000-0000-4000-8000-00000000000b", outputs: { state_bucket_name: { value: config.stateBackend.bucket, type: "string" } }, resources: [] }));
  const env: NodeJS.ProcessEnv = { PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH}`, FAKE_TF_STATES: dirs.states, FAKE_TF_OUTPUTS: dirs.outputs, FAKE_TF_LOG: dirs.log };
  const log = () => (fs.existsSync(dirs.log) ? fs.readFileSync(dirs.log, "utf8").trim().split("\n") : []);
  return { dirs, env, log };
}

async function platform(config: ResolvedConfig, f: ReturnType<typeof fixture>, argv: string[], extraEnv: NodeJS.ProcessEnv = {}, ask?: CliIo["ask"]) {
  let out = "";
  let err = "";
  const code = await run([...argv, "--json"], { ...f.env, ...extraEnv }, { stdout: (t) => (out += t), stderr: (t) => (err += t), tty: false, ask }, { workspaceBase: f.dirs.workspace, loadConfig: () => config });
  return { code, json: JSON.parse(out) as Record<string, any>, stderr: err };
}

const applies = (log: string[]) => log.filter((l) => l.startsWith("apply ")).map((l) => l.slice("apply ".length));

describe("platform deploy (fake terraform)", () => {
  const dev = byName("dev");

  it("bootstrap runs only when named, and first; the summary has a line per phase; status then shows it deployed", async () => {
    const f = fixture(dev);
    let out = "";
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), tty: false };
    const code = await run(["deploy", "foundation", "bootstrap"], { ...f.env, APP_ENV: "dev" }, io, { workspaceBase: f.dirs.workspace, loadConfig: () => dev });
    expect(code, out).toBe(0);
    expect(applies(f.log())).toEqual(["bootstrap", "foundation"]);
    expect(out.split("\n").slice(0, 2).map((l) => l.replace(/ \(\d+s\)$/, ""))).toEqual(["bootstrap: 3 added, 0 changed, 0 destroyed", "foundation: 3 added, 0 changed, 0 destroyed"]);
    const s = await platform(dev, f, ["status", "dev"], { PATH: `${path.join(__dirname, "support", "fake-aws")}${path.delimiter}${f.env.PATH}` });
    expect(s.json.phases.slice(0, 2).map((p: { phase: string; deployed: boolean }) => [p.phase, p.deployed])).toEqual([["bootstrap", true], ["foundation", true]]);
  });

  it("deploys the phases in order, each after its upstream, and writes what now exists", async () => {
    const f = fixture(dev);
    const r = await platform(dev, f, ["deploy", "dev"]);
    expect(r.code, JSON.stringify(r.json)).toBe(0);
    expect(r.json.phases.map((p: Record<string, unknown>) => [p.phase, p.add, p.change, p.destroy])).toEqual(["foundation", "images", "services", "frontend"].map((p) => [p, 3, 0, 0]));
    expect(applies(f.log())).toEqual(["foundation", "images", "services", "frontend"]);
    expect(r.json.handoff).toBe(path.join(f.dirs.workspace, "dev", HANDOFF_FILE));
    const handoff = fs.readFileSync(r.json.handoff, "utf8").split("\n");
    const images = mockOutputs(ImagesContract, dev) as { image_uris: Record<string, string>; image_tags: Record<string, string> };
    const services = mockOutputs(ServicesContract, dev) as { service_urls: Record<string, string>; load_balancer_dns_name: string; run_task_commands: Record<string, string> };
    const expected: Array<[string, string]> = [
      ["ENVIRONMENT", "dev"],
      ["AWS_REGION", dev.region],
      ["PUBLIC_URL", mockOutputs(FrontendContract, dev).public_url as string],
      ["DASHBOARD_URL", `https://${dev.region}.console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${dev.names.prefix}`],
      ["API_URL", services.service_urls.api],
      ["LOAD_BALANCER_DNS_NAME", services.load_balancer_dns_name],
      ["ECS_CLUSTER", dev.names.ecsCluster],
      ...Object.entries(images.image_uris).map(([k, v]): [string, string] => [`${k.toUpperCase()}_IMAGE_URI`, v]),
      ...Object.entries(images.image_tags).map(([k, v]): [string, string] => [`${k.toUpperCase()}_IMAGE_TAG`, v]),
      ["MIGRATE_RUN_TASK", services.run_task_commands.migrate],
    ];
    expect(handoff.slice(1, -1).map((l) => l.split("=")[0])).toEqual(expected.map(([k]) => k));
    // A shell that sources the file gets every value exactly (quoted where it must be: #, spaces, quotes).
    const sourced = execFileSync("env", ["-i", "sh", "-c", 'set -a; . "$0"; exec env', r.json.handoff], { encoding: "utf8" });
    const values = new Map(sourced.split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(expected.map(([k]) => [k, values.get(k)])).toEqual(expected);
    expect(handoff[0]).toMatch(/^# What is deployed in environment dev, written by platform deploy at \d{4}-\d\d-\d\dT/);
  });

  it("stops at the first failure, naming the phase and the resource; no later phase runs (exit 1)", async () => {
    const f = fixture(dev);
    const r = await platform(dev, f, ["deploy", "dev"], { FAKE_TF_FAIL: "services" });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ exitCode: 1, failedPhase: "services", failedResource: expect.stringMatching(/^aws_\w+\.\w+$/) });
    expect(r.json.error).toBe(
      `deploy stopped at phase services: ${r.json.failedResource} failed: creating resource: operation error: AccessDenied: User is not authorized to perform this action; later phases did not run`,
    );
    expect(applies(f.log())).toEqual(["foundation", "images", "services"]);
  });

  it("a phase whose upstream is not deployed is refused before Terraform applies anything", async () => {
    const f = fixture(dev);
    const r = await platform(dev, f, ["deploy", "dev", "services"]);
    expect(r.code).toBe(1);
    expect(r.json.error).toBe("deploy stopped at phase services: its upstream phase foundation is not deployed; deploy it first (platform deploy foundation); later phases did not run");
    expect(applies(f.log())).toEqual([]);
  });

  it("a lock held by someone else stops the phase with Terraform's lock error and who holds it", async () => {
    const f = fixture(dev);
    const r = await platform(dev, f, ["deploy", "dev"], { FAKE_TF_LOCKED: "foundation" });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatch(/^deploy stopped at phase foundation: Error acquiring the state lock: Error message: operation error S3: PutObject, StatusCode: 412/);
    expect(applies(f.log())).toEqual(["foundation"]);
  });

  it("prod asks for the environment's name: no terminal and no --yes, or a wrong answer, deploys nothing (exit 5); the right one, or --yes, deploys", async () => {
    const prod = byName("prod");
    const f = fixture(prod);
    expect(await platform(prod, f, ["deploy", "prod"])).toMatchObject({ code: 5, json: { error: "deploying to prod needs a typed confirmation; there is no terminal to ask on, so pass --yes to confirm" } });
    const questions: string[] = [];
    const answer = (text: string) => async (q: string) => (questions.push(q), text);
    expect(await platform(prod, f, ["deploy", "prod"], {}, answer("production"))).toMatchObject({ code: 5, json: { error: 'not confirmed ("production" is not "prod"); nothing was deployed' } });
    expect(questions).toEqual([`Deploy foundation, images, services, frontend to prod (prod, account ${prod.accountId}, ${prod.region})? Type the environment name to confirm: `]);
    expect(applies(f.log())).toEqual([]);
    expect((await platform(prod, f, ["deploy", "prod", "foundation"], {}, answer("prod"))).code).toBe(0);
    expect((await platform(prod, f, ["deploy", "prod", "images", "--yes"])).code).toBe(0);
    expect(applies(f.log())).toEqual(["foundation", "images"]);
  });

  it("Ctrl-C during an apply: Terraform stops at a safe point, the lock is released, the runner exits 130 and no later phase runs", async () => {
    const f = fixture(dev);
    // The real command line, as an operator runs it, in the project folder.
    const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["operator/cli.ts", "deploy", "dev", "--json"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...f.env, FAKE_TF_HANG: "images", PLATFORM_DIR: f.dirs.workspace },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const lock = path.join(f.dirs.states, "images.lock");
    for (let i = 0; i < 600 && !fs.existsSync(lock); i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(lock)).toBe(true);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(fs.existsSync(lock)).toBe(false);
    expect(JSON.parse(out)).toMatchObject({ exitCode: 130, failedPhase: "images", error: expect.stringContaining("interrupted (Ctrl-C): Terraform stopped at a safe point and released the state lock") });
    expect(applies(f.log())).toEqual(["foundation", "images"]);
  });
});

describe("platform destroy (fake terraform)", () => {
  const dev = byName("dev");
  const destroys = (log: string[]) => log.filter((l) => l.startsWith("destroy ")).map((l) => l.slice("destroy ".length));

  it("lists what would be lost, asks for the environment's name (or --confirm), then destroys in reverse phase order", async () => {
    const f = fixture(dev);
    expect((await platform(dev, f, ["deploy", "dev"])).code).toBe(0);
    // The foundation's state as AWS left it: a database and a bucket among its resources.
    const file = path.join(f.dirs.states, "foundation.json");
    const state = JSON.parse(fs.readFileSync(file, "utf8"));
    state.resources = [
      { mode: "managed", type: "aws_db_instance", name: "database", instances: [{ attributes: { identifier: "acme-ai-dev-db" } }] },
      { mode: "managed", type: "aws_s3_bucket", name: "artifacts", instances: [{ attributes: { bucket: dev.names.bucket("artifacts") } }] },
      { mode: "managed", type: "aws_security_group", name: "app", instances: [{ attributes: { id: "sg-1" } }] },
      { mode: "data", type: "aws_s3_bucket", name: "elsewhere", instances: [{ attributes: { bucket: "not-ours" } }] },
    ];
    fs.writeFileSync(file, JSON.stringify(state));
    const losses = [
      { phase: "foundation", type: "aws_db_instance", name: "acme-ai-dev-db", what: "database (and its automated backups)" },
      { phase: "foundation", type: "aws_s3_bucket", name: dev.names.bucket("artifacts"), what: "bucket and every object in it" },
    ];

    const unasked = await platform(dev, f, ["destroy", "dev"]);
    expect(unasked).toMatchObject({ code: 5, json: { error: "destroying needs the environment's name typed; there is no terminal to ask on, so pass --confirm dev", losses } });
    expect(await platform(dev, f, ["destroy", "dev", "--confirm", "prod"])).toMatchObject({ code: 5, json: { error: 'not confirmed ("prod" is not "dev"); nothing was destroyed' } });
    expect(destroys(f.log())).toEqual([]);

    const r = await platform(dev, f, ["destroy", "dev", "--confirm", "dev"]);
    expect(r.code, JSON.stringify(r.json)).toBe(0);
    expect(r.json.phases.map((p: Record<string, unknown>) => [p.phase, p.destroyed])).toEqual(["frontend", "services", "images", "foundation"].map((p) => [p, 3]));
    expect(destroys(f.log())).toEqual(["frontend", "services", "images", "foundation"]);
    expect(fs.readdirSync(f.dirs.states)).toEqual([]);
  });

  it("is refused while deletion protection is on, saying how to turn it off (exit 6); destroy takes no --yes", async () => {
    const staging = byName("staging");
    const f = fixture(staging);
    expect(await platform(staging, f, ["destroy", "staging", "--confirm", "staging"])).toMatchObject({
      code: 6,
      json: { error: `deletion protection is on for staging (deletionProtection: true, the staging default); set deletionProtection: false (and database.deletionProtection: false) in ${staging.sourceFile}, deploy, then destroy; nothing was destroyed` },
    });
    expect(await platform(staging, f, ["destroy", "staging", "--yes"])).toMatchObject({ code: 4, json: { error: expect.stringMatching(/^destroy is always confirmed by the environment's name/) } });
    expect(destroys(f.log())).toEqual([]);
  });
});

describe("platform run and redeploy (fake terraform and aws)", () => {
  const dev = byName("dev");
  const FAKE_AWS = path.join(__dirname, "support", "fake-aws");
  /** dev deployed (fake terraform), with a fake aws that records its calls. */
  async function deployed() {
    const f = fixture(dev);
    expect((await platform(dev, f, ["deploy", "dev"])).code).toBe(0);
    const awsLog = path.join(f.dirs.states, "..", "aws.log");
    const env = { PATH: `${FAKE_AWS}${path.delimiter}${f.env.PATH}`, FAKE_AWS_LOG: awsLog };
    const calls = () => (fs.existsSync(awsLog) ? fs.readFileSync(awsLog, "utf8").trim().split("\n").map((l) => JSON.parse(l) as string[]) : []);
    return { f, env, calls };
  }

  it("status: each deployed phase with its contract, serial and when its state was last written; without the AWS CLI's answer, no time", async () => {
    const { f, env, calls } = await deployed();
    let out = "";
    const io = { stdout: (t: string) => (out += t), stderr: () => undefined, tty: false };
    expect(await run(["status", "dev"], { ...f.env, ...env }, io, { workspaceBase: f.dirs.workspace, loadConfig: () => dev })).toBe(0);
    const row = (phase: string) => out.split("\n").find((l) => l.startsWith(`| ${phase} |`));
    expect(row("bootstrap")).toBe("| bootstrap | no | - | - | - |");
    expect(row("foundation")).toBe(`| foundation | yes | v${FoundationContract.version} | 1 | 2026-11-26 05:00:00 |`);
    // One head-object per deployed phase, on its own state object.
    expect(calls().filter((c) => c[0] === "s3api")).toEqual(["foundation", "images", "services", "frontend"].map((p) => [
      "s3api", "head-object", "--bucket", dev.stateBackend.bucket, "--key", `${dev.stateBackend.keyPrefix}/dev/${p}.tfstate`, "--region", dev.region, "--query", "LastModified", "--output", "text",
    ]));
    const failing = await platform(dev, f, ["status", "dev"], { ...env, FAKE_AWS_FAIL: "s3api head-object" });
    expect(failing.code).toBe(0);
    expect(failing.json.phases.find((p: { phase: string }) => p.phase === "foundation")).toEqual({ phase: "foundation", deployed: true, contractVersion: FoundationContract.version, serial: 1 });
  });

  it("run starts the task with its network settings, streams its logs, and exits with the container's exit code", async () => {
    const { f, env, calls } = await deployed();
    let out = "";
    const code = await run(["run", "dev", "migrate"], { ...f.env, ...env, FAKE_AWS_EXIT_CODE: "3" }, { stdout: (t) => (out += t), stderr: () => undefined, tty: false }, { workspaceBase: f.dirs.workspace, loadConfig: () => dev });
    expect(code).toBe(3);
    expect(out.split("\n")).toEqual([
      "2026-11-26T03:00:00 INFO  [alembic] Running upgrade -> 0001",
      "2026-11-26T03:00:01 INFO  [alembic] Done",
      "migrate ended with exit code 3 (Essential container in task exited)",
      "",
    ]);
    const services = mockOutputs(ServicesContract, dev) as { ecs_cluster_name: string; task_subnet_ids: string[]; task_security_group_ids: Record<string, string> };
    const foundation = mockOutputs(FoundationContract, dev) as { log_group_names: Record<string, string> };
    const task = "arn:aws:ecs:us-east-1:111111111111:task/acme-ai-dev/0123456789abcdef0123456789abcdef";
    const region = ["--region", dev.region];
    const [started, ...rest] = calls();
    expect(started).toEqual(["ecs", "run-task", ...region, "--cluster", services.ecs_cluster_name, "--task-definition", `${dev.names.prefix}-migrate`, "--capacity-provider-strategy", "capacityProvider=FARGATE,weight=1",
      "--network-configuration", `awsvpcConfiguration={subnets=[${services.task_subnet_ids.join(",")}],securityGroups=[${services.task_security_group_ids.migrate}],assignPublicIp=DISABLED}`,
      "--started-by", "platform-run", "--query", "tasks[0].taskArn", "--output", "text"]);
    // The log tail and the wait run side by side (either may start first); the exit code is read last.
    expect(rest.slice(0, 2)).toEqual(expect.arrayContaining([
      ["logs", "tail", foundation.log_group_names.migrate, ...region, "--follow", "--format", "short", "--log-stream-names", "migrate/migrate/0123456789abcdef0123456789abcdef"],
      ["ecs", "wait", "tasks-stopped", ...region, "--cluster", services.ecs_cluster_name, "--tasks", task],
    ]));
    expect(rest.slice(2)).toEqual([["ecs", "describe-tasks", ...region, "--cluster", services.ecs_cluster_name, "--tasks", task, "--query", "tasks[0].[containers[0].exitCode, stoppedReason]", "--output", "text"]]);
  });

  it("run of something that is not a task, and a refused run-task, fail with what to do or the CLI's own message", async () => {
    const { f, env } = await deployed();
    const r = await platform(dev, f, ["run", "dev", "api"], env);
    expect(r).toMatchObject({ code: 4, json: { error: '"api" is not a one-off task of dev; tasks: migrate' } });
    const denied = await platform(dev, f, ["run", "dev", "migrate"], { ...env, FAKE_AWS_FAIL: "ecs run-task" });
    expect(denied).toMatchObject({ code: 1, json: { error: "platform run failed: starting migrate failed: An error occurred (AccessDeniedException) when calling the RunTask operation: User is not authorized to perform: ecs:RunTask" } });
  });

  it("redeploy forces a new deployment of a running service and waits until it is stable", async () => {
    const { f, env, calls } = await deployed();
    const r = await platform(dev, f, ["redeploy", "dev", "api"], env);
    expect(r).toMatchObject({ code: 0, json: { service: "api", compute: "ecs" } });
    const cluster = (mockOutputs(ServicesContract, dev) as { ecs_cluster_name: string }).ecs_cluster_name;
    expect(calls()).toEqual([
      ["ecs", "update-service", "--region", dev.region, "--cluster", cluster, "--service", "api", "--force-new-deployment", "--query", "service.serviceName", "--output", "text"],
      ["ecs", "wait", "services-stable", "--region", dev.region, "--cluster", cluster, "--services", "api"],
    ]);
    expect(await platform(dev, f, ["redeploy", "dev", "migrate"], env)).toMatchObject({ code: 4, json: { error: '"migrate" is not a running service of dev; services: api, worker' } });
  });
});

