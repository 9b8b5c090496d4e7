/**
 * The cdktf CLI as users run it: the environment variable is honoured, HCL is
 * refused with the reason, and a phase cannot be deployed without its upstreams
 * unless the operator says so explicitly (then the remote-state guards apply).
 * The app command is run directly by node (no npx, no tsx launcher process) from
 * a bundle of the sources that is rebuilt whenever they change, and `npm run
 * synth` runs the same command.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { HCL_REFUSED } from "../stacks/synthesize";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./support/synth";
import { SAFE_AWS_ENV } from "./support/terraform";
import { tfEnv } from "./support/tf-env";

const cdktfCli = path.join(REPO_ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

function cdktf(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cdktfCli, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...SAFE_AWS_ENV, ...tfEnv, CI: "1", FORCE_COLOR: "0", ...env },
    timeout: 120_000,
  });
}

describe("app command", () => {
  const app: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "cdktf.json"), "utf8")).app;

  it("cdktf runs the app with node directly, and npm run synth runs the same command", () => {
    expect(app).toBe("node scripts/app.cjs");
    expect(app).not.toMatch(/\bnpx\b/);
    const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.synth).toBe(app);
  });
});

describe("the bundled app (scripts/app.cjs)", () => {
  it("synthesizes exactly what main.ts does, and rebuilds as soon as a source changes", () => {
    // A copy of the project, so a source can be edited; packages are linked.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "app-bundle-"));
    for (const entry of ["main.ts", "cdktf.json", "package.json", "config", "cost", "diagram", "stacks", "constructs", "policy", "scripts", "examples"]) {
      fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"));
    const synth = (outdir: string, env: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(process.execPath, [path.join(copy, "scripts", "app.cjs")], { cwd: copy, encoding: "utf8", env: { ...process.env, APP_ENV: "prod", CDKTF_OUTDIR: outdir, ...env } });
      expect(r.status, r.stderr).toBe(0);
      return (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    };
    const bundled = synth(path.join(copy, "out-bundle"));
    const viaTsx = synth(path.join(copy, "out-tsx"), { APP_DEBUG: "1" });
    for (const stack of ["bootstrap", "foundation", "images", "services", "frontend"]) expect(bundled(stack)).toEqual(viaTsx(stack));
    expect(fs.readdirSync(path.join(copy, ".cache", "app")).filter((f) => f.endsWith(".cjs"))).toHaveLength(1);

    const phaseStack = path.join(copy, "stacks", "phase-stack.ts");
    fs.writeFileSync(phaseStack, fs.readFileSync(phaseStack, "utf8").replace('">= 1.11.0"', '">= 1.12.0"'));
    expect(synth(path.join(copy, "out-changed"))("services").terraform.required_version).toBe(">= 1.12.0");
    // The stale bundle was replaced, not kept next to the new one.
    expect(fs.readdirSync(path.join(copy, ".cache", "app")).filter((f) => f.endsWith(".cjs"))).toHaveLength(1);
  });
});

describe.concurrent("cdktf CLI", () => {
  it("cdktf synth honours APP_ENV", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cli-synth-"));
    const r = cdktf(["synth", "--output", out], { APP_ENV: "prod" });
    expect(r.status, r.stderr).toBe(0);
    const services = JSON.parse(fs.readFileSync(path.join(out, "stacks", "services", "cdk.tf.json"), "utf8"));
    expect(services.terraform.backend.s3.key).toBe("acme-ai/prod/services.tfstate");
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(["bootstrap", "foundation", "frontend", "images", "services"]);
  });

  it("cdktf synth --hcl is refused with the reason and where the plain Terraform is; nothing is written", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cli-hcl-"));
    const r = cdktf(["synth", "--hcl", "--output", out], { APP_ENV: "dev" });
    expect(r.status).not.toBe(0);
    expect((r.stdout + r.stderr).replace(/\s+/g, " ")).toContain(HCL_REFUSED);
    expect(fs.existsSync(path.join(out, "stacks"))).toBe(false);
  });

  it("cdktf deploy of one phase refuses while its upstream phases are not part of the run", () => {
    const r = cdktf(["deploy", "services", "--auto-approve", "--output", fs.mkdtempSync(path.join(os.tmpdir(), "cli-deploy-"))], { APP_ENV: "dev" });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/The following dependencies are not included in the stacks to run: foundation, images/);
  });
});
