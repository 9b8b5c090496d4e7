/**
 * The shared remote state for real: Terraform's S3 backend with DynamoDB locking
 * against s3rver + dynalite on loopback, a fake STS so the provider's account
 * check runs, and real `terraform init` / `terraform plan` of every stack in phase
 * order, with downstream stacks reading upstream outputs through the backend.
 * Used by __tests__/state-backend-*.test.ts, each for some of the environments.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedConfig } from "../../config/defaults";
import { publishedUrlReaders } from "../../config/frontend";
import type { Contract } from "../../stacks/contract";
import { FoundationContract, FrontendContract, ImagesContract, ServicesContract } from "../../stacks/contracts";
import { PHASES, type Phase } from "../../stacks/phases";
import { PLAN_ONLY_MESSAGE, PLAN_ONLY_STATE_FILE } from "../../stacks/plan-only-guard";
import { EMULATOR_CREDENTIALS, startEmulators, startFakeSts, type Emulators } from "./aws-emulators";
import { seededState } from "./seed-state";
import { CACHE_DIR, stackDir, synthTo } from "./synth";
import { expectOk, startTerraform, terraform, type TfResult } from "./terraform";
import { tfEnv } from "./tf-env";

const CONTRACTS: Record<Phase, Contract> = { foundation: FoundationContract, images: ImagesContract, services: ServicesContract, frontend: FrontendContract };

/** The shipped environment, pointed at the emulators. */
function emulated(base: ResolvedConfig, emu: Emulators, keyPrefix?: string): ResolvedConfig {
  const locksInDynamo = base.stateBackend.locking !== "lockfile";
  return {
    ...base,
    stateBackend: {
      ...base.stateBackend,
      keyPrefix: keyPrefix ?? base.stateBackend.keyPrefix,
      endpoints: { s3: emu.s3, sts: emu.sts, ...(locksInDynamo ? { dynamodb: emu.dynamodb } : {}) },
      usePathStyle: true,
    },
  };
}

const planArgs = ["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-detailed-exitcode"];

/**
 * The backend suite for some environments (split over test files so the two
 * workers share the load). Every environment plans every phase through the
 * backend; checks whose outcome does not depend on the environment run less
 * often: the lock test once per locking mode (across all `shipped` environments),
 * the account check once per file, the phase guards and the plan-only proof once.
 */
export function backendSuite(environments: readonly ResolvedConfig[], shipped: readonly ResolvedConfig[]): void {
  const firstOfLockingMode = (c: ResolvedConfig) => shipped.find((x) => x.stateBackend.locking === c.stateBackend.locking)?.environment === c.environment;
  describe.each(environments)("real S3 backend on loopback: $environment (locking: $stateBackend.locking)", (base) => {
    let emu: Emulators;
    let config: ResolvedConfig;
    let outdir: string;
    let env: NodeJS.ProcessEnv;
    const dir = (phase: Phase) => stackDir(outdir, phase);

    /** The phases this suite pushed a state for: nothing else writes these states. */
    const pushed = new Set<Phase>();

    /** Push a state holding `phase`'s contract outputs through the real backend (with its locking). */
    async function seed(phase: Phase, withoutMarker = false): Promise<void> {
      // A second push continues the lineage and serial the backend holds (it may have given the first
      // push a lineage of its own); a first push starts one, with no state pull to pay for.
      const current = pushed.has(phase) ? expectOk(await terraform(dir(phase), ["state", "pull"], env), `state pull ${phase}`).stdout.trim() : "";
      const { lineage, serial } = current ? (JSON.parse(current) as { lineage: string; serial: number }) : { lineage: randomUUID(), serial: 0 };
      const file = path.join(outdir, `${phase}-seed.tfstate`);
      fs.writeFileSync(file, seededState(CONTRACTS[phase], config, { lineage, serial: serial + 1, withoutMarker }));
      expectOk(await terraform(dir(phase), ["state", "push", "-lock-timeout=0s", file], env), `state push ${phase}`);
      pushed.add(phase);
    }

    const plan = (phase: Phase, extraEnv: NodeJS.ProcessEnv = {}): Promise<TfResult> => terraform(dir(phase), planArgs, { ...env, ...extraEnv });

    beforeAll(async () => {
      emu = await startEmulators({ buckets: [base.stateBackend.bucket], accountId: base.accountId });
      if (base.stateBackend.locking !== "lockfile") await emu.createTable(base.stateBackend.lockTable);
      config = emulated(base, emu);
      outdir = synthTo(config, path.join(CACHE_DIR, "backend", base.environment));
      env = { ...tfEnv, ...EMULATOR_CREDENTIALS, AWS_ENDPOINT_URL_STS: emu.sts };
      for (const phase of PHASES) expectOk(await terraform(dir(phase), ["init", "-input=false", "-no-color"], env), `init ${phase}`);
    });

    afterAll(async () => {
      await emu?.stop();
    });

    // The phase guards are the same generated precondition in every environment: proven on the first.
    const guardEnvironment = base === shipped[0];
    if (guardEnvironment) it("a downstream phase cannot plan before its upstream was deployed", async () => {
      const r = await plan("images");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Unable to find remote state/);
    });

    if (guardEnvironment) it("an upstream state without the phase contract stops the plan and names the phase to deploy first", async () => {
      await seed("foundation", true);
      const r = await plan("images");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Resource postcondition failed/);
      expect(r.stderr.replace(/\s+/g, " ")).toContain(
        `The foundation phase of environment "${config.environment}" has no outputs in s3://${config.stateBackend.bucket}/${config.stateBackend.keyPrefix}/${config.environment}/foundation.tfstate`,
      );
      expect(r.stderr.replace(/\s+/g, " ")).toContain(`APP_ENV=${config.environment} npx cdktf deploy foundation --ignore-missing-stack-dependencies`);
    });

    it("plans every phase in order, each reading its upstream's outputs through the backend", async () => {
      const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const registry = `${config.accountId}.dkr.ecr.${config.region}.amazonaws.com`;
      const uri = (s: ResolvedConfig["services"][number]) => `${registry}/${s.repositoryName}:${s.imageTag}`;
      // A service whose container definitions are known at plan: none of its values comes from this phase's
      // resources (a load balancer's name, the public URL's parameter ARN), which exist only after apply.
      const readers = new Set(publishedUrlReaders(config).map((s) => s.name));
      const knownAtPlan = (s: ResolvedConfig["services"][number]) =>
        !readers.has(s.name) && !Object.values(s.environment).some((v) => typeof v !== "string" && /^(services|loadBalancer|app)\./.test(v.ref));
      const ecs = config.services.find((s) => s.compute === "ecs" && knownAtPlan(s));
      // The GitHub plan role's policies are known at plan: the real provider renders its NotResource and condition keys.
      const sb = config.stateBackend;
      const stateObjects = `${sb.bucket}/${sb.keyPrefix}/${config.environment}/*`;
      const githubRoles = config.github
        ? [
            new RegExp(`aws_iam_role\\.github_plan will be created[\\s\\S]*\\+ name\\s+= "${esc(config.names.planRole)}"`),
            new RegExp(`\\+ NotResource\\s+= "arn:${config.partition}:s3:::${esc(stateObjects)}"`),
            new RegExp(`\\+ Sid\\s+= "ReadConfiguration"`),
            ...(sb.locking === "lockfile" ? [] : [new RegExp(`\\+ "dynamodb:LeadingKeys"\\s+= "${esc(stateObjects)}"`)]),
          ]
        : [];
      const expectations: Record<Phase, RegExp[]> = {
        foundation: [new RegExp(`aws_ecr_repository\\.${config.services[0].name}_repository will be created`), ...githubRoles],
        // The URI is built from the foundation's repository URL, read from S3.
        images: [new RegExp(`\\+ uri\\s+= "${esc(uri(config.services[0]))}"`)],
        // The task definition runs the URI read from the images phase's state.
        services: ecs ? [new RegExp(`\\+ image\\s+= "${esc(uri(ecs))}"`)] : [/aws_ecs_cluster\.cluster will be created/],
        // The environment's dashboard, whatever the frontend (with type none, only it).
        frontend: [/aws_cloudwatch_dashboard\.dashboard will be created/, ...(config.frontend.type === "none" ? [] : [/aws_cloudfront_distribution\.site will be created/])],
      };
      for (const phase of PHASES) {
        const r = await plan(phase);
        expect(r.stderr).toBe("");
        // 2 = succeeded with changes: every phase creates something.
        expect(r.code, `plan ${phase}`).toBe(2);
        for (const e of expectations[phase]) expect(r.stdout).toMatch(e);
        await seed(phase);
      }
      // The provider's account check asked the (fake) STS who we are.
      expect(emu.stsCalls.some((b) => b.includes("GetCallerIdentity"))).toBe(true);
    });

    if (base === environments[0]) it("the provider refuses credentials of another account (allowed_account_ids)", async () => {
      const wrong = await startFakeSts("999999999999");
      try {
        const r = await plan("foundation", { AWS_ENDPOINT_URL_STS: wrong.url });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/AWS account ID not allowed: 999999999999/);
      } finally {
        await wrong.stop();
      }
    });

    if (firstOfLockingMode(base)) it("a second run against a held lock fails with Terraform's lock error, and the state stays intact", async () => {
      // use_lockfile: Terraform takes the lock by a conditional PutObject (If-None-Match: *) of
      // <state key>.tflock, which the emulators' S3 front implements (s3rver alone ignores it).
      const usesLockfile = base.stateBackend.locking !== "dynamodb";
      const lockKey = `${config.stateBackend.keyPrefix}/${config.environment}/foundation.tfstate.tflock`;
      const lockWrites = () => emu.conditionalWrites.filter((w) => w.bucket === config.stateBackend.bucket && w.key === lockKey);
      const lockObject = async () => (await fetch(`${emu.s3rver}/${config.stateBackend.bucket}/${lockKey}`, { method: "HEAD" })).status;
      /** The state object's bytes as stored (null while none was pushed, e.g. when this test runs alone). */
      const stateObject = async () => {
        const res = await fetch(`${emu.s3rver}/${config.stateBackend.bucket}/${config.stateBackend.keyPrefix}/${config.environment}/foundation.tfstate`);
        const body = Buffer.from(await res.arrayBuffer());
        return res.status === 404 ? null : (expect(res.status).toBe(200), body);
      };
      const writesBefore = lockWrites().length;

      const rawBefore = await stateObject();
      const before = expectOk(await terraform(dir("foundation"), ["state", "pull"], env), "state pull").stdout;
      // An interactive apply holds the lock while it waits for approval.
      const holder = startTerraform(dir("foundation"), ["apply", "-no-color", "-lock-timeout=0s"], env);
      await holder.waitFor(/Enter a value:/);
      if (usesLockfile) {
        // The holder took the lock by a conditional write that succeeded, and the lock file is there.
        expect(lockWrites().slice(writesBefore).map((w) => [w.ifNoneMatch, w.status])).toEqual([["*", 200]]);
        expect(await lockObject()).toBe(200);
      }
      const second = await plan("foundation");
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/Error acquiring the state lock/);
      expect(second.stderr).toMatch(/Lock Info:[\s\S]*Operation:\s+OperationTypeApply/);
      if (usesLockfile) {
        // ...and the second run's conditional write of the same lock file was refused.
        expect(lockWrites().slice(writesBefore).map((w) => w.status)).toEqual([200, 412]);
      } else {
        expect(lockWrites()).toEqual([]);
      }
      holder.answer("no\n");
      const first = await holder.done;
      expect(first.stdout + first.stderr).toMatch(/Apply cancelled/);
      const after = expectOk(await terraform(dir("foundation"), ["state", "pull"], env), "state pull").stdout;
      expect(after).toBe(before);
      expect(await stateObject()).toEqual(rawBefore);
      // The lock was released: the lock file is gone and a plan takes (and releases) the lock again.
      if (usesLockfile) expect(await lockObject()).toBe(404);
      expect((await plan("foundation")).code).toBe(2);
      if (usesLockfile) {
        expect(lockWrites().slice(writesBefore).map((w) => w.status)).toEqual([200, 412, 200]);
        expect(await lockObject()).toBe(404);
      }
    });

    // Plan-only output never touches the backend (its state is local), so one environment is enough
    // to prove it against a live one: the first shipped (dev). Its mock upstream values are the ones
    // terraform-test.test.ts applies every stack of every environment with.
    if (base === shipped[0]) it("plan-only output plans every phase before anything upstream exists, and no apply, destroy or state push can reach the live state", async () => {
      // A live environment: the foundation deployed in the shared bucket.
      await seed("foundation");
      const liveKey = `${config.stateBackend.keyPrefix}/${config.environment}/foundation.tfstate`;
      const live = async () => (await fetch(`${emu.s3rver}/${config.stateBackend.bucket}/${liveKey}`)).text();
      const before = await live();
      expect(JSON.parse(before).outputs.phase_contract.value.phase).toBe("foundation");

      const out = synthTo(config, path.join(CACHE_DIR, "backend", `${base.environment}-plan-only`), "mock");
      for (const phase of PHASES) {
        const d = stackDir(out, phase);
        expectOk(await terraform(d, ["init", "-input=false", "-no-color"], env), `init ${phase}`);
        const r = await terraform(d, ["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-out=plan.tfplan"], env);
        expect(r.code, `${phase}: ${r.stderr}`).toBe(0);
      }
      const d = (phase: Phase) => stackDir(out, phase);
      const run = (phase: Phase, args: string[]) => terraform(d(phase), args, env);
      const managed = async (phase: Phase) =>
        expectOk(await run(phase, ["state", "list"]), "state list").stdout.split("\n").filter((a) => a && !a.startsWith("data."));

      // apply: every resource's precondition fails before anything is created.
      const apply = await run("services", ["apply", "-input=false", "-no-color", "-lock-timeout=0s", "plan.tfplan"]);
      expect(apply.code).toBe(1);
      expect(apply.stderr.replace(/\s+/g, " ")).toContain(PLAN_ONLY_MESSAGE);
      expect(apply.stderr).not.toMatch(/connection refused|dial tcp|api error/i);
      expect(await managed("services")).toEqual(["terraform_data.plan_only_guard"]);

      // destroy: the guard in the plan-only state cannot be destroyed, so the whole run fails.
      const destroy = await run("foundation", ["destroy", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=0s"]);
      expect(destroy.code).toBe(1);
      expect(destroy.stderr.replace(/\s+/g, " ")).toMatch(/Instance cannot be destroyed .* terraform_data.plan_only_guard has lifecycle.prevent_destroy set/);

      // state push: a real state (another lineage) is refused by the plan-only state.
      const liveFile = path.join(outdir, "live-foundation.tfstate");
      fs.writeFileSync(liveFile, before);
      const push = await run("foundation", ["state", "push", "-lock-timeout=0s", liveFile]);
      expect(push.code).toBe(1);
      expect(push.stderr).toMatch(/cannot import state with lineage "[^"]+" over unrelated state with lineage "plan-only-foundation"/);

      // The plan-only output keeps its state in its own folder; the live state did not change by a byte.
      expect(fs.existsSync(path.join(d("foundation"), PLAN_ONLY_STATE_FILE))).toBe(true);
      expect(await live()).toBe(before);
    });
  });
}
