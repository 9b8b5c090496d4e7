/**
 * Markdown summaries of a plan or a drift check (`--summary <file>`): what the
 * workflows post as the pull request's plan comment and the drift issue, and
 * write to the job's summary page. Resource addresses are Terraform's, as an ops
 * engineer reads them in `terraform plan`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DriftedPhase } from "./commands/drift";
import type { PlannedPhase } from "./commands/plan";

/** Addresses listed per phase; a comment holds at most 65,536 characters. */
const LISTED = 100;

export function planMarkdown(environment: string, phases: readonly PlannedPhase[]): string {
  const rows = phases.map((p) => `| ${p.phase} | ${p.mode === "live" ? "live" : `plan-only: ${p.reason}`} | ${p.add} | ${p.change} | ${p.destroy} |`);
  const total = phases.reduce((n, p) => n + p.add + p.change + p.destroy, 0);
  return [
    `### Plan of \`${environment}\`: ${total === 0 ? "no changes" : `${total} change${total === 1 ? "" : "s"}`}`,
    "",
    "| phase | mode | add | change | destroy |",
    "| --- | --- | ---: | ---: | ---: |",
    ...rows,
    ...phases.filter((p) => p.changes.length > 0).flatMap((p) => details(`${p.phase}: ${p.changes.length} resource${p.changes.length === 1 ? "" : "s"}`, p.changes.map((c) => `${c.action.padEnd(7)} ${c.address}`))),
    ...(phases.some((p) => p.mode === "plan-only") ? ["", "_Plan-only phases read mock upstream outputs: they show what the phase holds, and are applied after their upstream is deployed._"] : []),
  ].join("\n");
}

export function driftMarkdown(environment: string, phases: readonly DriftedPhase[]): string {
  const drifting = phases.filter((p) => p.drifted.length > 0 || p.changes.length > 0);
  const state = (p: DriftedPhase) => (!p.deployed ? "not deployed" : p.drifted.length + p.changes.length === 0 ? "no drift" : `${p.drifted.length} changed outside Terraform, ${p.changes.length} to change`);
  return [
    `### Drift of \`${environment}\`: ${drifting.length === 0 ? "none" : drifting.map((p) => p.phase).join(", ")}`,
    "",
    "| phase | state |",
    "| --- | --- |",
    ...phases.map((p) => `| ${p.phase} | ${state(p)} |`),
    ...drifting.flatMap((p) => details(p.phase, [...p.drifted.map((a) => `drifted ${a}`), ...p.changes.map((c) => `${c.action.padEnd(7)} ${c.address}`)])),
  ].join("\n");
}

/** A command that stopped: the phase, and Terraform's error. */
export function failureMarkdown(command: string, environment: string, message: string): string {
  return [`### ${command[0].toUpperCase()}${command.slice(1)} of \`${environment}\` failed`, "", "```", message, "```"].join("\n");
}

export function writeSummary(file: string, markdown: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${markdown}\n`);
}

function details(title: string, lines: readonly string[]): string[] {
  const shown = lines.slice(0, LISTED);
  const more = lines.length - shown.length;
  return ["", `<details><summary>${title}</summary>`, "", "```", ...shown, ...(more > 0 ? [`… and ${more} more (the full plan is in the run's artifacts)`] : []), "```", "", "</details>"];
}
