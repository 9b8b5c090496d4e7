/**
 * Runs once before all test files: synthesizes every shipped environment into
 * .cache/synth/<env> and runs `terraform init -backend=false` in each stack
 * folder (two at a time), with one CLI config and provider cache for the suite.
 */
import * as path from "node:path";
import { ALL_STACKS, SHARED_SYNTH_DIR, sharedStackDir, shippedEnvironments, synthTo } from "./synth";
import { expectOk, terraform } from "./terraform";
import { tfEnv as env } from "./tf-env";

export default async function setup(): Promise<void> {
  const dirs: string[] = [];
  for (const config of shippedEnvironments()) {
    synthTo(config, path.join(SHARED_SYNTH_DIR, config.environment));
    dirs.push(...ALL_STACKS.map((s) => sharedStackDir(config.environment, s)));
  }
  // The first init fills the provider cache; the rest only link it.
  const [first, ...rest] = dirs;
  expectOk(await terraform(first, ["init", "-backend=false", "-input=false", "-no-color"], env), `terraform init in ${first}`);
  const queue = [...rest];
  const worker = async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) {
      expectOk(await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], env), `terraform init in ${dir}`);
    }
  };
  await Promise.all([worker(), worker()]);
}
