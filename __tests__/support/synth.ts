/** Synthesizing environments for tests, in-process, into folders Terraform can run in. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedConfig } from "../../config/defaults";
import { listEnvironments, loadEnvironment, DEFAULT_CONFIG_DIR } from "../../config/load";
import { buildApp } from "../../stacks/app";
import { BOOTSTRAP, PHASES, type StackName } from "../../stacks/phases";
import type { UpstreamMode } from "../../stacks/upstream";

export const ALL_STACKS: readonly StackName[] = [BOOTSTRAP, ...PHASES];
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Scratch space for test runs (git-ignored); never the user's cdktf.out. */
export const CACHE_DIR = path.join(REPO_ROOT, ".cache");
export const SHARED_SYNTH_DIR = path.join(CACHE_DIR, "synth");

/** Folder of example environments (checked like the shipped ones). */
export const EXAMPLES_DIR = path.join(REPO_ROOT, "config", "examples");

/** Shipped environments and examples, with image tags from config only (CI may set IMAGE_TAG). */
export function shippedEnvironments(): ResolvedConfig[] {
  return [DEFAULT_CONFIG_DIR, EXAMPLES_DIR].flatMap((dir) => listEnvironments(dir).map((name) => loadEnvironment(name, { configDir: dir, env: {} })));
}

export function synthTo(config: ResolvedConfig, outdir: string, upstreamMode: UpstreamMode = "remote-state"): string {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  buildApp(config, { outdir, upstreamMode }).app.synth();
  return outdir;
}

export function stackDir(outdir: string, stack: StackName): string {
  return path.join(outdir, "stacks", stack);
}

/** Shared synth folder of a shipped environment, prepared (and `terraform init`ed) by the global setup. */
export function sharedStackDir(environment: string, stack: StackName): string {
  return stackDir(path.join(SHARED_SYNTH_DIR, environment), stack);
}

export interface TerraformJson {
  terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, unknown> };
  provider: { aws: Array<Record<string, unknown>> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; precondition?: unknown }>;
  locals?: Record<string, unknown>;
}
