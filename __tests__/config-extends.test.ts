/** Environment files that extend a base (config/extends.ts): the merge rules, and problems named at the file and line that caused them. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { loadEnvironment, locateConfigPath, parseEnvironment } from "../config/load";
import { listBlueprints, resolveBase } from "../config/extends";
import { configErrorOf, lineOf, shippedText } from "./support/config-text";
import Ajv from "ajv";
import { JSON_SCHEMA_PATH } from "../scripts/json-schema";
import { DEFAULT_CONFIG_DIR } from "../config/load";
import { EXAMPLES_DIR, REPO_ROOT } from "./support/synth";

/** A folder of files; returns its path. */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "extends-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const prodDoc = () => parseYaml(shippedText("prod"));
const yaml = (doc: unknown) => stringify(doc);
/** prod's file as a base, and an environment file extending it. */
const extending = (child: Record<string, unknown>, base: unknown = prodDoc()) => folder({ "base.yaml": yaml(base), "env/prod.yaml": yaml({ extends: "../base.yaml", ...child }) });
const load = (dir: string, env = "prod") => loadEnvironment(env, { configDir: path.join(dir, "env"), env: {} });
const fromText = (doc: unknown) => parseEnvironment(yaml(doc), "prod", "config/environments/prod.yaml", {});
/** A resolved configuration without where it was read from. */
const comparable = (c: ResolvedConfig) => ({ ...c, sourceFile: "" });
const problemsOf = (fn: () => unknown) => configErrorOf(fn).problems;

describe("extends: merge rules", () => {
  it("a file that says only what differs resolves exactly like the whole file with those changes", () => {
    const dir = extending({ logRetentionDays: 400, tags: { team: "ml" }, availabilityZones: ["us-east-1a", "us-east-1b"] });
    const whole = prodDoc();
    whole.logRetentionDays = 400;
    whole.tags.team = "ml";
    whole.availabilityZones = ["us-east-1a", "us-east-1b"];
    expect(comparable(load(dir))).toEqual(comparable(fromText(whole)));
  });

  it("maps merge key by key; other lists replace the base's whole", () => {
    const c = load(extending({ tags: { team: "ml" }, availabilityZones: ["us-east-1a", "us-east-1b"] }));
    // cost-center comes from the base, team from the file
    expect(c.tags).toEqual({ ...fromText(prodDoc()).tags, team: "ml" });
    expect(c.availabilityZones).toEqual(["us-east-1a", "us-east-1b"]);
  });

  it("services merge by name: a named service changes only what the file gives, a new name is a new service", () => {
    const base = prodDoc();
    const api = base.services.find((s: { name: string }) => s.name === "api");
    const c = load(extending({ services: [{ name: "api", cpu: 4096, memory: 8192 }, { name: "notify", kind: "worker", cpu: 256, memory: 512, image: { tag: "1.0.0" } }] }, base));
    expect(c.services.map((s) => s.name)).toEqual([...base.services.map((s: { name: string }) => s.name), "notify"]);
    const merged = c.services.find((s) => s.name === "api")!;
    expect([merged.cpu, merged.memory, (merged as { port?: number }).port]).toEqual([4096, 8192, api.port]);
  });

  it("null removes what the base set", () => {
    expect(fromText(prodDoc()).cache).toBeDefined();
    expect(load(extending({ cache: null })).cache).toBeUndefined();
  });

  it("a base may extend another: the nearest file wins", () => {
    const dir = folder({
      "root.yaml": yaml(prodDoc()),
      "middle.yaml": yaml({ extends: "./root.yaml", logRetentionDays: 400 }),
      "env/prod.yaml": yaml({ extends: "../middle.yaml", logRetentionDays: 545 }),
    });
    expect(load(dir).protection.logRetentionDays).toBe(545);
    fs.writeFileSync(path.join(dir, "env/prod.yaml"), yaml({ extends: "../middle.yaml" }));
    expect(load(dir).protection.logRetentionDays).toBe(400);
  });
});

describe("stages: settings that differ by stage", () => {
  /** prod's file as a base whose api is bigger in prod, and an environment of `stage` extending it. */
  const staged = (stage: string, child: Record<string, unknown> = {}) => {
    const base = prodDoc();
    base.stages = { prod: { logRetentionDays: 731, services: [{ name: "api", cpu: 4096, memory: 8192 }] }, dev: { logRetentionDays: 7 } };
    return folder({ "base.yaml": yaml(base), "env/prod.yaml": yaml({ extends: "../base.yaml", stage, ...child }) });
  };
  const api = (c: ResolvedConfig) => c.services.find((s) => s.name === "api")!;

  it("a base's settings for the environment's stage apply, the other stages' do not", () => {
    const prod = load(staged("prod"));
    expect([api(prod).cpu, api(prod).memory, prod.protection.logRetentionDays]).toEqual([4096, 8192, 731]);
    const staging = load(staged("staging"));
    expect([api(staging).cpu, staging.protection.logRetentionDays]).toEqual([prodDoc().services.find((s: { name: string }) => s.name === "api").cpu, 90]);
  });

  it("the file's own settings win over its base's settings for the stage; its own stages win over both", () => {
    expect(api(load(staged("prod", { services: [{ name: "api", cpu: 2048, memory: 4096 }] }))).cpu).toBe(2048);
    expect(api(load(staged("prod", { services: [{ name: "api", cpu: 2048, memory: 4096 }], stages: { prod: { services: [{ name: "api", memory: 16384 }] } } }))).memory).toBe(16384);
  });

  it("a file without extends may have stages too (the stage is its own)", () => {
    const doc = prodDoc();
    doc.stages = { prod: { logRetentionDays: 1827 } };
    expect(fromText(doc).protection.logRetentionDays).toBe(1827);
  });

  it("a bad value for a stage is reported at its line in the stages section", () => {
    const dir = staged("prod");
    const base = fs.readFileSync(path.join(dir, "base.yaml"), "utf8").replace("logRetentionDays: 731", "logRetentionDays: 732");
    fs.writeFileSync(path.join(dir, "base.yaml"), base);
    expect(problemsOf(() => load(dir)).find((p) => p.path === "logRetentionDays")).toMatchObject({ file: expect.stringMatching(/base\.yaml$/), line: lineOf(base, "logRetentionDays: 732") });
  });

  it("stages names stages only, and cannot set the stage, a base or more stages: each problem at its line, all at once", () => {
    const text = "extends: ../base.yaml\nstage: prod\nstages:\n  production:\n    logRetentionDays: 7\n  prod:\n    stage: dev\n    extends: ../other.yaml\n  dev: 7\n";
    const dir = folder({ "base.yaml": yaml(prodDoc()), "env/prod.yaml": text });
    expect(problemsOf(() => load(dir))).toEqual([
      { path: "stages.production", message: "is not a stage; allowed: dev, staging, prod", line: 4, column: 3 },
      { path: "stages.prod.stage", message: "cannot be set by stage; set stage at the top of the file", line: 7, column: 5 },
      { path: "stages.prod.extends", message: "cannot be set by stage; set extends at the top of the file", line: 8, column: 5 },
      { path: "stages.dev", message: "must be a map of the settings that differ in dev", line: 9, column: 3 },
    ]);
  });
});

describe("extends: problems name the file and line of the value that causes them", () => {
  it("a bad value inherited from the base is reported at the base's line, one in the file at the file's, all at once", () => {
    const base = prodDoc();
    base.region = "moon-1";
    const dir = extending({ logRetentionDays: 10 }, base);
    const baseText = fs.readFileSync(path.join(dir, "base.yaml"), "utf8");
    const envFile = path.join(dir, "env/prod.yaml");
    const problems = problemsOf(() => load(dir));
    // Files outside the project are shown by their absolute path.
    const display = (f: string) => (path.relative(process.cwd(), f).startsWith("..") ? f : path.relative(process.cwd(), f));
    expect(problems.find((p) => p.path === "region")).toMatchObject({ file: display(path.join(dir, "base.yaml")), line: lineOf(baseText, "region:") });
    expect(problems.find((p) => p.path === "logRetentionDays")).toMatchObject({ line: lineOf(fs.readFileSync(envFile, "utf8"), "logRetentionDays:") });
    expect(problems.find((p) => p.path === "logRetentionDays")?.file).toBeUndefined();
  });

  it("a service setting changed by the file points at the file; one of the same service left to the base points at the base", () => {
    const base = prodDoc();
    const i = base.services.findIndex((s: { name: string }) => s.name === "api");
    base.services[i].healthCheck.path = "no-slash";
    const dir = extending({ services: [{ name: "api", cpu: 3 }] }, base);
    const problems = problemsOf(() => load(dir));
    expect(problems.find((p) => p.path === `services.${i}.cpu`)).toMatchObject({ line: lineOf(fs.readFileSync(path.join(dir, "env/prod.yaml"), "utf8"), "cpu: 3") });
    expect(problems.find((p) => p.path === `services.${i}.healthCheck.path`)).toMatchObject({ line: lineOf(fs.readFileSync(path.join(dir, "base.yaml"), "utf8"), "path: no-slash") });
    expect(problems.find((p) => p.path === `services.${i}.healthCheck.path`)?.file).toMatch(/base\.yaml$/);
  });

  it("a base that does not exist: the extends line, and the blueprints there are", () => {
    const dir = folder({ "env/prod.yaml": "extends: ../nowhere.yaml\nstage: prod\n" });
    expect(problemsOf(() => load(dir))).toEqual([{ path: "extends", message: expect.stringMatching(/nowhere\.yaml is not a file; name a blueprint \(.*\) or a file relative to this one$/), line: 1, column: 10 }]);
  });

  it("a cycle names every file on it", () => {
    const dir = folder({ "a.yaml": "extends: ./b.yaml\n", "b.yaml": "extends: ./a.yaml\n", "env/prod.yaml": "extends: ../a.yaml\n" });
    const [p] = problemsOf(() => load(dir));
    expect(p.path).toBe("extends");
    expect(p.message).toMatch(/a\.yaml extends back to this file: .*prod\.yaml → .*a\.yaml → .*b\.yaml → .*a\.yaml$/);
    expect(p.file).toMatch(/b\.yaml$/);
  });

  it("extends must name something", () => {
    const dir = folder({ "env/prod.yaml": "extends: 42\n" });
    expect(problemsOf(() => load(dir))).toEqual([{ path: "extends", message: "must name a blueprint (e.g. wwhd) or a file relative to this one (e.g. ./base.yaml)", line: 1, column: 10 }]);
  });

  it("invalid YAML in a base is reported in the base", () => {
    const dir = folder({ "base.yaml": "stage: [prod\n", "env/prod.yaml": "extends: ../base.yaml\n" });
    const [p] = problemsOf(() => load(dir));
    expect(p).toMatchObject({ path: "", file: expect.stringMatching(/base\.yaml$/), line: 2 });
    expect(p.message).toMatch(/^not valid YAML: /);
  });
});

describe("extends: what the review found", () => {
  const envText = (dir: string) => fs.readFileSync(path.join(dir, "env/prod.yaml"), "utf8");

  it("a problem inside a value the file replaced whole is the file's, never the replaced base value's", () => {
    const dir = extending({ frontend: { ...prodDoc().frontend, routes: [{ service: "api" }] } });
    const problem = problemsOf(() => load(dir)).find((p) => p.path.startsWith("frontend.routes.0"));
    expect(problem?.file).toBeUndefined();
    expect(problem?.line).toBe(lineOf(envText(dir), "- service: api"));
  });

  it("a service name the file repeats is not merged twice: an error at the second", () => {
    const dir = extending({ services: [{ name: "api", cpu: 4096, memory: 8192 }, { name: "api", cpu: 512 }] });
    expect(problemsOf(() => load(dir))).toEqual([
      { path: "services.1.name", message: 'service "api" is given twice in this file; give each service once (its settings merge into the base\'s api)', line: lineOf(envText(dir), "- name: api", 5), column: 11 },
    ]);
  });

  it("another variant of a section replaces it whole (network.mode, a service's kind): no keys of the old variant are left", () => {
    const existing = { mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890", vpcCidr: "10.30.0.0/16", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] };
    expect(load(extending({ network: existing })).network).toMatchObject({ mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890" });
  });

  it("null inside a value taken whole is dropped, as everywhere", () => {
    const c = load(extending({ services: [{ name: "notify", kind: "worker", cpu: 256, memory: 512, image: { tag: "1.0.0" }, autoscaling: null }] }));
    expect(c.services.find((s) => s.name === "notify")).toBeDefined();
  });

  it("a base that is a folder, or not a map of settings, is an error at the extends line", () => {
    const dir = folder({ "sub/x.yaml": "a: 1\n", "list.yaml": "- a\n- b\n", "env/prod.yaml": "extends: ../sub\n" });
    expect(problemsOf(() => load(dir))[0]).toMatchObject({ path: "extends", line: 1, message: expect.stringMatching(/sub is not a file;/) });
    fs.writeFileSync(path.join(dir, "env/prod.yaml"), "extends: ../list.yaml\n");
    expect(problemsOf(() => load(dir))[0]).toMatchObject({ path: "extends", line: 1, message: expect.stringMatching(/list\.yaml is not a map of settings, so there is nothing to extend$/) });
  });

  it("policy findings locate an inherited setting in the base it comes from", () => {
    const base = prodDoc();
    const dir = extending({ logRetentionDays: 400 }, base);
    const baseFile = path.join(dir, "base.yaml");
    expect(locateConfigPath(path.join(dir, "env/prod.yaml"), "database")).toEqual({ file: baseFile, line: lineOf(fs.readFileSync(baseFile, "utf8"), "database:") });
    expect(locateConfigPath(path.join(dir, "env/prod.yaml"), "logRetentionDays")).toEqual({ line: lineOf(envText(dir), "logRetentionDays:") });
  });
});

describe("extends: blueprints and siblings", () => {
  it("a bare name is a blueprint of the blueprints folder; a path is relative to the file", () => {
    const dir = folder({ "blueprints/wwhd.yaml": yaml(prodDoc()), "env/prod.yaml": "extends: wwhd\nlogRetentionDays: 400\n" });
    expect(resolveBase("wwhd", path.join(dir, "env/prod.yaml"), path.join(dir, "blueprints"))).toBe(path.join(dir, "blueprints", "wwhd.yaml"));
    expect(resolveBase("./x.yaml", path.join(dir, "env/prod.yaml"), path.join(dir, "blueprints"))).toBe(path.join(dir, "env", "x.yaml"));
    expect(listBlueprints(path.join(dir, "blueprints"))).toEqual(["wwhd"]);
    const c = parseEnvironment("extends: wwhd\nlogRetentionDays: 400\n", "prod", path.join(dir, "env/prod.yaml"), {}, undefined, [], { blueprintsDir: path.join(dir, "blueprints") });
    expect(c.protection.logRetentionDays).toBe(400);
    expect(c.services.map((s) => s.name)).toEqual(fromText(prodDoc()).services.map((s) => s.name));
  });

  it("a sibling's inherited account and state bucket count: two environments extending one base cannot both manage its bucket", () => {
    const dir = folder({ "base.yaml": yaml(prodDoc()), "env/prod.yaml": "extends: ../base.yaml\n", "env/prodb.yaml": "extends: ../base.yaml\n" });
    const [p] = problemsOf(() => load(dir));
    expect(p.path).toBe("stateBackend.manage");
    expect(p.message).toMatch(/^environment "prodb" \(.*prodb\.yaml\) also manages the state bucket acme-ai-tfstate-333333333333 of account 333333333333/);
  });
});

describe("the JSON Schema editors use", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, JSON_SCHEMA_PATH), "utf8")));
  const errors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));

  it("accepts every shipped environment and example as it is", () => {
    for (const file of [...fs.readdirSync(DEFAULT_CONFIG_DIR).map((f) => path.join(DEFAULT_CONFIG_DIR, f)), ...fs.readdirSync(EXAMPLES_DIR).map((f) => path.join(EXAMPLES_DIR, f))]) {
      expect(errors(parseYaml(fs.readFileSync(file, "utf8"))), file).toEqual([]);
    }
  });

  it("asks a file without extends for everything an environment needs", () => {
    const doc = prodDoc();
    delete doc.project;
    expect(errors(doc)).toContain("/ must have required property 'project'");
  });

  it("asks a file with extends only that what it gives is right: a partial service passes, a wrong value does not", () => {
    expect(errors({ extends: "wwhd", stage: "prod", services: [{ name: "api", cpu: 4096, memory: 8192 }] })).toEqual([]);
    expect(errors({ extends: "wwhd", stage: "production" })).toContain("/stage must be equal to one of the allowed values");
    expect(errors({ extends: "wwhd", colour: "blue" })).toContain("/ must NOT have additional properties");
  });

  it("completes and checks settings by stage, whose stage cannot be set", () => {
    expect(errors({ extends: "wwhd", stage: "prod", stages: { staging: { services: [{ name: "api", cpu: 2048 }] } } })).toEqual([]);
    expect(errors({ extends: "wwhd", stages: { live: {} } })).toContain("/stages must NOT have additional properties");
    expect(errors({ extends: "wwhd", stages: { prod: { stage: "dev" } } })).toContain("/stages/prod must NOT have additional properties");
    expect(errors({ extends: "wwhd", stages: { prod: { logRetentionDays: 8 } } })).toContain("/stages/prod/logRetentionDays must be equal to constant");
  });

  it("lets a file with extends remove with null, and still checks the lists it replaces whole and the names of the services it changes", () => {
    expect(errors({ extends: "wwhd", cache: null, services: [{ name: "api", autoscaling: null }] })).toEqual([]);
    expect(errors({ extends: "wwhd", frontend: { routes: [{ service: "api" }] } })).toContain("/frontend/routes/0 must have required property 'paths'");
    expect(errors({ extends: "wwhd", services: [{ cpu: 512 }] })).toContain("/services/0 must have required property 'name'");
  });
});
