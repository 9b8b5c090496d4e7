/**
 * A deployed-looking state for a stack, made offline by the real provider: plan
 * from nothing, record the planned values as state (values known only after
 * apply get stable placeholders of the right type), and plan again against that
 * state until the plan is empty. References between resources then hold the
 * placeholders, as after a real apply. Planning a changed configuration against
 * the result shows exactly what the provider would update or replace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expectOk, terraform } from "./terraform";

interface AttributeSchema {
  readonly type?: unknown;
  readonly computed?: boolean;
}
interface BlockSchema {
  readonly attributes?: Record<string, AttributeSchema>;
  readonly block_types?: Record<string, { nesting_mode: string; block: BlockSchema }>;
}
export interface ProviderSchemas {
  readonly versions: Record<string, number>;
  readonly blocks: Record<string, BlockSchema>;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly change: {
    readonly actions: string[];
    readonly after: Record<string, unknown> | null;
    readonly after_unknown: Record<string, unknown>;
    /** Which attributes are sensitive (`true` for a whole top-level attribute). */
    readonly after_sensitive?: Record<string, unknown> | false;
  };
}

/** Resource schemas and their versions, from `terraform providers schema -json` of an initialized folder. */
export async function providerSchemas(dir: string, env: NodeJS.ProcessEnv): Promise<ProviderSchemas> {
  const out = expectOk(await terraform(dir, ["providers", "schema", "-json"], env), "providers schema").stdout;
  const json = JSON.parse(out) as { provider_schemas: Record<string, { resource_schemas: Record<string, { version: number; block: BlockSchema }> }> };
  const versions: Record<string, number> = {};
  const blocks: Record<string, BlockSchema> = {};
  for (const provider of Object.values(json.provider_schemas)) {
    for (const [type, s] of Object.entries(provider.resource_schemas)) {
      versions[type] = s.version;
      blocks[type] = s.block;
    }
  }
  return { versions, blocks };
}

/** Managed resources the provider plans; terraform_data (the plan-only guard) holds dynamically typed values and stays out. */
const recorded = (rc: ResourceChange) => rc.mode === "managed" && rc.type !== "terraform_data";

/** A stable placeholder of a Terraform type for a value known only after apply. */
function placeholder(type: unknown, name: string, address: string): unknown {
  if (type === "string") {
    if (name === "arn" || name.endsWith("_arn")) return `arn:aws:mock:us-east-1:111111111111:${address}/${name}`;
    return `mock-${address}-${name}`.replace(/[^A-Za-z0-9_.:/-]/g, "-");
  }
  if (type === "number") return 1;
  if (type === "bool") return false;
  if (Array.isArray(type)) {
    if (type[0] === "list" || type[0] === "set") return [];
    if (type[0] === "map") return {};
    if (type[0] === "object") return Object.fromEntries(Object.entries(type[1] as Record<string, unknown>).map(([k, t]) => [k, placeholder(t, k, address)]));
  }
  return null;
}

/** Fill the unknown parts of planned values with placeholders (or what the previous state held there). */
function fill(after: unknown, unknown: unknown, schema: BlockSchema | undefined, address: string, previous: unknown): unknown {
  if (unknown === true) return previous !== undefined && previous !== null ? previous : undefined;
  if (Array.isArray(after)) return after.map((v, i) => fill(v, Array.isArray(unknown) ? unknown[i] : undefined, schema, address, Array.isArray(previous) ? previous[i] : undefined));
  if (after && typeof after === "object") {
    const out: Record<string, unknown> = {};
    const u = (unknown && typeof unknown === "object" ? unknown : {}) as Record<string, unknown>;
    const p = (previous && typeof previous === "object" ? previous : {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(after), ...Object.keys(u).filter((k) => u[k] === true)]);
    for (const key of keys) {
      const value = (after as Record<string, unknown>)[key];
      const nested = schema?.block_types?.[key];
      if (u[key] === true) {
        const kept = p[key];
        out[key] = kept !== undefined && kept !== null ? kept : nested ? [] : placeholder(schema?.attributes?.[key]?.type, key, address);
      } else {
        out[key] = nested ? fill(value, u[key], nested.block, address, p[key]) : fill(value, u[key], undefined, address, p[key]);
      }
    }
    return out;
  }
  return after;
}

/** The state a plan's managed resources would leave behind, with placeholders for what only apply would know. */
export function stateFromPlan(changes: readonly ResourceChange[], schemas: ProviderSchemas, previous?: StateJson): StateJson {
  const prior = new Map<string, unknown>();
  for (const r of previous?.resources ?? []) {
    for (const i of r.instances) prior.set(`${r.type}.${r.name}${i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`}`, i.attributes);
  }
  const byResource = new Map<string, StateResource>();
  for (const rc of changes) {
    if (!recorded(rc) || rc.change.after === null || (rc.change.actions.includes("delete") && !rc.change.actions.includes("create"))) continue;
    const key = `${rc.type}.${rc.name}`;
    const resource = byResource.get(key) ?? { mode: "managed", type: rc.type, name: rc.name, provider: `provider["${rc.provider_name}"]`, instances: [] };
    byResource.set(key, resource);
    const attributes = fill(rc.change.after, rc.change.after_unknown, schemas.blocks[rc.type], rc.address, prior.get(rc.address)) as Record<string, unknown>;
    // Sensitive top-level attributes are marked as Terraform marks them after apply (else the next plan "updates" the marks).
    const sensitive = Object.entries(rc.change.after_sensitive || {}).flatMap(([name, marked]) => (marked === true ? [[{ type: "get_attr", value: name }]] : []));
    resource.instances.push({ ...(rc.index === undefined ? {} : { index_key: rc.index }), schema_version: schemas.versions[rc.type] ?? 0, attributes, sensitive_attributes: sensitive });
  }
  return { version: 4, terraform_version: "1.11.4", serial: (previous?.serial ?? 0) + 1, lineage: previous?.lineage ?? "00000000-0000-4000-8000-000000005eed", outputs: {}, resources: [...byResource.values()], check_results: null };
}

interface StateResource {
  mode: string;
  type: string;
  name: string;
  provider: string;
  instances: Array<{ index_key?: string | number; schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: Array<Array<{ type: string; value: string }>> }>;
}
export interface StateJson {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, unknown>;
  resources: StateResource[];
  check_results: null;
}

/** Plan `dir` against the state file `statePath` (local backend override), without refreshing; the changes. */
export async function planChanges(dir: string, statePath: string, env: NodeJS.ProcessEnv): Promise<{ changes: ResourceChange[]; stdout: string }> {
  fs.writeFileSync(path.join(dir, "zz_local_state_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: statePath } } } }));
  const plan = await terraform(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-lock=false", "-out=plan.tfplan"], env);
  expectOk(plan, "plan");
  const show = JSON.parse(expectOk(await terraform(dir, ["show", "-json", "plan.tfplan"], env), "show").stdout) as { resource_changes?: ResourceChange[] };
  return { changes: show.resource_changes ?? [], stdout: plan.stdout };
}

/** Plan from nothing and re-plan against the recorded state until nothing changes; the converged state. */
export async function deployedState(dir: string, statePath: string, env: NodeJS.ProcessEnv, schemas: ProviderSchemas, maxRounds = 8): Promise<StateJson> {
  let state: StateJson | undefined;
  for (let round = 0; round < maxRounds; round++) {
    if (state) fs.writeFileSync(statePath, JSON.stringify(state));
    else fs.rmSync(statePath, { force: true });
    const { changes } = await planChanges(dir, statePath, env);
    const pending = changes.filter((c) => recorded(c) && !c.change.actions.every((a) => a === "no-op"));
    if (state && pending.length === 0) return state;
    state = stateFromPlan(changes, schemas, state);
  }
  throw new Error(`the state of ${dir} did not converge in ${maxRounds} rounds`);
}

/**
 * A plan-only stack (upstream values from the contract, local state) made
 * plannable like a deployed one: without the plan-only guard, its prevent_destroy
 * and its apply preconditions, so replacements can be planned.
 */
export function withoutPlanOnlyGuard(dir: string): void {
  const file = path.join(dir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, { lifecycle?: Record<string, unknown> }>>; output?: Record<string, Record<string, unknown>> };
  // Only the guard: other terraform_data records (the public URL's placeholder generation) are part of the stack.
  if (json.resource?.terraform_data) {
    delete json.resource.terraform_data.plan_only_guard;
    if (Object.keys(json.resource.terraform_data).length === 0) delete json.resource.terraform_data;
  }
  for (const byName of Object.values(json.resource ?? {})) {
    for (const r of Object.values(byName)) {
      if (!r.lifecycle) continue;
      delete r.lifecycle.prevent_destroy;
      delete r.lifecycle.precondition;
    }
  }
  for (const o of Object.values(json.output ?? {})) delete o.precondition;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}
