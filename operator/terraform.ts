/**
 * Terraform as the operator runs it: one process per step in a stack folder,
 * with `-json` machine-readable output read line by line (progress, the change
 * summary, errors with their resource addresses). Ctrl-C is passed to Terraform,
 * which stops at a safe point and releases the state lock before it exits.
 */
import { spawn } from "node:child_process";

/** One line of `terraform … -json` output (https://developer.hashicorp.com/terraform/internals/machine-readable-ui). */
export interface TfEvent {
  readonly type: string;
  readonly "@level"?: string;
  readonly "@message"?: string;
  readonly hook?: { readonly resource?: { readonly addr?: string }; readonly action?: string; readonly elapsed_seconds?: number };
  readonly change?: { readonly resource?: { readonly addr?: string }; readonly action?: string };
  readonly changes?: { readonly add: number; readonly change: number; readonly remove: number; readonly import?: number; readonly operation?: string };
  readonly diagnostic?: { readonly severity: string; readonly summary: string; readonly detail?: string; readonly address?: string };
}

/** A resource a plan would create, update, replace or delete: not a no-op, not a data source read. */
export function plannedChange(e: TfEvent): { readonly address: string; readonly action: string } | undefined {
  const address = e.change?.resource?.addr;
  if (e.type !== "planned_change" || !address || e.change?.action === "noop" || e.change?.action === "read") return undefined;
  return { address, action: e.change?.action ?? "update" };
}

/** What every phase command takes: how progress shows, and how long to wait for a state lock. */
export interface PhaseRunOptions {
  readonly json: boolean;
  /** @default process.stdout.isTTY */
  readonly tty?: boolean;
  /** @default 60s */
  readonly lockTimeout?: string;
}

/** Terraform's `-lock-timeout` flag for a run. */
export const lockTimeoutFlag = (o: PhaseRunOptions) => `-lock-timeout=${o.lockTimeout ?? "60s"}`;

export interface TfRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly events: readonly TfEvent[];
  /** True when the run ended because the user pressed Ctrl-C. */
  readonly interrupted: boolean;
}

export interface TfOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Each `-json` event as it arrives. */
  readonly onEvent?: (e: TfEvent) => void;
}

/** Run `terraform <args>` in `dir`. Never rejects for a non-zero exit: the caller reads `code`. */
export function runTerraform(dir: string, args: readonly string[], o: TfOptions): Promise<TfRun> {
  return new Promise((resolve, reject) => {
    // In a process group of its own: a Ctrl-C at the terminal reaches Terraform once, through
    // this process, never twice (Terraform takes a second interrupt as "stop now, keep the lock").
    const child = spawn("terraform", [...args], { cwd: dir, env: { ...process.env, ...o.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let pending = "";
    let interrupted = false;
    const events: TfEvent[] = [];
    const onLine = (line: string) => {
      if (!line.startsWith("{")) return;
      try {
        const e = JSON.parse(line) as TfEvent;
        events.push(e);
        o.onEvent?.(e);
      } catch {
        // Not an event: Terraform printed plain text (kept in stdout).
      }
    };
    child.stdout.on("data", (d: Buffer) => {
      const text = d.toString();
      stdout += text;
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Terraform handles the interrupt itself: it finishes the resource in flight, saves state and
    // unlocks. Passed on once, however many copies arrive (npm and tsx relay it too).
    const onSigint = () => {
      if (interrupted) return;
      interrupted = true;
      child.kill("SIGINT");
    };
    process.on("SIGINT", onSigint);
    child.on("error", (err) => {
      process.off("SIGINT", onSigint);
      reject(new Error(`could not run terraform (${err.message}); is it installed and on PATH?`));
    });
    child.on("close", (code) => {
      process.off("SIGINT", onSigint);
      if (pending) onLine(pending);
      resolve({ code: code ?? 1, stdout, stderr, events, interrupted });
    });
  });
}

/** The errors of a run: its error diagnostics (with the resource address when there is one), else its stderr. */
export function errorsOf(r: TfRun): string[] {
  const diagnostics = r.events
    .filter((e) => e.type === "diagnostic" && e.diagnostic?.severity === "error")
    .map((e) => `${e.diagnostic!.address ? `${e.diagnostic!.address}: ` : ""}${e.diagnostic!.summary}${e.diagnostic!.detail ? `: ${e.diagnostic!.detail.split("\n")[0]}` : ""}`);
  if (diagnostics.length > 0) return diagnostics;
  const text = r.stderr.trim() || r.stdout.trim();
  return text ? [text.split("\n").filter((l) => l.trim()).slice(0, 6).join("\n")] : [`terraform exited with ${r.code}`];
}

/** Adds, changes and destroys of a plan or apply, from its change summary. */
export function changeSummary(r: TfRun): { add: number; change: number; destroy: number } {
  const s = [...r.events].reverse().find((e) => e.type === "change_summary")?.changes;
  return { add: s?.add ?? 0, change: s?.change ?? 0, destroy: s?.remove ?? 0 };
}
