/**
 * A short README in every synthesized stack folder, for an ops team that runs the
 * folder with Terraform alone: what the phase contains (read from the folder's own
 * cdk.tf.json, so it cannot drift from it), where its state lives, which upstream
 * states it reads, the order of the phases, and the commands.
 */
import type { ResolvedConfig } from "../config/defaults";
import { BOOTSTRAP, PHASES, type StackName } from "./phases";

export const STACK_README = "README.md";

interface StackJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: { readonly terraform_remote_state?: Record<string, { readonly backend: string; readonly config: Record<string, unknown> }> };
  readonly output?: Record<string, unknown>;
}

const where = (backend: string, cfg: Record<string, unknown>) => (backend === "s3" ? `s3://${cfg.bucket}/${cfg.key}` : `${backend} ${String(cfg.path ?? "")}`);

export function renderStackReadme(c: ResolvedConfig, stack: StackName, json: StackJson): string {
  const order: StackName[] = [BOOTSTRAP, ...PHASES];
  const position = order.indexOf(stack);
  const byType = Object.entries(json.resource ?? {})
    .map(([type, byName]) => [type, Object.keys(byName).length] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = byType.reduce((n, [, k]) => n + k, 0);
  const [backend, cfg] = Object.entries(json.terraform?.backend ?? {})[0] ?? ["local", {}];
  const locking = backend === "s3" ? [cfg.use_lockfile ? "a lock file next to the state" : "", cfg.dynamodb_table ? `DynamoDB table ${cfg.dynamodb_table}` : ""].filter(Boolean).join(" and ") : "";
  const upstreams = Object.entries(json.data?.terraform_remote_state ?? {});
  const dir = `cdktf.out/stacks/${stack}`;
  return [
    `# ${stack}: ${c.names.prefix} (${c.stage}, ${c.region}, account ${c.accountId})`,
    "",
    `Generated from \`${c.sourceFile}\` at synthesis; do not edit (change the environment file and synthesize again).`,
    `Phase ${position} of ${order.join(" → ")}.`,
    "",
    "## What it contains",
    "",
    `${total} resource blocks${byType.length > 0 ? ": " : "."}${byType.map(([type, n]) => `${type}${n > 1 ? ` ×${n}` : ""}`).join(", ")}`,
    `Outputs: ${Object.keys(json.output ?? {}).sort().join(", ") || "none"}.`,
    "",
    "## State",
    "",
    `${backend === "s3" ? `\`${where(backend, cfg)}\` (region ${cfg.region}${cfg.kms_key_id ? `, encrypted with ${cfg.kms_key_id}` : ""}), locked by ${locking}.` : `Local: \`${String(cfg.path)}\` (relative to this folder) until the state bucket exists; see the main README, Phases and deployment.`}`,
    "",
    "## What it reads",
    "",
    ...(upstreams.length === 0
      ? ["Nothing from other phases."]
      : upstreams.map(([phase, r]) => `- the ${phase} phase's outputs, from \`${where(r.backend, r.config)}\`: deploy ${phase} first. A missing, foreign or outdated state stops the plan with a message naming the command to run.`)),
    "",
    "## Commands",
    "",
    "```sh",
    `terraform -chdir=${dir} init`,
    `terraform -chdir=${dir} plan -out=plan.tfplan`,
    `terraform -chdir=${dir} apply plan.tfplan`,
    "```",
    "",
    `Credentials for account ${c.accountId} (the provider refuses any other). Or, from the project: \`npm run platform -- deploy ${c.environment} ${stack}\`.`,
    "",
  ].join("\n");
}
