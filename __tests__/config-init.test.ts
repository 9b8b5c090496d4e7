/** npm run init: a new environment from a blueprint, validated before it is written, never over an existing file. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { initEnvironment, INIT_USAGE, parseInitArgs, type InitOptions } from "../config/init";
import { loadEnvironment } from "../config/load";
import { configErrorOf, shippedText } from "./support/config-text";
import { REPO_ROOT } from "./support/synth";

/** A blueprint folder holding prod's file without what an environment gives itself, as `wwhd`. */
function blueprints(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprints-"));
  const doc = parseYaml(shippedText("prod"));
  for (const own of ["stage", "region", "accountId", "availabilityZones"]) delete doc[own];
  fs.writeFileSync(path.join(dir, "wwhd.yaml"), stringify(doc));
  return dir;
}
const options = (over: Partial<InitOptions> = {}): InitOptions => ({
  blueprint: "wwhd",
  environment: "qa",
  accountId: "555555555555",
  region: "eu-west-1",
  stage: "staging",
  configDir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "init-")), "environments"),
  blueprintsDir: blueprints(),
  ...over,
});
const problemsOf = (fn: () => unknown) => configErrorOf(fn).problems;

describe("npm run init", () => {
  it("writes only what the environment adds to its blueprint, and the file loads as the blueprint's system", () => {
    const o = options();
    const file = initEnvironment(o);
    expect(file).toBe(path.join(o.configDir!, "qa.yaml"));
    const schema = path.relative(o.configDir!, path.join(REPO_ROOT, "config", "schema.json"));
    expect(fs.readFileSync(file, "utf8")).toBe(
      [
        `# yaml-language-server: $schema=${schema}`,
        "# qa: the wwhd blueprint (config/blueprints/wwhd.yaml) in account 555555555555, eu-west-1.",
        "# Give only what differs from the blueprint: maps merge, services merge by name, other lists and values replace, null removes.",
        "extends: wwhd",
        "stage: staging",
        "region: eu-west-1",
        'accountId: "555555555555"',
        "availabilityZones:",
        "  - eu-west-1a",
        "  - eu-west-1b",
        "stateBackend:",
        "  bucket: acme-ai-tfstate-555555555555",
        "  lockTable: acme-ai-tflock",
        "",
      ].join("\n"),
    );
    const c = loadEnvironment("qa", { configDir: o.configDir, blueprintsDir: o.blueprintsDir, env: {} });
    expect([c.stage, c.region, c.accountId, c.stateBackend.bucket]).toEqual(["staging", "eu-west-1", "555555555555", "acme-ai-tfstate-555555555555"]);
    expect(c.services.map((s) => s.name)).toEqual(parseYaml(shippedText("prod")).services.map((s: { name: string }) => s.name));
  });

  it("prod gets three zones", () => {
    const o = options({ stage: "prod", environment: "live" });
    expect(parseYaml(fs.readFileSync(initEnvironment(o), "utf8")).availabilityZones).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });

  it("never overwrites an environment, whatever its extension", () => {
    const o = options();
    fs.mkdirSync(o.configDir!, { recursive: true });
    fs.writeFileSync(path.join(o.configDir!, "qa.yml"), "mine\n");
    expect(problemsOf(() => initEnvironment(o))).toEqual([{ path: "", message: 'environment "qa" exists already; init never overwrites: edit it, or choose another name' }]);
    expect(fs.readFileSync(path.join(o.configDir!, "qa.yml"), "utf8")).toBe("mine\n");
    expect(fs.existsSync(path.join(o.configDir!, "qa.yaml"))).toBe(false);
  });

  it("a second environment of the account shares what the first one owns: the state bucket, the GitHub OIDC provider (--shared-account)", () => {
    const first = options({ environment: "qa" });
    initEnvironment(first);
    // Without it, both would create the account's state bucket and OIDC provider: refused, nothing written.
    expect(problemsOf(() => initEnvironment({ ...first, environment: "uat" })).map((p) => p.path)).toEqual(["stateBackend.manage", "github.createProvider"]);
    expect(fs.existsSync(path.join(first.configDir!, "uat.yaml"))).toBe(false);
    const file = initEnvironment({ ...first, environment: "uat", sharedAccount: true });
    expect(parseYaml(fs.readFileSync(file, "utf8")).stateBackend).toEqual({ bucket: "acme-ai-tfstate-555555555555", lockTable: "acme-ai-tflock", manage: false });
    expect(parseYaml(fs.readFileSync(file, "utf8")).github).toEqual({ createProvider: false });
    expect(loadEnvironment("uat", { configDir: first.configDir, blueprintsDir: first.blueprintsDir, env: {} }).stateBackend.manage).toBe(false);
  });

  it("an unknown blueprint lists the blueprints there are", () => {
    expect(problemsOf(() => initEnvironment(options({ blueprint: "chatbot" })))[0].message).toBe(`unknown blueprint "chatbot"; blueprints: wwhd\n${INIT_USAGE}`);
  });

  it("validates what it would write, as the loader will, and writes nothing when it is not valid", () => {
    const o = options({ region: "moon-1", accountId: "12345" });
    const problems = problemsOf(() => initEnvironment(o));
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["region", "accountId"]));
    for (const p of problems) expect(p.message).toMatch(/\(nothing was written\)$/);
    expect(fs.existsSync(path.join(o.configDir!, "qa.yaml"))).toBe(false);
  });

  it("reads its command line, and says how to use it", () => {
    expect(parseInitArgs(["wwhd", "qa", "--account", "555555555555", "--region", "eu-west-1", "--stage", "prod", "--azs", "eu-west-1a, eu-west-1c"])).toEqual({
      blueprint: "wwhd",
      environment: "qa",
      accountId: "555555555555",
      region: "eu-west-1",
      stage: "prod",
      availabilityZones: ["eu-west-1a", "eu-west-1c"],
    });
    expect(problemsOf(() => parseInitArgs(["wwhd"]))[0].message).toBe(`give a blueprint and an environment name\n${INIT_USAGE}`);
    expect(problemsOf(() => parseInitArgs(["wwhd", "qa", "--region", "eu-west-1"]))[0].message).toBe(`give --account and --region\n${INIT_USAGE}`);
    expect(problemsOf(() => parseInitArgs(["wwhd", "qa", "--account", "1", "--region", "r", "--stage", "live"]))[0].message).toBe(`--stage must be one of dev, staging, prod\n${INIT_USAGE}`);
    expect(problemsOf(() => parseInitArgs(["wwhd", "qa", "--force"]))[0].message).toBe(`unknown or incomplete option --force\n${INIT_USAGE}`);
    expect(parseInitArgs(["wwhd", "qa", "--account", "555555555555", "--region", "eu-west-1", "--shared-account"])).toMatchObject({ sharedAccount: true });
    expect(parseInitArgs(["wwhd", "qa", "--account", "5", "--region", "r", "--domain", "x.example.com", "--zone-id", "Z1"])).toMatchObject({ domain: { name: "x.example.com", zoneId: "Z1" } });
    expect(problemsOf(() => parseInitArgs(["wwhd", "qa", "--account", "5", "--region", "r", "--domain", "x.example.com"]))[0].message).toBe(`give --domain and --zone-id together\n${INIT_USAGE}`);
    expect(parseInitArgs(["agentic-mlops", "qa", "--account", "5", "--region", "r", "--vpc-id", "vpc-0a1b2c3d", "--subnet-ids", "subnet-0a1b2c3d, subnet-0e1f2a3b", "--github", "acme/app"])).toMatchObject({
      vpc: { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-0e1f2a3b"] },
      githubRepository: "acme/app",
    });
    expect(problemsOf(() => parseInitArgs(["agentic-mlops", "qa", "--account", "5", "--region", "r", "--vpc-id", "vpc-0a1b2c3d"]))[0].message).toBe(`give --vpc-id and --subnet-ids together\n${INIT_USAGE}`);
  });
});
