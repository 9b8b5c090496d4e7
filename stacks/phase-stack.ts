/**
 * Base of every stack: the AWS provider pinned to the configured account and
 * region with default tags, the state backend, readable logical ids, typed
 * upstream reads and contract publishing.
 */
import * as path from "node:path";
import { LocalBackend, TerraformStack, type App, type TerraformElement } from "cdktf";
import type { Construct, Node } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ResolvedConfig } from "../config/defaults";
import { PROJECT_ROOT } from "../config/paths";
import { publishContract, type Contract, type ContractValues } from "./contract";
import { LogicalIdRegistry, elementKind, readableLogicalId } from "./logical-ids";
import { BOOTSTRAP, type StackName } from "./phases";
import { makePlanOnly } from "./plan-only-guard";
import { addS3Backend } from "./state-backend";
import { Upstream, type UpstreamMode } from "./upstream";
import { CDN_REGION } from "../config/encryption";
import { relativeToStackFolder } from "../constructs/stack-folder";

export interface PhaseStackProps {
  readonly config: ResolvedConfig;
  /** How upstream contracts are read. @default "remote-state" */
  readonly upstreamMode?: UpstreamMode;
}

/**
 * Terraform versions the output needs: S3 locking with `use_lockfile` and the
 * backend's `endpoints` block (1.10), `terraform_data` (1.4). Terraform checks it
 * at init, plan and apply.
 */
/** 1.11: write-only arguments (the public URL's SSM placeholder) and `use_lockfile` without warnings. */
export const REQUIRED_TERRAFORM = ">= 1.11.0";

/** Where the project keeps local state files (the bootstrap stack's, until it moves into the bucket). */
export const LOCAL_STATE_DIR = path.join(PROJECT_ROOT, "state");

/**
 * The bootstrap stack's local state file, `state/<environment>/bootstrap.tfstate`
 * in the project, written relative to the stack's folder in this app's output
 * folder, so it is the same file wherever cdktf.out is written.
 */
export function bootstrapStatePath(scope: Construct, environment: string): string {
  return relativeToStackFolder(scope.node.root as App, BOOTSTRAP, path.join(LOCAL_STATE_DIR, environment, `${BOOTSTRAP}.tfstate`));
}

/** Tags on every resource, next to the user's own. */
export function defaultTags(config: ResolvedConfig, stack: StackName): Record<string, string> {
  return { ...config.tags, project: config.project, environment: config.environment, stack, "managed-by": "cdktf" };
}

export abstract class PhaseStack extends TerraformStack {
  readonly config: ResolvedConfig;
  readonly upstreamMode: UpstreamMode;
  private readonly ids = new LogicalIdRegistry();
  private readonly renames: Array<{ to: RegExp; from: string }> = [];
  private usEast1?: AwsProvider;

  constructor(scope: Construct, readonly stackName: StackName, props: PhaseStackProps) {
    super(scope, stackName);
    this.config = props.config;
    this.upstreamMode = props.upstreamMode ?? "remote-state";
    const c = props.config;
    new AwsProvider(this, "aws", {
      region: c.region,
      allowedAccountIds: [c.accountId],
      defaultTags: [{ tags: defaultTags(c, stackName) }],
    });
    if (this.upstreamMode === "mock") {
      // Plan-only output keeps its own local state and can never reach the shared one.
      makePlanOnly(this, stackName);
    } else if (stackName === BOOTSTRAP && c.stateBackend.bootstrapState === "local") {
      // The bootstrap stack creates the bucket, so its own state starts on disk (see README).
      new LocalBackend(this, { path: bootstrapStatePath(scope, c.environment) });
    } else {
      addS3Backend(this, c, stackName);
    }
  }

  /**
   * Keep deployed resources across a construct rename: every resource whose
   * address has the word `to` gets a Terraform `moved` block from the same address
   * with `from` in its place (a no-op where the old address is not in state).
   */
  protected renamed(to: string, from: string): void {
    this.renames.push({ to: new RegExp(`(^|_)${to}(_|$)`), from });
  }

  /** The terraform block carries required_version (an override would be rendered wrongly in HCL), plus the rename moves. */
  toTerraform(): any {
    const tf = super.toTerraform();
    tf.terraform = { required_version: REQUIRED_TERRAFORM, ...tf.terraform };
    const moves = this.moves(tf.resource ?? {});
    if (moves.length > 0) tf.moved = [...(tf.moved ?? []), ...moves];
    return tf;
  }

  toHclTerraform(): { [key: string]: any } {
    const out = super.toHclTerraform() as { hcl: string; metadata: Record<string, unknown> };
    const resources = (this.toTerraform().resource ?? {}) as Record<string, Record<string, unknown>>;
    const moved = this.moves(resources).map((m) => `\nmoved {\n  from = ${m.from}\n  to   = ${m.to}\n}\n`);
    return { ...out, hcl: out.hcl.replace(/^terraform \{\n/m, `terraform {\nrequired_version = ${JSON.stringify(REQUIRED_TERRAFORM)}\n`) + moved.join("") };
  }

  private moves(resources: Record<string, Record<string, unknown>>): Array<{ from: string; to: string }> {
    return Object.entries(resources).flatMap(([type, byName]) =>
      Object.keys(byName).flatMap((name) =>
        this.renames.filter((r) => r.to.test(name)).map((r) => ({ from: `${type}.${name.replace(r.to, `$1${r.from}$2`)}`, to: `${type}.${name}` })),
      ),
    );
  }

  /** A provider for us-east-1 (CloudFront logging and certificates), or none when the stack is there already. */
  protected usEast1Provider(): AwsProvider | undefined {
    const c = this.config;
    if (c.region === CDN_REGION) return undefined;
    this.usEast1 ??= new AwsProvider(this, "aws_us_east_1", {
      alias: "us_east_1",
      region: CDN_REGION,
      allowedAccountIds: [c.accountId],
      defaultTags: [{ tags: defaultTags(c, this.stackName) }],
    });
    return this.usEast1;
  }

  /** Read an upstream phase's contract (remote state, or mocks in plan-only mode). */
  protected upstream<C extends Contract>(contract: C): Upstream<C> {
    return new Upstream(this, contract, { config: this.config, mode: this.upstreamMode });
  }

  /** Publish this phase's contract as named outputs. */
  protected publish<C extends Contract>(contract: C, values: ContractValues<C>): void {
    publishContract(this, contract, this.config, values);
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const el = element as TerraformElement;
    const id = readableLogicalId(this, el);
    this.ids.claim(elementKind(el), id, el.node.path);
    return id;
  }
}
