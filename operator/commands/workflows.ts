/**
 * `platform workflows [--check] [--out <dir>]`: writes the GitHub Actions
 * workflows of every environment of the config folder that has `github`
 * settings (operator/workflows/generate.ts) into .github/workflows, or, with
 * --check, says which committed files differ from what the config gives.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../../config/errors";
import { listEnvironments, loadEnvironment } from "../../config/load";
import { PROJECT_ROOT } from "../../config/paths";
import { generateWorkflows } from "../workflows/generate";

export interface WorkflowFileState {
  readonly file: string;
  readonly state: "written" | "unchanged" | "stale";
}

export function workflows(configDir: string, env: NodeJS.ProcessEnv, o: { readonly out?: string; readonly check: boolean }): { environments: string[]; files: WorkflowFileState[] } {
  const relative = path.relative(PROJECT_ROOT, configDir);
  if (relative.startsWith("..") || path.isAbsolute(relative)) throw new UsageError(`the config folder ${configDir} is outside the repository (${PROJECT_ROOT}), where the workflows check it out; keep the environment files in the repository`);
  const configs = listEnvironments(configDir).map((name) => loadEnvironment(name, { configDir, env }));
  const environments = configs.filter((c) => c.github).map((c) => c.environment);
  if (environments.length === 0) throw new UsageError(`no environment in ${path.relative(PROJECT_ROOT, configDir) || "."} has github settings: add github (repository, and branch or environment) to the environments CI deploys`);
  const out = path.resolve(PROJECT_ROOT, o.out ?? path.join(".github", "workflows"));
  const files = Object.entries(generateWorkflows(configs, { configDir: relative })).map(([name, text]): WorkflowFileState => {
    const file = path.join(out, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (current === text) return { file, state: "unchanged" };
    if (o.check) return { file, state: "stale" };
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(file, text);
    return { file, state: "written" };
  });
  return { environments, files };
}
