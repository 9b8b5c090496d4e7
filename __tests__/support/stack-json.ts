/** In-process synthesis of one stack of the shipped environments, and readers for its JSON (unit tests of the services phase). */
import { Testing } from "cdktf";
import type { ResolvedConfig, ResolvedService } from "../../config/defaults";
import { loadEnvironment } from "../../config/load";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ServicesStack } from "../../stacks/services-stack";
import type { TerraformJson } from "./synth";

export type R = Record<string, Record<string, Record<string, any>>>;

/** dev, staging and prod with image tags from config only. */
export const configs = Object.fromEntries(["dev", "staging", "prod"].map((e) => [e, loadEnvironment(e, { env: {} })])) as Record<"dev" | "staging" | "prod", ResolvedConfig>;

export const synthOf = (config: ResolvedConfig, Stack: typeof FoundationStack | typeof ServicesStack = ServicesStack) =>
  JSON.parse(Testing.synth(new Stack(Testing.app(), { config }))) as TerraformJson;

export const res = (j: TerraformJson) => j.resource as R;

/** The config with one service changed, as tests vary a loaded config. */
export const withService = (c: ResolvedConfig, name: string, change: (s: any) => Record<string, unknown>): ResolvedConfig => ({
  ...c,
  services: c.services.map((s) => (s.name === name ? ({ ...s, ...change(s) } as ResolvedService) : s)),
});

/** The (only) container of a task definition. */
export const container = (j: TerraformJson, name: string) => JSON.parse(res(j).aws_ecs_task_definition[name].container_definitions as string)[0];

/** A foundation output as the services stack reads it. */
export const remote = (output: string) => `\${data.terraform_remote_state.foundation.outputs.${output}}`;
