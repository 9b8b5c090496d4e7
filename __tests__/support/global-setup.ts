/**
 * Runs once before all test files: synthesizes every shipped environment into
 * .cache/synth/<env>, and fills the suite's provider cache with one
 * `terraform init -backend=false` (each later init only links the provider).
 */
import * as path from "node:path";
import { ALL_STACKS, SHARED_SYNTH_DIR, sharedStackDir, shippedEnvironments, synthTo } from "./synth";
import { expectOk, terraform } from "./terraform";
import { tfEnv as env } from "./tf-env";

export default async function setup(): Promise<void> {
  for (const config of shippedEnvironments()) synthTo(config, path.join(SHARED_SYNTH_DIR, config.environment));
  const first = sharedStackDir(shippedEnvironments()[0].environment, ALL_STACKS[0]);
  expectOk(await terraform(first, ["init", "-backend=false", "-input=false", "-no-color"], env), `terraform init in ${first}`);
}
