/** Environment files as text with a change applied, and what validation says about them (config tests). */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { ConfigError } from "../../config/errors";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../../config/load";
import { readWithBases } from "../../config/extends";
import { EXAMPLES_DIR } from "./synth";

export const shippedText = (name: string) => fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, `${name}.yaml`), "utf8");

/** An example of config/examples merged with the blueprint it extends: one whole file, as text, for tests that edit it. */
export function exampleText(name: string): string {
  const file = path.join(EXAMPLES_DIR, `${name}.yaml`);
  return stringify(readWithBases(fs.readFileSync(file, "utf8"), file).raw);
}

/** A shipped file with a change applied, as YAML text. */
// The documents are edited freely by the tests, hence any.
export function withChange(name: "dev" | "staging" | "prod", change: (doc: any) => void): string {
  const doc = parseYaml(shippedText(name));
  change(doc);
  return stringify(doc);
}
export const devWith = (change: (doc: any) => void) => withChange("dev", change);
export const stagingWith = (change: (doc: any) => void) => withChange("staging", change);
export const prodWith = (change: (doc: any) => void) => withChange("prod", change);

/** The ConfigError a load (or an init) reports; fails when it succeeds or throws anything else. */
export function configErrorOf(loadIt: () => unknown): ConfigError {
  try {
    loadIt();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

/** Every problem validation reports for a file's text (fails when it loads). */
export function problemsOf(text: string, environment = "dev", env: NodeJS.ProcessEnv = {}): ConfigError["problems"] {
  return configErrorOf(() => parseEnvironment(text, environment, `config/environments/${environment}.yaml`, env)).problems;
}

/** The one problem of a file: its path, message and line. */
export function onlyProblem(text: string, environment = "dev"): ConfigError["problems"][number] {
  const problems = problemsOf(text, environment);
  expect(problems, JSON.stringify(problems, null, 1)).toHaveLength(1);
  return problems[0];
}

/** The messages at one dotted path (fails when there is none). */
export function messageFor(problems: ConfigError["problems"], dottedPath: string): string {
  const found = problems.filter((p) => p.path === dottedPath).map((p) => p.message);
  expect(found, `problems: ${JSON.stringify(problems, null, 1)}`).not.toHaveLength(0);
  return found.join(" | ");
}

/** 1-based line of the first line containing `needle`, at or after line `after`. */
export function lineOf(text: string, needle: string, after = 1): number {
  const index = text.split("\n").findIndex((l, i) => i + 1 >= after && l.includes(needle));
  expect(index, `"${needle}" in\n${text}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** Switch dev's api to App Runner, leaving out what App Runner refuses (exec, autoscaling, being referred to). */
export const apiOnAppRunner = (d: any) => {
  d.services[0].compute = "apprunner";
  // The worker calls the api on the load balancer; on App Runner it would need its URL instead.
  delete d.services[1].environment.API_URL;
  delete d.services[0].exec;
  delete d.services[0].autoscaling;
};

/**
 * The agentic example (seed 000, the default VPC) as a prod environment: prod keeps its private
 * tiers off public subnets, so it gets isolated private subnets of its own.
 */
export function agenticAsProd(d: any): void {
  d.stage = "prod";
  d.network.privateSubnetIds = ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"];
}
