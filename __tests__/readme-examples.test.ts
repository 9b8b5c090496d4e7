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
const examples = [...section.matchAll(/^Seed (\d{3})[^\n]*\n(?:[^\n]+\n)*?\n```yaml\n([\s\S]*?)```/gm)].map((m) => ({ seed: m[1], yaml: m[2] }));

function load(yaml: string) {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
  const example = parseYaml(yaml) as { services: Array<Record<string, unknown>> } & Record<string, unknown>;
  delete doc.database; // its clients name dev's services
  Object.assign(doc, example);
  for (const s of doc.services) s.image ??= { tag: "1.0.0" };
  return parseEnvironment(stringify(doc), "dev", "README.md", {});
}

describe("README service examples", () => {
  it("has one example for each seed from 000 to 004", () => {
    expect(examples.map((e) => e.seed)).toEqual(["000", "001", "002", "003", "004"]);
  });

  it.each(examples)("seed $seed loads and synthesizes", ({ yaml }) => {
    const config = load(yaml);
    const json = JSON.parse(Testing.synth(new ServicesStack(Testing.app(), { config }))) as { resource: Record<string, Record<string, unknown>> };
    expect(Object.keys(json.resource.aws_ecs_task_definition).sort()).toEqual(config.services.map((s) => s.name).sort());
  });
});
