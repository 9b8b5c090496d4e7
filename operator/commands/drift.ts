/**
 * `platform drift [phases…]`: a plan of every deployed phase with
 * `-detailed-exitcode`, read from Terraform's machine-readable output: the
 * resources changed outside Terraform (drift) and the resources a plan would
 * change. Phases never deployed are skipped and listed as such.
 */
import type { StackName } from "../../stacks/phases";
import { runTasks } from "../progress";
import { errorsOf, lockTimeoutFlag, plannedChange, type PhaseRunOptions } from "../terraform";
import { PhaseError, type Workspace } from "../workspace";

export interface DriftedPhase {
  readonly phase: StackName;
  readonly deployed: boolean;
  /** Resources whose real values differ from the state (changed outside Terraform). */
  readonly drifted: readonly string[];
  /** Resources the plan would create, change or destroy, with the action. */
  readonly changes: ReadonlyArray<{ readonly address: string; readonly action: string }>;
}

export async function drift(ws: Workspace, stacks: readonly StackName[], o: PhaseRunOptions): Promise<DriftedPhase[]> {
  const results: DriftedPhase[] = [];
  await runTasks(
    stacks.map((phase) => ({
      title: `${phase}: checking for drift`,
      run: async () => {
        if (!(await ws.state(phase)).deployed) {
          results.push({ phase, deployed: false, drifted: [], changes: [] });
          return `${phase}: not deployed, skipped`;
        }
        const dir = await ws.init("live", phase);
        const drifted: string[] = [];
        const changes: Array<{ address: string; action: string }> = [];
        const r = await ws.terraform(dir, ["plan", "-input=false", "-no-color", "-json", "-detailed-exitcode", lockTimeoutFlag(o)], (e) => {
          const address = e.change?.resource?.addr;
          if (e.type === "resource_drift" && address) drifted.push(address);
          // Data sources are read at every plan: not a change.
          const c = plannedChange(e);
          if (c) changes.push(c);
        });
        if (r.code === 1) throw new PhaseError(phase, `plan failed: ${errorsOf(r).join("; ")}`);
        results.push({ phase, deployed: true, drifted, changes });
        return r.code === 2 ? `${phase}: ${drifted.length} drifted, ${changes.length} to change` : `${phase}: no drift`;
      },
    })),
    o,
  );
  return results;
}

export function renderDrift(environment: string, phases: readonly DriftedPhase[]): string {
  const lines = [`Drift of ${environment}:`];
  for (const p of phases) {
    if (!p.deployed) lines.push(`  ${p.phase}: not deployed`);
    else if (p.drifted.length === 0 && p.changes.length === 0) lines.push(`  ${p.phase}: no drift`);
    else {
      lines.push(`  ${p.phase}: ${p.drifted.length} changed outside Terraform, ${p.changes.length} to change`);
      for (const a of p.drifted) lines.push(`    drifted  ${a}`);
      for (const c of p.changes) lines.push(`    ${c.action.padEnd(8)} ${c.address}`);
    }
  }
  return lines.join("\n");
}

/** 2 when any phase drifted or would change, else 0 (errors throw). */
export const driftExitCode = (phases: readonly DriftedPhase[]) => (phases.some((p) => p.drifted.length > 0 || p.changes.length > 0) ? 2 : 0);
