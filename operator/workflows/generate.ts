/**
 * The GitHub Actions workflows of a repository's environments, from their config
 * (`github` of each environment): which repository, which branch or GitHub
 * environment deploys, which roles to assume, when to check for drift.
 *
 * - platform-plan.yml: on pull requests into the default or the deploying branch, per environment:
 *   config and policy checks, `platform plan` of every phase with the read-only
 *   plan role, the plans as artifacts, the summary as one pull-request comment
 *   updated in place. A newer push cancels the pull request's older plan.
 * - platform-deploy.yml: on pushes to the deploying branch (or the default branch,
 *   through a protected GitHub environment), `platform deploy` of every phase with
 *   the deploy role, environments of one branch in stage order; the hand-off file
 *   as an artifact. One deploy per environment at a time, never cancelled.
 * - platform-drift.yml: on each environment's schedule, `platform drift` with the
 *   plan role; drift opens an issue, or updates the open one; none closes it.
 *
 * Jobs run only in the configured repository (a fork has no roles), and pull
 * requests from forks are not planned (GitHub gives them no OIDC token).
 */
import * as path from "node:path";
import { Document, isMap, isScalar, visit } from "yaml";
import type { ResolvedConfig } from "../../config/defaults";
import type { GithubConfig } from "../../config/schema";
import { PROJECT_ROOT } from "../../config/paths";
import { STAGES } from "../../config/schema";
import { ACTIONS, NODE_VERSION, TERRAFORM_VERSION, type PinnedAction } from "./actions";

export const WORKFLOW_FILES = ["platform-plan.yml", "platform-deploy.yml", "platform-drift.yml"] as const;
export type WorkflowFile = (typeof WORKFLOW_FILES)[number];

export interface WorkflowOptions {
  /** The folder of the environment files, relative to the repository root in the workflows. @default config/environments */
  readonly configDir?: string;
}

type Env = ResolvedConfig & { readonly github: GithubConfig };
type Step = Record<string, unknown>;

const roleArn = (c: Env, role: string) => `arn:${c.partition}:iam::${c.accountId}:role/${role}`;

/** The three workflows, by file name, as YAML text. */
export function generateWorkflows(configs: readonly ResolvedConfig[], o: WorkflowOptions = {}): Record<WorkflowFile, string> {
  const envs = configs.filter((c): c is Env => c.github !== undefined).sort(byStage);
  const configDir = path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, o.configDir ?? "config/environments")).split(path.sep).join("/");
  const setup = (c: Env, role: string, session: string): Step[] => [
    { uses: ACTIONS.checkout, with: { "persist-credentials": false } },
    { uses: ACTIONS.setupNode, with: { "node-version": NODE_VERSION, cache: "npm" } },
    { uses: ACTIONS.setupTerraform, with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false } },
    { name: "Install", run: "npm ci --no-audit --no-fund" },
    { name: "Check the configuration and the policy rules", run: "npm run config:check && npm run check" },
    { name: "Assume the role", uses: ACTIONS.awsCredentials, with: { "role-to-assume": roleArn(c, role), "role-session-name": `${session}-${c.environment}-\${{ github.run_id }}`, "aws-region": c.region } },
  ];
  // Image tags named by a variable (image.tagEnvVar) come from the GitHub variable of that name, else the config's
  // fallback tag; a manual deploy may name one (the image-tag input), e.g. from the pipeline that pushed the image.
  const env = (c: Env, deploying: boolean) => ({
    APP_ENV: c.environment,
    ...(configDir === "config/environments" ? {} : { APP_CONFIG_DIR: configDir }),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    ...Object.fromEntries(tagVariables(c).map((v) => [v, deploying ? `\${{ inputs.image-tag || vars.${v} }}` : `\${{ vars.${v} }}`])),
  });
  const inRepository = (c: Env) => `github.repository == '${c.github.repository}'`;

  const plan = {
    name: "platform plan",
    on: { pull_request: { branches: unique(envs.flatMap(planBranches)) } },
    permissions: {},
    jobs: Object.fromEntries(envs.map((c) => {
      // In the environment's own workspace folder (.platform/<env>), beside live/ and plan-only/.
      const dir = `.platform/${c.environment}/plans`;
      return [`plan-${c.environment}`, {
        name: `plan ${c.environment}`,
        if: `${inRepository(c)} && github.event.pull_request.head.repo.full_name == github.repository && (${planBranches(c).map((b) => `github.base_ref == '${b}'`).join(" || ")})`,
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": 60,
        permissions: { contents: "read", "id-token": "write", "pull-requests": "write" },
        concurrency: { group: `platform-plan-${c.environment}-\${{ github.event.pull_request.number }}`, "cancel-in-progress": true },
        env: env(c, false),
        steps: [
          ...setup(c, c.names.planRole, "plan"),
          { name: "Plan every phase", id: "plan", run: `npm run platform -- plan ${c.environment} --out ${dir} --summary ${dir}/summary.md --lock-timeout ${PLAN_LOCK_TIMEOUT}` },
          { name: "Keep the plans", if: "always() && steps.plan.outcome != 'skipped'", uses: ACTIONS.uploadArtifact, with: { name: `plan-${c.environment}`, path: dir, "retention-days": 30, "if-no-files-found": "ignore" } },
          {
            name: "Comment the summary on the pull request",
            if: "always() && steps.plan.outcome != 'skipped'",
            uses: ACTIONS.githubScript,
            env: { SUMMARY: `${dir}/summary.md`, MARKER: `<!-- platform-plan:${c.environment} -->` },
            with: { script: COMMENT_SCRIPT },
          },
        ],
      }];
    })),
  };

  const deploy = {
    name: "platform deploy",
    on: {
      push: { branches: unique(envs.map(deployBranch)) },
      workflow_dispatch: envs.some((c) => tagVariables(c).length > 0)
        ? { inputs: { "image-tag": { description: "Image tag for the services whose tag comes from a variable (default: the GitHub variable, else the config's tag)", required: false, type: "string" } } }
        : {},
    },
    permissions: {},
    jobs: Object.fromEntries(envs.map((c, i) => {
      // An earlier stage deploying from the same branch of the same repository goes first.
      const before = envs.slice(0, i).filter((e) => e.github.repository === c.github.repository && deployBranch(e) === deployBranch(c)).at(-1);
      return [`deploy-${c.environment}`, {
        name: `deploy ${c.environment}`,
        if: `${inRepository(c)} && github.ref == 'refs/heads/${deployBranch(c)}'`,
        ...(before ? { needs: [`deploy-${before.environment}`] } : {}),
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": 180,
        ...(c.github.environment ? { environment: c.github.environment } : {}),
        permissions: { contents: "read", "id-token": "write" },
        concurrency: { group: `platform-deploy-${c.environment}`, "cancel-in-progress": false },
        env: env(c, true),
        steps: [
          ...setup(c, c.names.deployRole, "deploy"),
          { name: "Deploy every phase", run: `npm run platform -- deploy ${c.environment} --yes --lock-timeout 10m` },
          { name: "Keep what now exists", if: "success()", uses: ACTIONS.uploadArtifact, with: { name: `deployment-config-${c.environment}`, path: `.platform/${c.environment}/deployment-config.env`, "retention-days": 90 } },
        ],
      }];
    })),
  };

  const schedules = unique(envs.map((c) => c.github.driftSchedule));
  const drift = {
    name: "platform drift",
    on: { schedule: schedules.map((cron) => ({ cron })), workflow_dispatch: {} },
    permissions: {},
    jobs: Object.fromEntries(envs.map((c) => {
      const summary = `.platform/${c.environment}/drift.md`;
      return [`drift-${c.environment}`, {
        name: `drift ${c.environment}`,
        if: `${inRepository(c)} && (github.event_name == 'workflow_dispatch' || github.event.schedule == '${c.github.driftSchedule}')`,
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": 60,
        permissions: { contents: "read", "id-token": "write", issues: "write" },
        concurrency: { group: `platform-drift-${c.environment}`, "cancel-in-progress": false },
        env: env(c, false),
        steps: [
          ...setup(c, c.names.planRole, "drift"),
          {
            name: "Check every phase for drift",
            id: "drift",
            // 0: none, 2: drift, both results; anything else fails the job.
            run: [
              "set +e",
              `npm run platform -- drift ${c.environment} --summary ${summary} --lock-timeout ${DRIFT_LOCK_TIMEOUT}`,
              "code=$?",
              'echo "exit-code=$code" >> "$GITHUB_OUTPUT"',
              '[ "$code" -eq 0 ] || [ "$code" -eq 2 ]',
            ].join("\n"),
          },
          {
            name: "Open, update or close the drift issue",
            uses: ACTIONS.githubScript,
            env: { SUMMARY: summary, DRIFTED: "${{ steps.drift.outputs.exit-code == '2' }}", MARKER: `<!-- platform-drift:${c.environment} -->`, TITLE: `Drift in ${c.environment}` },
            with: { script: DRIFT_SCRIPT },
          },
        ],
      }];
    })),
  };

  const origin = `Generated by \`npm run platform -- workflows\` from ${configDir} (each environment's github settings).\nDo not edit: change the environment files and run the command again; \`workflows --check\` fails when this file is stale.`;
  return {
    "platform-plan.yml": render(plan, origin),
    "platform-deploy.yml": render(deploy, origin),
    "platform-drift.yml": render(drift, origin),
  };
}

/** Variables naming services' image tags: the commit's SHA, so each push deploys its own images. */
function tagVariables(c: ResolvedConfig): string[] {
  return unique(c.services.flatMap((s) => (s.image.tagEnvVar ? [s.image.tagEnvVar] : [])));
}

/** Pull requests into these branches are planned: the default branch, and the deploying branch when it is another. */
const planBranches = (c: Env) => unique([c.github.defaultBranch, deployBranch(c)]);

/**
 * How long a plan or a drift check waits for a phase's state lock: a deploy holds it for
 * the phase's whole apply (a new database takes a quarter of an hour). The checks run in
 * their own concurrency groups: sharing the deploy's would let a queued check replace a
 * queued deploy (GitHub keeps one pending run per group).
 */
const PLAN_LOCK_TIMEOUT = "20m";
const DRIFT_LOCK_TIMEOUT = "30m";

/** The branch whose pushes deploy: the trusted branch, or the default branch through a GitHub environment. */
const deployBranch = (c: Env) => c.github.branch ?? c.github.defaultBranch;

const byStage = (a: ResolvedConfig, b: ResolvedConfig) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.environment.localeCompare(b.environment);
const unique = (values: readonly string[]) => [...new Set(values)];

/** YAML with the file's origin on top and each pinned action's release beside it. */
function render(workflow: object, origin: string): string {
  const doc = new Document(workflow, { aliasDuplicateObjects: false });
  doc.commentBefore = ` ${origin.split("\n").join("\n ")}`;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "uses" && isMap(pair.value)) {
        const action = (pair.value.toJSON() as PinnedAction);
        const scalar = doc.createNode(action.uses);
        scalar.comment = ` ${action.release}`;
        pair.value = scalar;
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Updates the plan comment of this environment, or writes it: one comment per environment, found by its marker. */
const COMMENT_SCRIPT = `const fs = require("fs");
const marker = process.env.MARKER;
const summary = fs.existsSync(process.env.SUMMARY) ? fs.readFileSync(process.env.SUMMARY, "utf8") : "The plan stopped before its summary: see the job's log.";
const run = \`\${context.serverUrl}/\${context.repo.owner}/\${context.repo.repo}/actions/runs/\${context.runId}\`;
const body = \`\${marker}\\n\${summary}\\n\\n[The run, with the plans as artifacts](\${run}) · commit \${context.payload.pull_request.head.sha.slice(0, 7)}\`;
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
const mine = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(marker));
if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
else await github.rest.issues.createComment({ owner, repo, issue_number, body });`;

/** One open issue per environment while it drifts, found by its marker. */
const DRIFT_SCRIPT = `const fs = require("fs");
const { owner, repo } = context.repo;
const marker = process.env.MARKER;
const drifted = process.env.DRIFTED === "true";
const summary = fs.existsSync(process.env.SUMMARY) ? fs.readFileSync(process.env.SUMMARY, "utf8") : "";
const run = \`\${context.serverUrl}/\${owner}/\${repo}/actions/runs/\${context.runId}\`;
const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: "open", per_page: 100 });
const issue = open.find((i) => !i.pull_request && i.body?.startsWith(marker));
if (drifted) {
  const body = \`\${marker}\\n\${summary}\\n\\nLast checked by [this run](\${run}). Bring the config and AWS back together (deploy, or change the config), and the next check closes this issue.\`;
  if (issue) await github.rest.issues.update({ owner, repo, issue_number: issue.number, body });
  else await github.rest.issues.create({ owner, repo, title: process.env.TITLE, body });
} else if (issue) {
  await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: \`No drift any more ([run](\${run})).\` });
  await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
}`;
