/**
 * The operator's command (operator/cli.ts) against the real S3 backend on
 * loopback (s3rver, the fake STS): a plan before anything is deployed (the
 * foundation live, the next phase plan-only and marked so), status and drift once
 * the foundation's state exists, plan files saved with --out and found stale
 * afterwards, and the JSON every command prints.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ResolvedConfig } from "../config/defaults";
import { run } from "../operator/cli";
import { FoundationContract } from "../stacks/contracts";
import { EMULATOR_CREDENTIALS, startEmulators, type Emulators } from "./support/aws-emulators";
import { seededState } from "./support/seed-state";
import { shippedEnvironments, stackDir } from "./support/synth";
import { SAFE_AWS_ENV, terraform, expectOk } from "./support/terraform";
import { tfEnv } from "./support/tf-env";

const base = shippedEnvironments().find((c) => c.environment === "dev")!;

describe("platform plan, status and drift on the loopback backend (dev)", () => {
  let emu: Emulators;
  let config: ResolvedConfig;
  let env: NodeJS.ProcessEnv;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "platform-"));
  /** Run a command with --json; its exit code and the JSON it printed. */
  const platform = async (...argv: string[]) => {
    let out = "";
    let err = "";
    const code = await run([...argv, "--json"], env, { stdout: (t) => (out += t), stderr: (t) => (err += t), tty: false }, { workspaceBase: workspace, loadConfig: () => config });
    return { code, json: out ? (JSON.parse(out) as Record<string, any>) : undefined, stderr: err };
  };
  /** The number of resources a stack of the live output creates from nothing. */
  const resourcesOf = (stack: string) => {
    const json = JSON.parse(fs.readFileSync(path.join(stackDir(path.join(workspace, config.environment, "live"), stack as "foundation"), "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, { count?: number }>> };
    return Object.values(json.resource).flatMap((byName) => Object.values(byName)).reduce((n, r) => n + (typeof r.count === "number" ? r.count : 1), 0);
  };

  beforeAll(async () => {
    emu = await startEmulators({ buckets: [base.stateBackend.bucket], accountId: base.accountId });
    config = { ...base, stateBackend: { ...base.stateBackend, endpoints: { s3: emu.s3, sts: emu.sts }, usePathStyle: true } };
    env = { ...tfEnv, ...SAFE_AWS_ENV, ...EMULATOR_CREDENTIALS, AWS_ENDPOINT_URL_STS: emu.sts };
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it("plans phases in order: the foundation against the shared state, the next plan-only because the foundation is not deployed", async () => {
    const out = path.join(workspace, "plans");
    const summary = path.join(workspace, "plan.md");
    const r = await platform("plan", "dev", "images", "foundation", "--out", out, "--summary", summary);
    expect(r.code, r.stderr).toBe(0);
    const phases = r.json!.phases as Array<Record<string, unknown>>;
    expect(phases.map((p) => [p.phase, p.mode, p.reason])).toEqual([
      ["foundation", "live", undefined],
      ["images", "plan-only", "foundation not deployed yet: upstream outputs are mock values"],
    ]);
    // From nothing, a plan creates every resource of the stack and changes nothing.
    expect([phases[0].add, phases[0].change, phases[0].destroy]).toEqual([resourcesOf("foundation"), 0, 0]);
    // Only the live plan is saved: a plan-only plan can never be applied.
    expect(phases.map((p) => p.planFile)).toEqual([path.join(out, "foundation.tfplan"), undefined]);
    expect(fs.readdirSync(out)).toEqual(["foundation.tfplan"]);
    // The pull request's comment: the table, and every resource the live plan creates by its address.
    const n = resourcesOf("foundation");
    const md = fs.readFileSync(summary, "utf8").split("\n");
    expect(md.slice(0, 6)).toEqual([
      `### Plan of \`dev\`: ${n + (phases[1].add as number)} changes`,
      "",
      "| phase | mode | add | change | destroy |",
      "| --- | --- | ---: | ---: | ---: |",
      `| foundation | live | ${n} | 0 | 0 |`,
      `| images | plan-only: foundation not deployed yet: upstream outputs are mock values | ${phases[1].add} | 0 | 0 |`,
    ]);
    expect(md).toContain(`<details><summary>foundation: ${n} resources</summary>`);
    expect(md.filter((l) => l.startsWith("create  ")).length).toBe(Math.min(n, 100) + Math.min(phases[1].add as number, 100));
    expect((phases[0].changes as unknown[]).length).toBe(n);
  });

  it("once the foundation's state holds its contract: status shows it, images plans live, a plan saved before is stale, drift lists what the state lacks (exit 2)", async () => {
    const dir = stackDir(path.join(workspace, config.environment, "live"), "foundation");
    const file = path.join(workspace, "foundation.tfstate");
    fs.writeFileSync(file, seededState(FoundationContract, config, { lineage: "3f1c2b9e-0000-4000-8000-000000000001", serial: 1 }));
    expectOk(await terraform(dir, ["state", "push", "-lock-timeout=0s", file], env), "state push");

    const s = await platform("status", "dev");
    const deployed = s.json!.phases.find((p: { phase: string }) => p.phase === "foundation");
    expect(deployed).toMatchObject({ phase: "foundation", deployed: true, contractVersion: FoundationContract.version, serial: 1 });
    // With an AWS CLI on PATH, when the state was pushed (a minute ago); the exact call is operator-deploy's.
    if (deployed.lastWritten) expect(Date.now() - Date.parse(deployed.lastWritten)).toBeLessThan(10 * 60_000);

    const p = await platform("plan", "dev", "images");
    expect(p.json!.phases.map((x: Record<string, unknown>) => [x.phase, x.mode])).toEqual([["images", "live"]]);

    // The foundation's state changed since the plan was saved: applying that plan is refused, and nothing is applied.
    const stale = await platform("deploy", "dev", "foundation", "--plan", path.join(workspace, "plans"));
    expect(stale.code).toBe(1);
    expect(stale.json).toMatchObject({ failedPhase: "foundation", error: expect.stringMatching(/^deploy stopped at phase foundation: Saved plan is stale/) });

    // The state has the outputs but none of the resources: to Terraform every resource is still to create.
    const driftSummary = path.join(workspace, "drift.md");
    const d = await platform("drift", "dev", "foundation", "images", "--summary", driftSummary);
    expect(d.code).toBe(2);
    expect(fs.readFileSync(driftSummary, "utf8").split("\n").slice(0, 6)).toEqual([
      "### Drift of `dev`: foundation",
      "",
      "| phase | state |",
      "| --- | --- |",
      `| foundation | 0 changed outside Terraform, ${resourcesOf("foundation")} to change |`,
      "| images | not deployed |",
    ]);
    expect(d.json!.exitCode).toBe(2);
    const [foundation, images] = d.json!.phases as Array<{ phase: string; deployed: boolean; changes: Array<{ action: string }> }>;
    expect([foundation.phase, foundation.deployed, foundation.changes.length, new Set(foundation.changes.map((c) => c.action))]).toEqual(["foundation", true, resourcesOf("foundation"), new Set(["create"])]);
    expect(images).toEqual({ phase: "images", deployed: false, drifted: [], changes: [] });
  });

  it("an unknown phase, and a flag of another command, are usage errors (exit 4) before anything runs", async () => {
    expect(await platform("plan", "dev", "network")).toMatchObject({ code: 4, json: { error: expect.stringMatching(/^unknown phase "network"; phases: bootstrap, foundation, images, services, frontend/) } });
    expect(await platform("drift", "dev", "--out", "x")).toMatchObject({ code: 4, json: { error: expect.stringMatching(/^--out is for plan/) } });
  });
});
