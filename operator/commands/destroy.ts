/**
 * `platform destroy [phases…]`: the deployed phases in reverse order (frontend,
 * services, images, foundation; the bootstrap stack last and only when named).
 * Refused while the environment's deletion protection is on. Before anything
 * goes, it lists what would be lost for good (databases, buckets and their
 * objects, file systems, caches, image repositories, secrets, keys), read from
 * the state, and the operator types the environment's name (cli.ts).
 */
import type { ResolvedConfig } from "../../config/defaults";
import type { StackName } from "../../stacks/phases";
import { STACK_ORDER } from "../phases";
import { elapsed, runTasks } from "../progress";
import { changeSummary, lockTimeoutFlag, type PhaseRunOptions } from "../terraform";
import { applyFailure, type Workspace } from "../workspace";

/** Resource types whose destruction loses data, and how to name one for the operator. */
const DATA: Record<string, { readonly what: string; readonly name: (a: Record<string, unknown>) => unknown }> = {
  aws_db_instance: { what: "database (and its automated backups)", name: (a) => a.identifier },
  aws_s3_bucket: { what: "bucket and every object in it", name: (a) => a.bucket },
  aws_efs_file_system: { what: "file system and its files", name: (a) => a.id },
  aws_elasticache_replication_group: { what: "cache and its data", name: (a) => a.replication_group_id ?? a.id },
  aws_ecr_repository: { what: "image repository and its images", name: (a) => a.name },
  aws_secretsmanager_secret: { what: "secret (after its recovery window)", name: (a) => a.name },
  aws_kms_key: { what: "key, and whatever it encrypts (after its deletion window)", name: (a) => a.arn ?? a.id },
  aws_dynamodb_table: { what: "table and its items", name: (a) => a.name },
};

export interface Loss {
  readonly phase: StackName;
  readonly type: string;
  readonly name: string;
  readonly what: string;
}

/** The stacks to destroy, in reverse phase order. */
export const destroyOrder = (stacks: readonly StackName[]): StackName[] => [...STACK_ORDER].reverse().filter((s) => stacks.includes(s));

/** Why the environment may not be destroyed now, or undefined. */
export function protectionRefusal(c: ResolvedConfig): string | undefined {
  if (!c.protection.deletionProtection && !c.database?.deletionProtection) return undefined;
  const on = c.protection.deletionProtection ? "deletionProtection" : "database.deletionProtection";
  return (
    `deletion protection is on for ${c.environment} (${on}: true${c.protection.deletionProtection && c.stage !== "dev" ? `, the ${c.stage} default` : ""}); ` +
    `set deletionProtection: false${c.database ? " (and database.deletionProtection: false)" : ""} in ${c.sourceFile}, deploy, then destroy` +
    (c.stage === "prod" ? "; in prod the policy then needs a suppression with a reason for RDS-04 and ALB-05 (destroying prod is meant to be deliberate)" : "")
  );
}

/** What destroying these stacks loses, from their state. */
export async function losses(ws: Workspace, stacks: readonly StackName[]): Promise<Loss[]> {
  const out: Loss[] = [];
  for (const phase of stacks) {
    for (const res of (await ws.state(phase)).resources) {
      const d = DATA[res.type];
      if (res.mode !== "managed" || !d) continue;
      for (const i of res.instances) out.push({ phase, type: res.type, name: String(d.name(i.attributes) ?? "?"), what: d.what });
    }
  }
  return out;
}

export function renderLosses(environment: string, l: readonly Loss[]): string {
  if (l.length === 0) return `Destroying ${environment} loses no stored data the state knows of.`;
  return [`Destroying ${environment} loses for good:`, ...l.map((x) => `  ${x.phase}: ${x.type} ${x.name}: the ${x.what}`)].join("\n");
}

export interface DestroyedPhase {
  readonly phase: StackName;
  readonly destroyed: number;
  readonly seconds: number;
}

export async function destroy(ws: Workspace, stacks: readonly StackName[], o: PhaseRunOptions): Promise<DestroyedPhase[]> {
  const results: DestroyedPhase[] = [];
  await runTasks(
    stacks.map((phase) => ({
      title: `${phase}: destroying`,
      run: async (update) => {
        const start = Date.now();
        const dir = await ws.init("live", phase);
        let total = 0;
        let done = 0;
        let failed: string | undefined;
        const r = await ws.terraform(dir, ["destroy", "-auto-approve", "-input=false", "-no-color", "-json", lockTimeoutFlag(o)], (e) => {
          if (e.type === "planned_change" && e.change?.action === "delete") total++;
          else if (e.type === "apply_complete") done++;
          else if (e.type === "apply_errored") failed ??= e.hook?.resource?.addr;
          else return;
          update(`${phase}: ${done}/${total} resources destroyed, ${elapsed(start)}`);
        });
        if (r.interrupted || r.code !== 0) throw applyFailure(phase, r, failed);
        const destroyed = changeSummary(r).destroy;
        results.push({ phase, destroyed, seconds: Math.round((Date.now() - start) / 1000) });
        return `${phase}: ${destroyed} destroyed in ${elapsed(start)}`;
      },
    })),
    o,
  );
  return results;
}
