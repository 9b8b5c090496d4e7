/**
 * `platform plan [phases…]`: every phase in order. A phase whose upstream phases
 * are all deployed plans against the shared state; one whose upstream is not
 * deployed yet plans in plan-only mode (mock upstream outputs, local guarded
 * state), and says so. `--out <dir>` saves each live plan as `<dir>/<phase>.tfplan`
 * for `deploy --plan <dir>`; plan-only plans are never saved (they cannot be applied).
 */
import type { StackName } from "../../stacks/phases";
import { upstreamsOf } from "../phases";
import { elapsed, runTasks } from "../progress";
import { changeSummary, errorsOf, lockTimeoutFlag, plannedChange, type PhaseRunOptions } from "../terraform";
import { PhaseError, type OutputKind, type Workspace } from "../workspace";

export interface PlannedPhase {
  readonly phase: StackName;
  readonly mode: OutputKind;
  /** Why a phase was planned in plan-only mode. */
  readonly reason?: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly planFile?: string;
  readonly seconds: number;
  /** The resources the plan creates, updates, replaces or deletes, with Terraform's action. */
  readonly changes: ReadonlyArray<{ readonly address: string; readonly action: string }>;
}

export interface PlanOptions extends PhaseRunOptions {
  readonly out?: string;
}

export async function plan(ws: Workspace, stacks: readonly StackName[], o: PlanOptions): Promise<PlannedPhase[]> {
  const results: PlannedPhase[] = [];
  await runTasks(
    stacks.map((phase) => ({
      title: `${phase}: planning`,
      run: async (update) => {
        const start = Date.now();
        const missing: string[] = [];
        for (const u of upstreamsOf(phase)) if (!(await ws.state(u)).deployed) missing.push(u);
        const mode: OutputKind = missing.length === 0 ? "live" : "plan-only";
        const reason = missing.length > 0 ? `${missing.join(", ")} not deployed yet: upstream outputs are mock values` : undefined;
        const dir = await ws.init(mode, phase);
        const planFile = o.out && mode === "live" ? ws.planFile(o.out, phase) : undefined;
        const changes: Array<{ address: string; action: string }> = [];
        const r = await ws.terraform(dir, ["plan", "-input=false", "-no-color", "-json", lockTimeoutFlag(o), ...(planFile ? [`-out=${planFile}`] : [])], (e) => {
          const c = plannedChange(e);
          if (!c) return;
          changes.push(c);
          update(`${phase}: planning (${changes.length} changes so far, ${elapsed(start)})`);
        });
        if (r.code !== 0) throw new PhaseError(phase, `plan failed: ${errorsOf(r).join("; ")}`);
        const s = changeSummary(r);
        results.push({ phase, mode, reason, ...s, planFile, seconds: Math.round((Date.now() - start) / 1000), changes });
        return `${phase}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${mode === "plan-only" ? ` (plan-only: ${reason})` : ""}`;
      },
    })),
    o,
  );
  return results;
}

/** The summary table printed after a plan. */
export function renderPlanSummary(environment: string, phases: readonly PlannedPhase[]): string {
  const rows = phases.map((p) => `| ${p.phase} | ${p.mode}${p.reason ? ` (${p.reason})` : ""} | ${p.add} | ${p.change} | ${p.destroy} |${p.planFile ? ` ${p.planFile} |` : " |"}`);
  return [`Plan of ${environment}:`, "", "| phase | mode | add | change | destroy | plan file |", "| --- | --- | ---: | ---: | ---: | --- |", ...rows].join("\n");
}
