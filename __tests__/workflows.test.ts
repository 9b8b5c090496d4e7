/**
 * The GitHub Actions workflows (operator/workflows/generate.ts): the committed
 * ones are what the config gives; every generated workflow passes actionlint
 * (also with the pinned commits read as their release tags, so the actions'
 * inputs are checked); each job assumes the role whose trust matches the token
 * its trigger gets; and the comment and drift-issue scripts do what they say,
 * run against a fake GitHub API.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, listEnvironments, loadEnvironment } from "../config/load";
import { deploySubject, planSubjects } from "../constructs/github/oidc";
import { run } from "../operator/cli";
import { workflows } from "../operator/commands/workflows";
import { generateWorkflows, WORKFLOW_FILES } from "../operator/workflows/generate";
import { EXAMPLES_DIR, REPO_ROOT } from "./support/synth";


// The linter's CommonJS build, by path: its ES module entry loads the WebAssembly runtime with `require`.
const { runLint } = createRequire(__filename)(path.join(REPO_ROOT, "node_modules", "@tktco", "node-actionlint", "build", "run-lint.js")) as {
  runLint: (text: string, file: string) => Promise<Array<{ line: number; message: string; kind: string }>>;
};

type Json = Record<string, any>;
const load = (dir: string) => listEnvironments(dir).map((name) => loadEnvironment(name, { configDir: dir, env: {} }));
const folders = { environments: load(DEFAULT_CONFIG_DIR), examples: load(EXAMPLES_DIR) };
const generated = {
  environments: generateWorkflows(folders.environments),
  examples: generateWorkflows(folders.examples, { configDir: "config/examples" }),
};
const byTag = (text: string) => text.replace(/@[0-9a-f]{40} # (v\d+)[.\d]*/g, "@$1");

describe("the committed workflows", () => {
  it("are what config/environments gives (npm run platform -- workflows --check)", () => {
    const r = workflows(DEFAULT_CONFIG_DIR, {}, { check: true });
    expect(r.environments).toEqual(["prod", "staging"]);
    expect(r.files.map((f) => [path.relative(REPO_ROOT, f.file), f.state])).toEqual(WORKFLOW_FILES.map((f) => [`.github/workflows/${f}`, "unchanged"]));
  });

  it("--check names a stale file and exits 1; writing makes it current; a folder outside the repository or without github settings is a usage error", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
    const cli = async (...argv: string[]) => {
      let text = "";
      const code = await run(["workflows", ...argv], {}, { stdout: (t) => (text += t), stderr: (t) => (text += t) });
      return { code, text };
    };
    expect(await cli("--out", out)).toMatchObject({ code: 0 });
    fs.appendFileSync(path.join(out, "platform-drift.yml"), "# edited\n");
    const stale = await cli("--out", out, "--check");
    expect(stale.code).toBe(1);
    expect(stale.text).toContain(`stale, run npm run platform -- workflows: ${path.relative(process.cwd(), path.join(out, "platform-drift.yml"))}`);
    expect((await cli("--out", out)).text).toMatch(/^unchanged .*platform-plan\.yml\nunchanged .*platform-deploy\.yml\nwritten {3}.*platform-drift\.yml\n/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-github-"));
    fs.copyFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), path.join(dir, "dev.yaml"));
    let err = "";
    expect(await run(["workflows"], { APP_CONFIG_DIR: dir }, { stdout: () => undefined, stderr: (t) => (err += t) })).toBe(4);
    expect(err).toMatch(/^the config folder .* is outside the repository/);
    const inside = fs.mkdtempSync(path.join(REPO_ROOT, ".cache", "no-github-"));
    fs.copyFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), path.join(inside, "dev.yaml"));
    err = "";
    expect(await run(["workflows"], { APP_CONFIG_DIR: inside }, { stdout: () => undefined, stderr: (t) => (err += t) })).toBe(4);
    expect(err).toBe(`no environment in ${path.relative(REPO_ROOT, inside)} has github settings: add github (repository, and branch or environment) to the environments CI deploys\n`);
    fs.rmSync(inside, { recursive: true });
  });
});

describe.each(Object.keys(generated) as Array<keyof typeof generated>)("workflows of config/%s", (folder) => {
  const files = generated[folder];
  const envs = folders[folder].filter((c): c is ResolvedConfig & { github: NonNullable<ResolvedConfig["github"]> } => c.github !== undefined);
  const yaml = Object.fromEntries(WORKFLOW_FILES.map((f) => [f, parse(files[f]) as Json])) as Record<(typeof WORKFLOW_FILES)[number], Json>;
  const job = (file: (typeof WORKFLOW_FILES)[number], id: string) => yaml[file].jobs[id] as Json;
  const step = (j: Json, name: string) => j.steps.find((s: Json) => s.name === name) as Json;
  const role = (j: Json) => step(j, "Assume the role").with["role-to-assume"];

  it.each(WORKFLOW_FILES.map((f) => [f]))("%s passes actionlint, and the actions' inputs are theirs", async (file) => {
    expect(await runLint(files[file], file)).toEqual([]);
    expect(await runLint(byTag(files[file]), file)).toEqual([]);
  });

  it("every action is pinned to a commit, with its release beside it; no job has more than it asks for", () => {
    for (const file of WORKFLOW_FILES) {
      const uses = files[file].match(/uses: .*/g)!;
      for (const u of uses) expect(u).toMatch(/^uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      expect(yaml[file].permissions).toEqual({});
    }
  });

  it("each job assumes its environment's role, whose trust holds the subject of the token that job gets", () => {
    expect(envs.length).toBeGreaterThan(0);
    for (const c of envs) {
      const arn = (name: string) => `arn:${c.partition}:iam::${c.accountId}:role/${name}`;
      const plan = job("platform-plan.yml", `plan-${c.environment}`);
      const deploy = job("platform-deploy.yml", `deploy-${c.environment}`);
      const drift = job("platform-drift.yml", `drift-${c.environment}`);
      expect([role(plan), role(drift), role(deploy)]).toEqual([arn(c.names.planRole), arn(c.names.planRole), arn(c.names.deployRole)]);
      // GitHub's sub claim: pull_request events; the default branch for a schedule; the environment, else the branch.
      expect(planSubjects(c.github)).toContain(`repo:${c.github.repository}:pull_request`);
      expect(planSubjects(c.github)).toContain(`repo:${c.github.repository}:ref:refs/heads/${c.github.defaultBranch}`);
      const deploySub = deploy.environment ? `repo:${c.github.repository}:environment:${deploy.environment}` : `repo:${c.github.repository}:ref:refs/heads/${deploy.if.match(/refs\/heads\/([^']+)/)[1]}`;
      expect(deploySub).toBe(deploySubject(c.github));
      for (const j of [plan, deploy, drift]) {
        expect(j.if).toContain(`github.repository == '${c.github.repository}'`);
        expect(step(j, "Assume the role").with["aws-region"]).toBe(c.region);
        expect(j.env.APP_ENV).toBe(c.environment);
      }
      expect(plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
      expect(plan.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
      expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(drift.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
    }
  });

  it("plans of a pull request replace its older ones; deploys and drift checks of an environment queue, never cancelled", () => {
    for (const c of envs) {
      expect(job("platform-plan.yml", `plan-${c.environment}`).concurrency).toEqual({ group: `platform-plan-${c.environment}-\${{ github.event.pull_request.number }}`, "cancel-in-progress": true });
      expect(job("platform-deploy.yml", `deploy-${c.environment}`).concurrency).toEqual({ group: `platform-deploy-${c.environment}`, "cancel-in-progress": false });
      expect(job("platform-drift.yml", `drift-${c.environment}`).concurrency).toEqual({ group: `platform-drift-${c.environment}`, "cancel-in-progress": false });
    }
  });

  it("runs the operator's commands: plan with saved plans and a summary, deploy confirmed, drift with its exit code", () => {
    for (const c of envs) {
      const e = c.environment;
      expect(step(job("platform-plan.yml", `plan-${e}`), "Plan every phase").run).toBe(`npm run platform -- plan ${e} --out .platform/${e}/plans --summary .platform/${e}/plans/summary.md --lock-timeout 20m`);
      expect(step(job("platform-plan.yml", `plan-${e}`), "Keep the plans").with.path).toBe(`.platform/${e}/plans`);
      expect(step(job("platform-deploy.yml", `deploy-${e}`), "Deploy every phase").run).toBe(`npm run platform -- deploy ${e} --yes --lock-timeout 10m`);
      expect(step(job("platform-deploy.yml", `deploy-${e}`), "Keep what now exists").with.path).toBe(`.platform/${e}/deployment-config.env`);
      expect(step(job("platform-drift.yml", `drift-${e}`), "Check every phase for drift").run.split("\n")[1]).toBe(`npm run platform -- drift ${e} --summary .platform/${e}/drift.md --lock-timeout 30m`);
    }
    // Merging into the default branch or the deploying one changes what runs: both are planned.
    expect(yaml["platform-plan.yml"].on.pull_request.branches.sort()).toEqual([...new Set(envs.flatMap((c) => [c.github.defaultBranch, c.github.branch ?? c.github.defaultBranch]))].sort());
    expect(yaml["platform-drift.yml"].on.schedule).toEqual([...new Set(envs.map((c) => c.github.driftSchedule))].map((cron) => ({ cron })));
    expect(yaml["platform-deploy.yml"].on.push.branches.sort()).toEqual([...new Set(envs.map((c) => c.github.branch ?? c.github.defaultBranch))].sort());
    if (folder === "examples") {
      expect(job("platform-plan.yml", `plan-${envs[0].environment}`).env.APP_CONFIG_DIR).toBe("config/examples");
      // Seed 002 deploys on pushes to aws-deployment: a pull request into it is planned too.
      expect(job("platform-plan.yml", "plan-registry").if).toContain("(github.base_ref == 'main' || github.base_ref == 'aws-deployment')");
      expect(job("platform-deploy.yml", "deploy-registry").if).toContain("github.ref == 'refs/heads/aws-deployment'");
    }
  });
});

describe("the shipped environments' deploys", () => {
  const deploy = parse(generated.environments["platform-deploy.yml"]) as Json;
  it("staging deploys from main first; prod follows through its protected GitHub environment", () => {
    expect(deploy.jobs["deploy-staging"]).toMatchObject({ if: "github.repository == 'acme/ai-app' && github.ref == 'refs/heads/main'" });
    expect(deploy.jobs["deploy-staging"].needs).toBeUndefined();
    expect(deploy.jobs["deploy-prod"]).toMatchObject({ environment: "prod", needs: ["deploy-staging"] });
    // Image tags from a variable: a manual deploy's input, else the GitHub variable, else the config's tag.
    expect(deploy.jobs["deploy-prod"].env.IMAGE_TAG).toBe("${{ inputs.image-tag || vars.IMAGE_TAG }}");
  });
});

/** Runs a github-script step's script with a fake `github` client recording calls, and fake `context`. */
async function runScript(script: string, env: Record<string, string>, state: { comments?: Json[]; issues?: Json[] }) {
  const calls: string[] = [];
  const github = {
    paginate: async (fn: (args: Json) => Promise<Json[]>, args: Json) => fn(args),
    rest: {
      issues: {
        listComments: async () => state.comments ?? [],
        listForRepo: async (a: Json) => (state.issues ?? []).filter((i) => i.state === a.state),
        createComment: async (a: Json) => void calls.push(`comment #${a.issue_number ?? ""}${a.comment_id ?? ""}: ${a.body}`),
        updateComment: async (a: Json) => void calls.push(`update comment ${a.comment_id}: ${a.body}`),
        create: async (a: Json) => void calls.push(`open "${a.title}": ${a.body}`),
        update: async (a: Json) => void calls.push(`update issue ${a.issue_number}: ${a.state ? `state ${a.state}` : a.body}`),
      },
    },
  };
  const context = { serverUrl: "https://github.com", runId: 7, repo: { owner: "acme", repo: "ai-app" }, issue: { number: 12 }, payload: { pull_request: { head: { sha: "0123456789abcdef" } } } };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    await new AsyncFunction("require", "github", "context", script)(require, github, context);
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
  }
  return calls;
}

describe("the workflows' scripts", () => {
  const staging = parse(generated.environments["platform-plan.yml"]).jobs["plan-staging"] as Json;
  const comment = staging.steps.find((s: Json) => s.name === "Comment the summary on the pull request") as Json;
  const driftStep = (parse(generated.environments["platform-drift.yml"]).jobs["drift-staging"] as Json).steps.find((s: Json) => s.name === "Open, update or close the drift issue") as Json;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scripts-"));
  const summary = path.join(tmp, "summary.md");
  fs.writeFileSync(summary, "### Plan of `staging`: 3 changes");
  const marker = "<!-- platform-plan:staging -->";
  const runUrl = "https://github.com/acme/ai-app/actions/runs/7";

  it("the plan comment is written once per environment, then updated in place", async () => {
    const env = { ...comment.env, SUMMARY: summary };
    const body = `${marker}\n### Plan of \`staging\`: 3 changes\n\n[The run, with the plans as artifacts](${runUrl}) · commit 0123456`;
    expect(await runScript(comment.with.script, env, { comments: [{ id: 5, user: { type: "Bot" }, body: "<!-- platform-plan:prod -->\n…" }] })).toEqual([`comment #12: ${body}`]);
    expect(await runScript(comment.with.script, env, { comments: [{ id: 5, user: { type: "Bot" }, body: `${marker}\nold` }, { id: 6, user: { type: "User" }, body: `${marker}\nquoted by a person` }] })).toEqual([`update comment 5: ${body}`]);
    // A plan that stopped before its summary still says so on the pull request.
    expect((await runScript(comment.with.script, { ...env, SUMMARY: path.join(tmp, "none.md") }, {}))[0]).toContain("The plan stopped before its summary: see the job's log.");
  });

  it("drift opens one issue per environment, updates it while drift lasts, and closes it when none is left", async () => {
    fs.writeFileSync(summary, "### Drift of `staging`: services");
    const env = { ...driftStep.env, SUMMARY: summary };
    const open = { number: 40, state: "open", body: `${driftStep.env.MARKER}\nearlier` };
    const drifted = `${driftStep.env.MARKER}\n### Drift of \`staging\`: services\n\nLast checked by [this run](${runUrl}). Bring the config and AWS back together (deploy, or change the config), and the next check closes this issue.`;
    expect(await runScript(driftStep.with.script, { ...env, DRIFTED: "true" }, { issues: [{ number: 3, state: "open", pull_request: {}, body: driftStep.env.MARKER }] })).toEqual([`open "Drift in staging": ${drifted}`]);
    expect(await runScript(driftStep.with.script, { ...env, DRIFTED: "true" }, { issues: [open] })).toEqual([`update issue 40: ${drifted}`]);
    expect(await runScript(driftStep.with.script, { ...env, DRIFTED: "false" }, { issues: [open] })).toEqual([`comment #40: No drift any more ([run](${runUrl})).`, "update issue 40: state closed"]);
    expect(await runScript(driftStep.with.script, { ...env, DRIFTED: "false" }, { issues: [] })).toEqual([]);
  });

  it("a plan that cannot start writes why into the summary the comment posts", async () => {
    const file = path.join(tmp, "failed.md");
    const code = await run(["plan", "staging", "--summary", file], {}, { stdout: () => undefined, stderr: () => undefined }, {
      loadConfig: () => {
        throw new ConfigError("config/environments/staging.yaml", [{ path: "services.0.cpu", message: "must be one of 256, 512, 1024", line: 40 }]);
      },
    });
    expect(code).toBe(4);
    expect(fs.readFileSync(file, "utf8")).toBe([
      "### Plan of `staging` failed",
      "",
      "```",
      "Invalid configuration in config/environments/staging.yaml (1 problem):",
      "  - services.0.cpu: must be one of 256, 512, 1024  [config/environments/staging.yaml:40:1]",
      "```",
      "",
    ].join("\n"));
  });
});
