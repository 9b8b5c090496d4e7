/** The policy report for people (synth output, `npm run check`) and for CI annotations (`--json`). */
import type { PolicyReport } from "./engine";
import type { Finding } from "./types";

export function formatReport(report: PolicyReport): string {
  const lines: string[] = [];
  const line = (f: Finding) => {
    const unknown = f.unknown ? " (only known after apply; not assumed compliant)" : "";
    const file = f.configSource?.file ?? report.sourceFile;
    const where = f.configSource ? `\n    from config: ${f.configSource.path}${file ? `  [${file}${f.configSource.line ? `:${f.configSource.line}` : ""}]` : ""}` : "";
    return `  ${f.level.toUpperCase()} ${f.ruleId} ${f.stack} ${f.address}${where}\n    ${f.message}: ${f.detail}${unknown}\n    fix: ${f.fix}`;
  };
  lines.push(
    `policy check of ${report.environment}: ${report.errors.length} error(s), ${report.warnings.length} warning(s), ${report.suppressed.length} suppressed, ${report.rulesRun} rules`,
  );
  for (const f of report.errors) lines.push(line(f));
  for (const f of report.warnings) lines.push(line(f));
  if (report.suppressed.length > 0) {
    lines.push("  suppressed:");
    for (const f of report.suppressed) lines.push(`    ${f.ruleId} ${f.stack} ${f.address}: ${f.suppressedBecause}`);
  }
  return lines.join("\n");
}

export function jsonReport(reports: readonly PolicyReport[]): string {
  return JSON.stringify({ reports, ok: reports.every((r) => r.errors.length === 0) }, null, 2);
}
