/** The README in every synthesized stack folder (stacks/stack-readme.ts), for ops teams that run the folder with Terraform alone. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { STACK_README } from "../stacks/stack-readme";
import { synthesize } from "../stacks/synthesize";
import { REPO_ROOT, sharedStackDir, shippedEnvironments, stackDir } from "./support/synth";

describe("stack folder READMEs", () => {
  const dev = shippedEnvironments().find((c) => c.environment === "dev")!;
  // Written by a synthesis (npm run synth, cdktf synth, the operator's command).
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-readme-")), "cdktf.out");
  synthesize(dev, { outdir });
  const readme = (stack: "bootstrap" | "foundation" | "services") => fs.readFileSync(path.join(stackDir(outdir, stack), STACK_README), "utf8");
  const json = (stack: "foundation" | "services") => JSON.parse(fs.readFileSync(path.join(stackDir(outdir, stack), "cdk.tf.json"), "utf8")) as { resource: Record<string, object> };
  const key = (phase: string) => `s3://${dev.stateBackend.bucket}/${dev.stateBackend.keyPrefix}/dev/${phase}.tfstate`;

  it("every stack has one", () => {
    expect(fs.readdirSync(path.join(outdir, "stacks")).filter((stack) => fs.existsSync(path.join(stackDir(outdir, stack as "foundation"), STACK_README))).sort()).toEqual(["bootstrap", "foundation", "frontend", "images", "services"]);
  });

  it("says what the phase contains, where its state is, what it reads, and how to run it", () => {
    const text = readme("services");
    const blocks = Object.values(json("services").resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(text).toContain(`\n${blocks} resource blocks: `);
    expect(text).toContain(`Phase 3 of bootstrap → foundation → images → services → frontend.`);
    expect(text).toContain(`\`${key("services")}\` (region ${dev.region}), locked by a lock file next to the state.`);
    expect(text.split("\n").filter((l) => l.startsWith("- the "))).toEqual([
      `- the foundation phase's outputs, from \`${key("foundation")}\`: deploy foundation first. A missing, foreign or outdated state stops the plan with a message naming the command to run.`,
      `- the images phase's outputs, from \`${key("images")}\`: deploy images first. A missing, foreign or outdated state stops the plan with a message naming the command to run.`,
    ]);
    expect(text).toContain(["terraform -chdir=cdktf.out/stacks/services init", "terraform -chdir=cdktf.out/stacks/services plan -out=plan.tfplan", "terraform -chdir=cdktf.out/stacks/services apply plan.tfplan"].join("\n"));
    expect(readme("foundation")).toContain("## What it reads\n\nNothing from other phases.");
    expect(readme("bootstrap")).toMatch(/Local: `[./]*.*state\/dev\/bootstrap\.tfstate` \(relative to this folder\)/);
  });

  it("no stack of any environment holds an absolute path of this machine: the site's folder, build contexts and the local state are relative to the stack's folder", () => {
    const absolute = shippedEnvironments().flatMap((c) =>
      (["bootstrap", "foundation", "images", "services", "frontend"] as const).filter((stack) => fs.readFileSync(path.join(sharedStackDir(c.environment, stack), "cdk.tf.json"), "utf8").includes(REPO_ROOT)).map((stack) => `${c.environment}/${stack}`),
    );
    expect(absolute).toEqual([]);
    const site = JSON.parse(fs.readFileSync(path.join(sharedStackDir("dev", "frontend"), "cdk.tf.json"), "utf8")).resource.terraform_data.site_assets.provisioner[0]["local-exec"].environment.SITE_DIR as string;
    expect(path.resolve(sharedStackDir("dev", "frontend"), site)).toBe(dev.frontend.assets!.directory);
  });
});

