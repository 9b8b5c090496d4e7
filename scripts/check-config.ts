/**
 * npm run config:check — validate every environment file (or those named on the
 * command line) and report all problems of all files; exits 2 on any problem.
 */
import { ConfigError } from "../config/errors";
import { configDirFrom, listEnvironments, loadEnvironment } from "../config/load";

const configDir = configDirFrom(process.env);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : listEnvironments(configDir);
let failed = 0;
for (const name of names) {
  try {
    const c = loadEnvironment(name, { configDir });
    process.stdout.write(`ok  ${name} (${c.sourceFile}): stage ${c.stage}, ${c.services.length} services, region ${c.region}\n`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    failed++;
    process.stderr.write(`${err.message}\n`);
  }
}
process.exit(failed > 0 ? 2 : 0);
