/**
 * `platform deploy [phases…]`: applies the phases in order (the bootstrap stack
 * only when named), each after checking that its upstream phases are deployed,
 * with progress per phase (resources done / total, elapsed). The first failure
 * stops the run, naming the phase and the resource; no later phase runs. With
 * `--plan <dir>` each phase applies its saved plan unchanged (Terraform refuses a
 * stale one). Afterwards the hand-off file lists what now exists.
 */
import type { StackName } from "../../stacks/phases";
import { upstreamsOf } from "../phases";
import { elapsed, runTasks } from "../progress";
import { changeSummary, lockTimeoutFlag, plannedChange, type PhaseRunOptions } from "../terraform";
import { applyFailure, PhaseError, type Workspace } from "../workspace";
import * as fs from "node:fs";

export interface DeployedPhase {
  readonly phase: StackName;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly seconds: number;
}

export interface DeployOptions extends PhaseRunOptions {
  /** A folder of plan files saved by `plan --out`. */
  readonly plan?: string;
}

export async function deploy(ws: Workspace, stacks: readonly StackName[], o: DeployOptions): Promise<DeployedPhase[]> {
  const results: DeployedPhase[] = [];
  await runTasks(
    stacks.map((phase) => ({
      title: `${phase}: deploying`,
      run: async (update) => {
        const start = Date.now();
        for (const u of upstreamsOf(phase)) {
          if (!(await ws.state(u)).deployed) throw new PhaseError(phase, `its upstream phase ${u} is not deployed; deploy it first (platform deploy ${u})`);
        }
        const dir = await ws.init("live", phase);
        const planFile = o.plan ? ws.planFile(o.plan, phase) : undefined;
        if (planFile && !fs.existsSync(planFile)) throw new PhaseError(phase, `no saved plan ${planFile}; run platform plan --out ${o.plan} first`);
        let total = 0;
        let done = 0;
        let failed: string | undefined;
        const show = () => update(`${phase}: ${done}/${total} resources, ${elapsed(start)}`);
        const args = planFile
          ? ["apply", "-input=false", "-no-color", "-json", lockTimeoutFlag(o), planFile]
          : ["apply", "-auto-approve", "-input=false", "-no-color", "-json", lockTimeoutFlag(o)];
        const r = await ws.terraform(dir, args, (e) => {
          if (plannedChange(e)) total++;
          else if (e.type === "apply_complete") done++;
          else if (e.type === "apply_errored") failed ??= e.hook?.resource?.addr;
          else return;
          show();
        });
        if (r.interrupted || r.code !== 0) throw applyFailure(phase, r, failed);
        const s = changeSummary(r);
        results.push({ phase, ...s, seconds: Math.round((Date.now() - start) / 1000) });
        return `${phase}: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed in ${elapsed(start)}`;
      },
    })),
    o,
  );
  return results;
}
