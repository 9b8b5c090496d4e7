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
import { expectOk, terraform, type TfResult } from "./support/terraform";
import { tfEnv } from "./support/tf-env";
import { startFakeSts, type FakeSts } from "./support/aws-emulators";

const FAKE_BIN = path.join(__dirname, "support", "fake-bin");
const devText = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");

function configFor(projectRoot: string, build: Record<string, unknown>): ResolvedConfig {
  const doc = parseYaml(devText);
  doc.services[0].image = { build };
  // These projects have no site to publish.
  delete doc.frontend.assets;
  return parseEnvironment(stringify(doc), "dev", "dev.yaml", {}, projectRoot);
}

/** The build settings of the api service in these tests (dev's worker stays prebuilt). */
const BUILD = { context: "api", dockerfile: "docker/Dockerfile", target: "runtime", platform: "linux/arm64", args: { APP_VERSION: "1" } };
const REGISTRY = "111111111111.dkr.ecr.us-east-1.amazonaws.com";
const uri = (tag: string) => `${REGISTRY}/acme-ai/dev/api:${tag}`;
/** `aws ecr get-login-password | docker login` runs both ends at once: their order in the log is not fixed. */
const loginFirst = (calls: string[]) => [...calls.slice(0, 2).sort(), ...calls.slice(2)];
const LOGIN = ["aws ecr get-login-password --region us-east-1", `docker login --username AWS --password-stdin ${REGISTRY}`];

/** The build context as the synthesized stack names it: relative to the stack's folder (work/stacks/images), where Terraform runs. */
const CONTEXT = "../../../api";

/** The calls of one build without buildx: login, `docker build` with the build args in name order, each arg as docker received it, push. */
function plainBuildCalls(tag: string, args: Readonly<Record<string, string>> = BUILD.args): string[] {
  const names = Object.keys(args).sort();
  return [
    ...LOGIN,
    "docker buildx version",
    `docker build --platform linux/arm64 --file ${CONTEXT}/docker/Dockerfile --target runtime ${names.map((n) => `--build-arg ${n}=${args[n]}`).join(" ")} --tag ${uri(tag)} ${CONTEXT}`,
    ...names.map((n) => `build-arg ${n}=${args[n]}`),
    `docker push ${uri(tag)}`,
  ];
}

/**
 * One project with its own sources, call log, seeded foundation state and images
 * state: every test starts from a fresh one, so none depends on another's leftovers.
 */
interface Workspace {
  /** The build context (root/api). */
  readonly ctx: string;
  readonly work: string;
  readonly foundationState: string;
  /** Synthesize the images stack into the work folder (keeping its state); returns the api image tag. */
  synth(): string;
  write(file: string, text: string): void;
  apply(extra?: NodeJS.ProcessEnv): Promise<TfResult>;
  tf(args: string[], extra?: NodeJS.ProcessEnv): Promise<TfResult>;
  /** Calls recorded by the fake docker and aws. */
  lines(): string[];
  /** The api image record as `terraform show -json` reports it. */
  apiRecord(): Promise<{ tainted?: boolean; values: { triggers_replace: { tag: string } | null; input: { uri: string } } }>;
}

describe("images phase: build and push", () => {
  let base: string;
  let sts: FakeSts;
  let initialized: string | undefined;

  async function workspace(name: string, build: Record<string, unknown> = BUILD): Promise<Workspace> {
    const root = path.join(base, name);
    // At the depth of the synthesized stack folder: the build context is written relative to it.
    const work = path.join(root, "work", "stacks", "images");
    const log = path.join(root, "calls.log");
    const ctx = path.join(root, "api");
    const foundationState = path.join(root, "foundation.tfstate");
    fs.mkdirSync(path.join(ctx, "docker"), { recursive: true });
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(ctx, "docker", "Dockerfile"), "FROM python:3.12-slim AS runtime\nCOPY app.py /app/\n");
    fs.writeFileSync(path.join(ctx, "app.py"), "print('v1')\n");
    fs.writeFileSync(path.join(ctx, ".dockerignore"), "*.log\n");
    const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
      ...tfEnv,
      PATH: `${FAKE_BIN}:${process.env.PATH}`,
      FAKE_LOG: log,
      AWS_ENDPOINT_URL_STS: sts.url,
      ...extra,
    });
    const synth = (): ResolvedConfig => {
      const config = configFor(root, build);
      const out = synthTo(config, path.join(root, "out"));
      fs.copyFileSync(path.join(stackDir(out, "images"), "cdk.tf.json"), path.join(work, "cdk.tf.json"));
      return config;
    };
    fs.writeFileSync(foundationState, seededState(FoundationContract, synth(), { lineage: "00000000-0000-4000-8000-000000000001", serial: 1 }));
    fs.writeFileSync(
      path.join(work, "zz_local_state_override.tf.json"),
      JSON.stringify({
        terraform: { backend: { local: { path: "images.tfstate" } } },
        data: { terraform_remote_state: { foundation: { backend: "local", config: { path: foundationState } } } },
      }),
    );
    const tf = (args: string[], extra?: NodeJS.ProcessEnv) => terraform(work, args, env(extra));
    if (initialized) {
      // Every workspace has the same providers and backend: reuse the first one's init (its lock file and data folder).
      fs.copyFileSync(path.join(initialized, ".terraform.lock.hcl"), path.join(work, ".terraform.lock.hcl"));
      fs.cpSync(path.join(initialized, ".terraform"), path.join(work, ".terraform"), { recursive: true, verbatimSymlinks: true });
    } else {
      expectOk(await tf(["init", "-input=false", "-no-color"]), "init");
      initialized = work;
    }
    return {
      ctx,
      work,
      foundationState,
      synth: () => synth().services[0].imageTag,
      write: (file, text) => fs.writeFileSync(path.join(ctx, file), text),
      apply: (extra) => tf(["apply", "-auto-approve", "-input=false", "-no-color"], extra),
      tf,
      lines: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : []),
      apiRecord: async () => {
        const state = JSON.parse(expectOk(await tf(["show", "-json"]), "show").stdout);
        const record = state.values.root_module.resources.find((r: { address: string }) => r.address === "terraform_data.api_image");
        if (!record) throw new Error(`terraform_data.api_image is not in the state:\n${JSON.stringify(state, null, 2)}`);
        return record;
      },
    };
  }

  beforeAll(async () => {
    sts = await startFakeSts("111111111111");
    base = fs.mkdtempSync(path.join(os.tmpdir(), "images-"));
    // `terraform init` once, in a workspace the tests do not use; the others copy it.
    await workspace("init");
  });

  afterAll(async () => {
    await sts?.stop();
  });

  it("logs in, builds for the platform with target and build args, and pushes the content-tagged URI", async () => {
    const w = await workspace("first-build");
    const tag = w.synth();
    const r = await w.apply();
    expect(r.code, r.stderr).toBe(0);
    expect(loginFirst(w.lines())).toEqual(plainBuildCalls(tag));
    const out = JSON.parse(expectOk(await w.tf(["output", "-json", "image_uris"]), "output").stdout);
    expect(out.api).toBe(uri(tag));
    expect(out.worker).toBe(`${REGISTRY}/acme-ai/dev/worker:dev`);
  });

  it("build args named PATH, CONTEXT and IMAGE_URI reach docker as build args and change nothing else", async () => {
    const args = {
      APP_VERSION: "1",
      PATH: "/opt/sdk bin:$HOME/bin",
      CONTEXT: "from a build arg: ${local.not_interpolated} %{ if true }no directive%{ endif } 'quoted' \"double\"",
      IMAGE_URI: "registry.example/other:latest",
    };
    const w = await workspace("build-args", { ...BUILD, args });
    const tag = w.synth();
    const r = await w.apply();
    expect(r.code, r.stderr).toBe(0);
    // aws and docker were found on PATH, the build used the service's context, Dockerfile and tag,
    // and each value arrived verbatim as one argument.
    expect(loginFirst(w.lines())).toEqual(plainBuildCalls(tag, args));
    expect((await w.apiRecord()).values.input.uri).toBe(uri(tag));
  });

  it("an apply with unchanged sources runs nothing, and neither does one after a change to an ignored file", async () => {
    const w = await workspace("unchanged");
    const tag = w.synth();
    expectOk(await w.apply(), "first apply");
    const before = w.lines().length;
    expect(before).toBeGreaterThan(0);
    expectOk(await w.apply(), "second apply");
    expect(w.lines()).toHaveLength(before);

    w.write("debug.log", "noise");
    expect(w.synth()).toBe(tag);
    expectOk(await w.apply(), "apply after the ignored change");
    expect(w.lines()).toHaveLength(before);
  });

  it("a changed source file triggers exactly one rebuild, with docker buildx when it is there", async () => {
    const w = await workspace("source-change");
    const oldTag = w.synth();
    expectOk(await w.apply(), "first apply");
    w.write("app.py", "print('v2')\n");
    const tag = w.synth();
    expect(tag).not.toBe(oldTag);
    const before = w.lines().length;
    expectOk(await w.apply({ FAKE_BUILDX: "1" }), "apply after the change");
    expect(loginFirst(w.lines().slice(before))).toEqual([
      ...LOGIN,
      "docker buildx version",
      `docker buildx build --platform linux/arm64 --file ${CONTEXT}/docker/Dockerfile --target runtime --build-arg APP_VERSION=1 --tag ${uri(tag)} --push ${CONTEXT}`,
      "build-arg APP_VERSION=1",
    ]);
  });

  it("a failed push fails the phase with the command's output, leaves the image tainted and the foundation's state untouched; the next apply builds it once", async () => {
    const w = await workspace("failed-push");
    const oldTag = w.synth();
    expectOk(await w.apply(), "first apply");
    expect(await w.apiRecord()).not.toHaveProperty("tainted");
    const foundationState = fs.readFileSync(w.foundationState, "utf8");
    w.write("app.py", "print('v3')\n");
    const tag = w.synth();
    expect(tag).not.toBe(oldTag);

    const r = await w.apply({ FAKE_DOCKER_FAIL: "push" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fake docker: push failed/);
    expect(r.stderr).toMatch(/local-exec provisioner error/);
    expect(fs.readFileSync(w.foundationState, "utf8")).toBe(foundationState);
    // The new record (the new tag) is in the images state, tainted.
    const failed = await w.apiRecord();
    expect(failed.tainted).toBe(true);
    expect(failed.values.triggers_replace?.tag).toBe(tag);

    // So the next apply replaces it: one build and push of the same tag, and the record is clean again.
    const before = w.lines().length;
    expectOk(await w.apply(), "retry");
    expect(loginFirst(w.lines().slice(before))).toEqual(plainBuildCalls(tag));
    const retried = await w.apiRecord();
    expect(retried).not.toHaveProperty("tainted");
    expect(retried.values.triggers_replace?.tag).toBe(tag);
  });

  it("without docker on PATH the phase stops and says what is missing", async () => {
    const w = await workspace("no-tools");
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "no-tools-"));
    const r = await w.apply({ PATH: emptyPath });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/\s+/g, " ")).toMatch(/images phase: docker is not on PATH; install it, or deploy a prebuilt tag/);
    expect(w.lines()).toEqual([]);
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
