/**
 * npm run check [-- --json] [env …] — synthesize each environment (default: all)
 * into a temporary folder and run the policy rules. Prints the report (or one JSON
 * document for CI annotations) and exits 1 when any environment has an error.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { configDirFrom, listEnvironments, loadEnvironment } from "../config/load";
import type { PolicyReport } from "../policy/engine";
import { formatReport, jsonReport } from "../policy/report";
import { PolicyError, synthesize } from "../stacks/synthesize";

const args = process.argv.slice(2);
const json = args.includes("--json");
const configDir = configDirFrom(process.env);
const names = args.filter((a) => !a.startsWith("--"));
const reports: PolicyReport[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
try {
  for (const name of names.length > 0 ? names : listEnvironments(configDir)) {
    try {
      reports.push(synthesize(loadEnvironment(name, { configDir }), { outdir: path.join(tmp, name) }));
    } catch (err) {
      if (err instanceof PolicyError) reports.push(err.report);
      else if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
      } else throw err;
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(json ? `${jsonReport(reports)}\n` : `${reports.map(formatReport).join("\n")}\n`);
process.exit(reports.some((r) => r.errors.length > 0) ? 1 : 0);
