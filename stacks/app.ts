/**
 * Builds the whole app for one environment: the bootstrap stack and the four
 * phases, with their dependencies in deployment order.
 */
import { App, TerraformDataSource, TerraformResource } from "cdktf";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { PhaseFootprint } from "../constructs/github/deploy-role";
import type { ResolvedConfig } from "../config/defaults";
import { BootstrapStack } from "./bootstrap-stack";
import { FoundationStack } from "./foundation-stack";
import { FrontendStack } from "./frontend-stack";
import { ImagesStack } from "./images-stack";
import type { PhaseStack } from "./phase-stack";
import { UPSTREAMS, type Phase } from "./phases";
import { ServicesStack } from "./services-stack";
import type { UpstreamMode } from "./upstream";

export interface BuildAppOptions {
  readonly outdir?: string;
  /** @default "remote-state" */
  readonly upstreamMode?: UpstreamMode;
}

export interface PlatformApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly phases: Readonly<Record<Phase, PhaseStack>>;
}

export function buildApp(config: ResolvedConfig, options: BuildAppOptions = {}): PlatformApp {
  return withJsonOutput(() => {
    const app = new App({ outdir: options.outdir, hclOutput: false, skipValidation: false });
    const props = { config, upstreamMode: options.upstreamMode ?? "remote-state" };
    const bootstrap = new BootstrapStack(app, props);
    const phases: Record<Phase, PhaseStack> = {
      foundation: new FoundationStack(app, props),
      images: new ImagesStack(app, props),
      services: new ServicesStack(app, props),
      frontend: new FrontendStack(app, props),
    };
    for (const [phase, upstreams] of Object.entries(UPSTREAMS) as [Phase, readonly Phase[]][]) {
      for (const upstream of upstreams) phases[phase].addDependency(phases[upstream]);
    }
    (phases.foundation as FoundationStack).allowGithubRoles(phaseFootprint(Object.values(phases)));
    return { app, bootstrap, phases };
  });
}

/** The resource and data source types of the phases (not the bootstrap stack: people deploy it), and the managed policies they attach. */
export function phaseFootprint(stacks: readonly PhaseStack[]): PhaseFootprint {
  const elements = stacks.flatMap((s) => s.node.findAll());
  const types = new Set(elements.flatMap((e) => (e instanceof TerraformResource || e instanceof TerraformDataSource ? [e.terraformResourceType] : [])));
  const managedPolicyArns = [...new Set(elements.flatMap((e) => (e instanceof IamRolePolicyAttachment && e.policyArnInput ? [e.policyArnInput] : [])))];
  return { types, managedPolicyArns };
}

/**
 * cdktf's App and every TerraformStack read SYNTH_HCL_OUTPUT in their constructors,
 * overriding the hclOutput option: while the app is built, the output is JSON
 * (main.ts refuses `--hcl` before; see HCL_REFUSED there).
 */
function withJsonOutput<T>(build: () => T): T {
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "false";
  try {
    return build();
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
}
