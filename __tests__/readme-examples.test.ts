/**
 * The README's service examples (one per seed) are configuration that loads: each
 * YAML block of "One example per seed" replaces the services of dev's file (and
 * adds its top-level sections), with a prebuilt image where the example leaves
 * the image out, and must validate and synthesize.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parse as parseYaml, stringify } from "yaml";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { ServicesStack } from "../stacks/services-stack";
import { REPO_ROOT } from "./support/synth";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("#### One example per seed"), readme.indexOf("### Configuration examples"));
/** Every YAML block, with the seed whose paragraph it follows. */
const examples = section
  .split(/^(?=Seed \d{3})/m)
  .slice(1)
  .flatMap((part) => [...part.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, n) => ({ seed: part.slice(5, 8), n, yaml: m[1] })));

function load(yaml: string) {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
  const example = parseYaml(yaml) as { services: Array<Record<string, unknown>> } & Record<string, unknown>;
  delete doc.database; // its clients name dev's services
  Object.assign(doc, example);
  for (const s of doc.services) s.image ??= { tag: "1.0.0" };
  return parseEnvironment(stringify(doc), "dev", "README.md", {});
}

describe("README service examples", () => {
  it("has an example for each seed from 000 to 004", () => {
    expect([...new Set(examples.map((e) => e.seed))]).toEqual(["000", "001", "002", "003", "004"]);
  });

  it.each(examples)("seed $seed, example $n, loads and synthesizes each workload where it runs", ({ yaml }) => {
    const config = load(yaml);
    const json = JSON.parse(Testing.synth(new ServicesStack(Testing.app(), { config }))) as { resource: Record<string, Record<string, unknown>> };
    const names = (type: string, suffix = "") => Object.keys(json.resource[type] ?? {}).map((n) => n.slice(0, n.length - suffix.length)).sort();
    const on = (compute: string) => config.services.filter((s) => s.compute === compute).map((s) => s.name).sort();
    expect(names("aws_ecs_task_definition")).toEqual(on("ecs"));
    expect(names("aws_apprunner_service")).toEqual(on("apprunner"));
    expect(names("aws_batch_job_definition", "_definition")).toEqual(on("batch"));
  });
});
