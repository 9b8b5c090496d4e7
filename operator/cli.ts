/**
 * `npm run platform -- <command> [environment] [phases…] [options]`: the phased
 * lifecycle of one environment, running Terraform directly on the synthesized
 * stack folders (see operator/workspace.ts).
 *
 *   plan    [phases…] [--out <dir>]   every phase in order; plan-only where an upstream is not deployed
 *   deploy  [phases…] [--plan <dir>]  apply in order, stop at the first failure; prod asks for confirmation
 *   drift   [phases…]                 plan -detailed-exitcode of every deployed phase
 *   status                            which phases are deployed, contract versions, image tags, URLs
 *   destroy [phases…] [--confirm <env>]  reverse order; refused while deletion protection is on; always confirmed
 *   run <task>                        a one-off task with its network settings; its logs; its exit code
 *   redeploy <service>                a new deployment without a config change, until stable
 *   workflows [--check] [--out <dir>] the GitHub Actions workflows of the config folder's environments
 *
 * plan and drift take --summary <file>: a Markdown summary for a pull request or an issue.
 * The environment is the first argument that is not a phase, else APP_ENV, else dev.
 * Every command takes --json (one JSON document on stdout, no progress drawing).
 */
import * as readline from "node:readline/promises";
import { ConfigError, UsageError } from "../config/errors";
import type { ResolvedConfig } from "../config/defaults";
import * as path from "node:path";
import { configDirFrom, environmentFrom, loadEnvironment } from "../config/load";
import { PolicyError } from "../stacks/synthesize";
import { deploy } from "./commands/deploy";
import { destroy, destroyOrder, losses, protectionRefusal, renderLosses } from "./commands/destroy";
import { drift, driftExitCode, renderDrift } from "./commands/drift";
import { plan, renderPlanSummary } from "./commands/plan";
import { renderStatus, status } from "./commands/status";
import { runTask } from "./commands/run-task";
import { redeploy } from "./commands/redeploy";
import { workflows } from "./commands/workflows";
import { writeHandoff } from "./handoff";
import { driftMarkdown, failureMarkdown, planMarkdown, writeSummary } from "./summary";
import { selectStacks, STACK_ORDER } from "./phases";
import { PhaseError, Workspace } from "./workspace";

/** Exit codes, the same for every command (README, "The operator's command"). */
export const EXIT = { ok: 0, failed: 1, drift: 2, policy: 3, usage: 4, notConfirmed: 5, protected: 6, interrupted: 130 } as const;

export const COMMANDS = ["plan", "deploy", "drift", "status", "destroy", "run", "redeploy", "workflows"] as const;
type Command = (typeof COMMANDS)[number];

export const USAGE = `usage: npm run platform -- <${COMMANDS.join("|")}> [environment] [phases… | task | service] [--json] [--yes] [--out <dir>] [--plan <dir>] [--summary <file>] [--confirm <environment>] [--lock-timeout <duration>] [--check]`;

export interface CliArgs {
  readonly command: Command;
  readonly environment: string;
  readonly phases: readonly string[];
  /** run: the task; redeploy: the service. */
  readonly target?: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly out?: string;
  readonly plan?: string;
  /** destroy: the environment's name, typed in advance (no terminal to ask on). */
  readonly confirm?: string;
  readonly lockTimeout?: string;
  /** plan, drift: where to write the Markdown summary. */
  readonly summary?: string;
  /** workflows: compare instead of writing. */
  readonly check: boolean;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json" || a === "--yes" || a === "--check") flags[a.slice(2)] = true;
    else if (["--out", "--plan", "--confirm", "--lock-timeout", "--summary"].includes(a) && argv[i + 1] !== undefined) flags[a.slice(2)] = argv[++i];
    else if (a.startsWith("--")) throw new UsageError(`unknown or incomplete option ${a}\n${USAGE}`);
    else positional.push(a);
  }
  const [command, ...rest] = positional;
  if (!(COMMANDS as readonly string[]).includes(command ?? "")) throw new UsageError(`${command ? `unknown command "${command}"` : "give a command"}\n${USAGE}`);
  let environment: string;
  let phases: string[];
  let target: string | undefined;
  if (command === "run" || command === "redeploy") {
    // run [environment] <task>, redeploy [environment] <service>
    if (rest.length < 1 || rest.length > 2) throw new UsageError(`${command} takes ${command === "run" ? "a task" : "a service"}, after the environment if given\n${USAGE}`);
    [environment, target] = rest.length === 2 ? [rest[0], rest[1]] : [environmentFrom(env), rest[0]];
    phases = [];
  } else if (command === "workflows") {
    // Every environment of the config folder: no environment, no phases.
    if (rest.length > 0) throw new UsageError(`workflows covers every environment of the config folder; give no environment or phase\n${USAGE}`);
    [environment, phases] = ["", []];
  } else {
    const first = rest[0];
    environment = first !== undefined && !(STACK_ORDER as readonly string[]).includes(first) ? first : environmentFrom(env);
    phases = first === environment ? rest.slice(1) : rest;
  }
  if (command === "status" && phases.length > 0) throw new UsageError(`status reports every phase; give no phases\n${USAGE}`);
  if (flags.out !== undefined && command !== "plan" && command !== "workflows") throw new UsageError(`--out is for plan and workflows\n${USAGE}`);
  if (flags.summary !== undefined && command !== "plan" && command !== "drift") throw new UsageError(`--summary is for plan and drift\n${USAGE}`);
  if (flags.check !== undefined && command !== "workflows") throw new UsageError(`--check is for workflows\n${USAGE}`);
  if (flags.plan !== undefined && command !== "deploy") throw new UsageError(`--plan is for deploy\n${USAGE}`);
  if (flags.confirm !== undefined && command !== "destroy") throw new UsageError(`--confirm is for destroy (deploy takes --yes)\n${USAGE}`);
  if (flags.yes !== undefined && command === "destroy") throw new UsageError(`destroy is always confirmed by the environment's name: type it, or pass --confirm <environment>\n${USAGE}`);
  if (flags["lock-timeout"] !== undefined && !/^\d+[sm]$/.test(String(flags["lock-timeout"]))) throw new UsageError(`--lock-timeout takes a duration such as 60s or 5m\n${USAGE}`);
  return {
    command: command as Command,
    environment,
    phases,
    ...(target ? { target } : {}),
    json: flags.json === true,
    yes: flags.yes === true,
    ...(typeof flags.out === "string" ? { out: flags.out } : {}),
    ...(typeof flags.plan === "string" ? { plan: flags.plan } : {}),
    ...(typeof flags.confirm === "string" ? { confirm: flags.confirm } : {}),
    ...(typeof flags["lock-timeout"] === "string" ? { lockTimeout: flags["lock-timeout"] } : {}),
    ...(typeof flags.summary === "string" ? { summary: flags.summary } : {}),
    check: flags.check === true,
  };
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Asks a question on the terminal; undefined when there is none (CI). */
  readonly ask?: (question: string) => Promise<string>;
  readonly tty?: boolean;
}

/** Where the runner keeps its synthesized folders and provider cache (default <project>/.platform). */
export const WORKSPACE_VAR = "PLATFORM_DIR";

export interface RunOptions {
  /** @default $PLATFORM_DIR, else <project>/.platform */
  readonly workspaceBase?: string;
  /** @default the environment file of APP_CONFIG_DIR */
  readonly loadConfig?: (environment: string) => ResolvedConfig;
}

/** Runs one command; returns its exit code. Never throws for a user's mistake or a failed phase. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, options: RunOptions = {}): Promise<number> {
  let args: CliArgs | undefined;
  // Known before the arguments are read, so a usage error is JSON too.
  const json = argv.includes("--json");
  const fail = (code: number, message: string, extra: Record<string, unknown> = {}) => {
    if (json) io.stdout(`${JSON.stringify({ command: args?.command ?? null, environment: args?.environment ?? null, exitCode: code, error: message, ...extra }, null, 2)}\n`);
    else io.stderr(`${message}\n`);
    return code;
  };
  try {
    args = parseArgs(argv, env);
    if (args.command === "workflows") {
      const r = workflows(configDirFrom(env), env, { out: args.out, check: args.check });
      const stale = r.files.filter((f) => f.state === "stale");
      const human = stale.length > 0
        ? `stale, run npm run platform -- workflows: ${stale.map((f) => path.relative(process.cwd(), f.file)).join(", ")}`
        : r.files.map((f) => `${f.state.padEnd(9)} ${path.relative(process.cwd(), f.file)}`).join("\n") + `\n(environments: ${r.environments.join(", ")})`;
      const exitCode = stale.length > 0 ? EXIT.failed : EXIT.ok;
      io.stdout(args.json ? `${JSON.stringify({ command: "workflows", exitCode, ...r }, null, 2)}\n` : `${human}\n`);
      return exitCode;
    }
    const config = options.loadConfig ? options.loadConfig(args.environment) : loadEnvironment(args.environment, { env });
    const ws = new Workspace(config, options.workspaceBase ?? (env[WORKSPACE_VAR] || undefined), env);
    const stacks = args.command === "status" || args.target ? [] : selectStacks(args.phases);
    const o = { json: args.json, tty: io.tty, lockTimeout: args.lockTimeout };
    const print = (human: string, json: Record<string, unknown>) =>
      io.stdout(args!.json ? `${JSON.stringify({ command: args!.command, environment: config.environment, exitCode: json.exitCode ?? 0, ...json }, null, 2)}\n` : `${human}\n`);
    switch (args.command) {
      case "plan": {
        const phases = await plan(ws, stacks, { ...o, out: args.out });
        if (args.summary) writeSummary(args.summary, planMarkdown(config.environment, phases));
        print(renderPlanSummary(config.environment, phases), { phases });
        return EXIT.ok;
      }
      case "deploy": {
        if (config.stage === "prod" && !args.yes) {
          const prompt = `Deploy ${stacks.join(", ")} to ${config.environment} (prod, account ${config.accountId}, ${config.region})? Type the environment name to confirm: `;
          const answer = io.ask ? (await io.ask(prompt)).trim() : undefined;
          if (answer === undefined) return fail(EXIT.notConfirmed, `deploying to prod needs a typed confirmation; there is no terminal to ask on, so pass --yes to confirm`);
          if (answer !== config.environment) return fail(EXIT.notConfirmed, `not confirmed ("${answer}" is not "${config.environment}"); nothing was deployed`);
        }
        const phases = await deploy(ws, stacks, { ...o, plan: args.plan });
        const handoff = await writeHandoff(ws);
        print(`${phases.map((p) => `${p.phase}: ${p.add} added, ${p.change} changed, ${p.destroy} destroyed (${p.seconds}s)`).join("\n")}\nwhat now exists: ${handoff}`, { phases, handoff });
        return EXIT.ok;
      }
      case "drift": {
        const phases = await drift(ws, stacks, o);
        const exitCode = driftExitCode(phases);
        if (args.summary) writeSummary(args.summary, driftMarkdown(config.environment, phases));
        print(renderDrift(config.environment, phases), { phases, exitCode });
        return exitCode;
      }
      case "destroy": {
        const order = destroyOrder(stacks);
        const refusal = protectionRefusal(config);
        if (refusal) return fail(EXIT.protected, `${refusal}; nothing was destroyed`);
        const lost = await losses(ws, order);
        if (!args.json) io.stderr(`${renderLosses(config.environment, lost)}\n`);
        const prompt = `Destroy ${order.join(", ")} of ${config.environment} (${config.stage}, account ${config.accountId}, ${config.region})? Type the environment name to confirm: `;
        const answer = args.confirm ?? (io.ask ? (await io.ask(prompt)).trim() : undefined);
        if (answer === undefined) return fail(EXIT.notConfirmed, `destroying needs the environment's name typed; there is no terminal to ask on, so pass --confirm ${config.environment}`, { losses: lost });
        if (answer !== config.environment) return fail(EXIT.notConfirmed, `not confirmed ("${answer}" is not "${config.environment}"); nothing was destroyed`, { losses: lost });
        const phases = await destroy(ws, order, o);
        print(phases.map((p) => `${p.phase}: ${p.destroyed} destroyed (${p.seconds}s)`).join("\n"), { phases, losses: lost });
        return EXIT.ok;
      }
      case "run": {
        const r = await runTask(ws, args.target!, (line) => (args!.json ? undefined : io.stdout(`${line}\n`)));
        print(`${r.task} ended with exit code ${r.exitCode}${r.stoppedReason ? ` (${r.stoppedReason})` : ""}`, { ...r, exitCode: r.exitCode });
        return r.exitCode;
      }
      case "redeploy": {
        const r = await redeploy(ws, args.target!);
        print(`${r.service}: redeployed${r.compute === "ecs" ? ", stable" : " (App Runner deploys in the background)"}`, { ...r });
        return EXIT.ok;
      }
      case "status": {
        const s = await status(ws);
        print(renderStatus(s), { ...s });
        return EXIT.ok;
      }
    }
  } catch (err) {
    // A summary is promised to whoever posts it (a pull request comment, an issue): say why there is no result.
    if (args?.summary) writeSummary(args.summary, failureMarkdown(args.command, args.environment, err instanceof Error ? err.message : String(err)));
    if (err instanceof UsageError) return fail(EXIT.usage, err.message);
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    if (err instanceof PolicyError) return fail(EXIT.policy, err.message);
    if (err instanceof PhaseError) {
      const interrupted = /interrupted \(Ctrl-C\)/.test(err.message);
      return fail(interrupted ? EXIT.interrupted : EXIT.failed, `${args?.command ?? "command"} stopped at phase ${err.message}${interrupted ? "" : "; later phases did not run"}`, {
        failedPhase: err.phase,
        ...(err.address ? { failedResource: err.address } : {}),
      });
    }
    return fail(EXIT.failed, `platform ${args?.command ?? ""} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A question on the terminal, when there is one. */
function terminalAsk(): CliIo["ask"] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

if (require.main === module) {
  // Ctrl-C is handled per Terraform run (it stops at a safe point and unlocks); the runner then exits 130.
  process.on("SIGINT", () => undefined);
  void run(process.argv.slice(2), process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), ask: terminalAsk(), tty: Boolean(process.stdout.isTTY) }).then((code) => process.exit(code));
}
