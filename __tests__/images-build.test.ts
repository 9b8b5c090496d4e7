/**
 * The images phase for real: `terraform apply` of the synthesized images stack
 * runs its local-exec with fake `docker` and `aws` on PATH that record their
 * arguments. Upstream state comes from a seeded local state file (an override
 * file points the remote-state read and the backend at local files).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { FoundationContract } from "../stacks/contracts";
import { seededState } from "./support/seed-state";
import { stackDir, synthTo } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { tfEnv } from "./support/tf-env";
import { startFakeSts, type FakeSts } from "./support/aws-emulators";

const FAKE_BIN = path.join(__dirname, "support", "fake-bin");
const devText = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");

function configFor(projectRoot: string, build: Record<string, unknown>): ResolvedConfig {
  const doc = parseYaml(devText);
  doc.services[0].image = { build };
  return parseEnvironment(stringify(doc), "dev", "dev.yaml", {}, projectRoot);
}

describe("images phase: build and push", () => {
  let root: string;
  let work: string;
  let log: string;
  let sts: FakeSts;
  let config: ResolvedConfig;
  const build = { context: "api", dockerfile: "docker/Dockerfile", target: "runtime", platform: "linux/arm64", args: { APP_VERSION: "1" } };
  const lines = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : []);
  /** `aws ecr get-login-password | docker login` runs both ends at once: their order in the log is not fixed. */
  const loginFirst = (calls: string[]) => [...calls.slice(0, 2).sort(), ...calls.slice(2)];
  const LOGIN = ["aws ecr get-login-password --region us-east-1", "docker login --username AWS --password-stdin 111111111111.dkr.ecr.us-east-1.amazonaws.com"];
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...tfEnv,
    PATH: `${FAKE_BIN}:${process.env.PATH}`,
    FAKE_LOG: log,
    AWS_ENDPOINT_URL_STS: sts.url,
    ...extra,
  });

  /** Synthesize the images stack into the work folder, keeping its state and overrides. */
  function synthImages(): string {
    config = configFor(root, build);
    const out = synthTo(config, path.join(root, "out"));
    fs.copyFileSync(path.join(stackDir(out, "images"), "cdk.tf.json"), path.join(work, "cdk.tf.json"));
    return config.services[0].imageTag;
  }
  const apply = (extra?: NodeJS.ProcessEnv) => terraform(work, ["apply", "-auto-approve", "-input=false", "-no-color"], env(extra));
  const uri = (tag: string) => `111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api:${tag}`;

  beforeAll(async () => {
    sts = await startFakeSts("111111111111");
    root = fs.mkdtempSync(path.join(os.tmpdir(), "images-"));
    work = path.join(root, "work");
    log = path.join(root, "calls.log");
    fs.mkdirSync(path.join(root, "api", "docker"), { recursive: true });
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(root, "api", "docker", "Dockerfile"), "FROM python:3.12-slim AS runtime\nCOPY app.py /app/\n");
    fs.writeFileSync(path.join(root, "api", "app.py"), "print('v1')\n");
    fs.writeFileSync(path.join(root, "api", ".dockerignore"), "*.log\n");
    synthImages();
    const foundationState = path.join(root, "foundation.tfstate");
    fs.writeFileSync(foundationState, seededState(FoundationContract, config, { lineage: "00000000-0000-4000-8000-000000000001", serial: 1 }));
    fs.writeFileSync(
      path.join(work, "zz_local_state_override.tf.json"),
      JSON.stringify({
        terraform: { backend: { local: { path: "images.tfstate" } } },
        data: { terraform_remote_state: { foundation: { backend: "local", config: { path: foundationState } } } },
      }),
    );
    expectOk(await terraform(work, ["init", "-input=false", "-no-color"], env()), "init");
  });

  afterAll(async () => {
    await sts?.stop();
  });

  it("logs in, builds for the platform with target and build args, and pushes the content-tagged URI", async () => {
    const tag = config.services[0].imageTag;
    const r = await apply();
    expect(r.code, r.stderr).toBe(0);
    const ctx = path.join(root, "api");
    expect(loginFirst(lines())).toEqual([
      ...LOGIN,
      "docker buildx version",
      `docker build --platform linux/arm64 --file ${ctx}/docker/Dockerfile --target runtime --build-arg APP_VERSION --tag ${uri(tag)} ${ctx}`,
      "env APP_VERSION=1",
      `docker push ${uri(tag)}`,
    ]);
    const out = JSON.parse(expectOk(await terraform(work, ["output", "-json", "image_uris"], env()), "output").stdout);
    expect(out.api).toBe(uri(tag));
    expect(out.worker).toBe(`111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/worker:dev`);
  });

  it("a second apply with unchanged sources runs nothing", async () => {
    const before = lines().length;
    expect((await apply()).code).toBe(0);
    expect(lines()).toHaveLength(before);
  });

  it("a change to an ignored file does not rebuild", async () => {
    const tag = config.services[0].imageTag;
    fs.writeFileSync(path.join(root, "api", "debug.log"), "noise");
    expect(synthImages()).toBe(tag);
    const before = lines().length;
    expect((await apply()).code).toBe(0);
    expect(lines()).toHaveLength(before);
  });

  it("a changed source file triggers exactly one rebuild, with docker buildx when it is there", async () => {
    const oldTag = config.services[0].imageTag;
    fs.writeFileSync(path.join(root, "api", "app.py"), "print('v2')\n");
    const tag = synthImages();
    expect(tag).not.toBe(oldTag);
    const before = lines().length;
    expect((await apply({ FAKE_BUILDX: "1" })).code).toBe(0);
    const ctx = path.join(root, "api");
    expect(loginFirst(lines().slice(before))).toEqual([
      ...LOGIN,
      "docker buildx version",
      `docker buildx build --platform linux/arm64 --file ${ctx}/docker/Dockerfile --target runtime --build-arg APP_VERSION --tag ${uri(tag)} --push ${ctx}`,
    ]);
  });

  it("a failed push fails the phase with the command's output and leaves the foundation's state untouched", async () => {
    const foundationState = fs.readFileSync(path.join(root, "foundation.tfstate"), "utf8");
    fs.writeFileSync(path.join(root, "api", "app.py"), "print('v3')\n");
    synthImages();
    const r = await apply({ FAKE_DOCKER_FAIL: "push" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fake docker: push failed/);
    expect(r.stderr).toMatch(/local-exec provisioner error/);
    expect(fs.readFileSync(path.join(root, "foundation.tfstate"), "utf8")).toBe(foundationState);
    // The failed image is tainted in the images state, so the next apply retries it.
    const show = expectOk(await terraform(work, ["state", "list"], env()), "state list").stdout;
    expect(show).toContain("terraform_data.api_image");
  });

  it("without docker on PATH the phase stops and says what is missing", async () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "no-tools-"));
    const r = await terraform(work, ["apply", "-auto-approve", "-input=false", "-no-color"], { ...env(), PATH: emptyPath });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/\s+/g, " ")).toMatch(/images phase: docker is not on PATH; install it, or deploy a prebuilt tag/);
  });
});

describe("build configuration errors", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "images-cfg-"));
  const problems = (build: Record<string, unknown>) => {
    try {
      configFor(root, build);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
      throw e;
    }
    throw new Error("expected a ConfigError");
  };

  it("a missing context directory is a config error at synth", () => {
    expect(problems({ context: "nope" })).toEqual([`services.0.image.build.context: build context ${path.join(root, "nope")} is not a directory (paths are relative to the project root ${root})`]);
  });

  it("a missing Dockerfile is a config error at synth", () => {
    fs.mkdirSync(path.join(root, "web"), { recursive: true });
    expect(problems({ context: "web" })).toEqual([`services.0.image.build.dockerfile: no Dockerfile in the build context ${path.join(root, "web")}`]);
  });

  it("secret-looking build arguments are refused", () => {
    fs.writeFileSync(path.join(root, "web", "Dockerfile"), "FROM scratch\n");
    expect(problems({ context: "web", args: { NPM_TOKEN: "x" } })).toEqual([
      "services.0.image.build.args.NPM_TOKEN: NPM_TOKEN looks like a secret; build arguments stay in the image history — use the service's secrets instead",
    ]);
  });
});
