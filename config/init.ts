/**
 * `npm run init -- <blueprint> <env> --account <id> --region <region>`: a new
 * environment file that extends a blueprint and says only what is its own
 * (account, region, zones, stage, state bucket). It is validated before it is
 * written, and never overwrites a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError, type ConfigProblem } from "./errors";
import { BLUEPRINTS_DIR, listBlueprints, readWithBases } from "./extends";
import { PROJECT_ROOT } from "./paths";
import { DEFAULT_CONFIG_DIR, environmentFileCandidates, listEnvironments, parseEnvironment } from "./load";
import { STAGES, type Stage } from "./schema";
import type { ResolvedConfig } from "./defaults";
import { readSibling, type SiblingEnvironment } from "./shared-account";

export interface InitOptions {
  readonly blueprint: string;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** @default dev */
  readonly stage?: Stage;
  /** @default <region>a, <region>b (and c in prod) */
  readonly availabilityZones?: readonly string[];
  /**
   * Another environment of the account owns its account-wide resources: the
   * state bucket and lock table (stateBackend.manage: false) and, when the
   * blueprint deploys from GitHub, the OIDC provider (github.createProvider: false).
   * @default false
   */
  readonly sharedAccount?: boolean;
  /** The environment's Route 53 zone, for blueprints whose edge needs HTTPS to its origin (and for prod). */
  readonly domain?: { readonly name: string; readonly zoneId: string };
  /**
   * An existing VPC's id and subnets, for blueprints on one (seed 000: the account's
   * default VPC, whose ids only the account knows). The subnets serve as public and private.
   */
  readonly vpc?: { readonly vpcId: string; readonly subnetIds: readonly string[] };
  /** The GitHub repository (owner/name) that deploys, for blueprints with a deploy role. */
  readonly githubRepository?: string;
  /** @default config/environments */
  readonly configDir?: string;
  /** @default config/blueprints */
  readonly blueprintsDir?: string;
}

export const INIT_USAGE = "usage: npm run init -- <blueprint> <environment> --account <12 digits> --region <region> [--stage dev|staging|prod] [--azs <region>a,<region>b] [--domain <name> --zone-id <Route 53 zone id>] [--vpc-id <vpc-…> --subnet-ids <subnet-…>,<subnet-…>] [--github <owner/repository>] [--shared-account]";

/** Parse the command line; problems are usage errors (exit 2). */
export function parseInitArgs(argv: readonly string[]): InitOptions {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) positional.push(a);
    else if (a === "--shared-account") flags["shared-account"] = "true";
    else if (["--account", "--region", "--stage", "--azs", "--domain", "--zone-id", "--vpc-id", "--subnet-ids", "--github"].includes(a) && argv[i + 1] !== undefined) flags[a.slice(2)] = argv[++i];
    else throw usage(`unknown or incomplete option ${a}`);
  }
  if (positional.length !== 2) throw usage("give a blueprint and an environment name");
  if (!flags.account || !flags.region) throw usage("give --account and --region");
  if (flags.stage !== undefined && !(STAGES as readonly string[]).includes(flags.stage)) throw usage(`--stage must be one of ${STAGES.join(", ")}`);
  if ((flags.domain === undefined) !== (flags["zone-id"] === undefined)) throw usage("give --domain and --zone-id together");
  if ((flags["vpc-id"] === undefined) !== (flags["subnet-ids"] === undefined)) throw usage("give --vpc-id and --subnet-ids together");
  return {
    blueprint: positional[0],
    environment: positional[1],
    accountId: flags.account,
    region: flags.region,
    stage: flags.stage as Stage | undefined,
    availabilityZones: flags.azs?.split(",").map((z) => z.trim()),
    ...(flags["shared-account"] ? { sharedAccount: true } : {}),
    ...(flags.domain ? { domain: { name: flags.domain, zoneId: flags["zone-id"] } } : {}),
    ...(flags["vpc-id"] ? { vpc: { vpcId: flags["vpc-id"], subnetIds: flags["subnet-ids"].split(",").map((id) => id.trim()) } } : {}),
    ...(flags.github ? { githubRepository: flags.github } : {}),
  };
}

const usage = (message: string) => new ConfigError("(command line)", [{ path: "", message: `${message}\n${INIT_USAGE}` }]);

/** The new file's text: what the environment says on top of its blueprint. */
export function renderEnvironment(o: InitOptions, project: string, schemaPath = "../schema.json", blueprintHasGithub = false): string {
  const stage = o.stage ?? "dev";
  const zones = o.availabilityZones ?? ["a", "b", ...(stage === "prod" ? ["c"] : [])].map((z) => `${o.region}${z}`);
  const body = {
    extends: o.blueprint,
    stage,
    region: o.region,
    accountId: o.accountId,
    availabilityZones: zones,
    stateBackend: { bucket: `${project}-tfstate-${o.accountId}`, lockTable: `${project}-tflock`, ...(o.sharedAccount ? { manage: false } : {}) },
    ...(o.vpc ? { network: { vpcId: o.vpc.vpcId, publicSubnetIds: o.vpc.subnetIds, privateSubnetIds: o.vpc.subnetIds } } : {}),
    ...(o.githubRepository || (o.sharedAccount && blueprintHasGithub)
      ? { github: { ...(o.githubRepository ? { repository: o.githubRepository } : {}), ...(o.sharedAccount && blueprintHasGithub ? { createProvider: false } : {}) } }
      : {}),
    ...(o.domain ? { domain: { name: o.domain.name, zoneId: o.domain.zoneId } } : {}),
  };
  return [
    `# yaml-language-server: $schema=${schemaPath}`,
    `# ${o.environment}: the ${o.blueprint} blueprint (config/blueprints/${o.blueprint}.yaml) in account ${o.accountId}, ${o.region}.`,
    "# Give only what differs from the blueprint: maps merge, services merge by name, other lists and values replace, null removes.",
    stringify(body, { defaultStringType: "PLAIN", defaultKeyType: "PLAIN" }).replace(/^accountId: (\d+)$/m, 'accountId: "$1"'),
  ].join("\n");
}

/**
 * Write `<configDir>/<env>.yaml` from the blueprint, after validating it as the
 * loader will and, with `check` (npm run init passes the policy check of a
 * synthesis), as a synthesis will. Throws a ConfigError (nothing written) when
 * the file exists, the blueprint is unknown, or the result is refused.
 */
export function initEnvironment(o: InitOptions, check: (config: ResolvedConfig) => readonly string[] = () => []): string {
  const configDir = path.resolve(o.configDir ?? DEFAULT_CONFIG_DIR);
  const blueprintsDir = o.blueprintsDir ?? BLUEPRINTS_DIR;
  const file = path.join(configDir, `${o.environment}.yaml`);
  const existing = environmentFileCandidates(configDir, o.environment);
  if (existing.length > 0) throw new ConfigError(existing[0], [{ path: "", message: `environment "${o.environment}" exists already; init never overwrites: edit it, or choose another name` }]);
  const blueprints = listBlueprints(blueprintsDir);
  if (!blueprints.includes(o.blueprint)) throw usage(`unknown blueprint "${o.blueprint}"; blueprints: ${blueprints.join(", ") || "(none)"}`);
  const blueprintFile = path.join(blueprintsDir, `${o.blueprint}.yaml`);
  const raw = readWithBases(fs.readFileSync(blueprintFile, "utf8"), blueprintFile, { blueprintsDir }).raw;
  const project = raw && typeof raw === "object" ? (raw as { project?: unknown }).project : undefined;
  if (typeof project !== "string") throw new ConfigError(blueprintFile, [{ path: "project", message: "a blueprint names its project" }]);
  const hasGithub = typeof raw === "object" && raw !== null && "github" in raw;
  const text = renderEnvironment(o, project, path.relative(configDir, path.join(PROJECT_ROOT, "config", "schema.json")).split(path.sep).join("/"), hasGithub);
  const siblings = listEnvironments(configDir).flatMap((name) => {
    const s: SiblingEnvironment | undefined = readSibling(name, environmentFileCandidates(configDir, name)[0], blueprintsDir);
    return s ? [s] : [];
  });
  // Validate exactly what will be written, where it will be written (bases resolve from there).
  let config: ResolvedConfig;
  try {
    config = parseEnvironment(text, o.environment, file, {}, undefined, siblings, { blueprintsDir });
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(file, e.problems.map((p): ConfigProblem => ({ ...p, message: `${p.message} (nothing was written)` })));
    throw e;
  }
  // And as a synthesis will: what the policy refuses is not written either.
  const refused = check(config);
  if (refused.length > 0) throw new ConfigError(file, refused.map((message) => ({ path: "", message: `${message} (nothing was written)` })));
  fs.mkdirSync(configDir, { recursive: true });
  try {
    fs.writeFileSync(file, text, { flag: "wx" });
  } catch (e) {
    // Created meanwhile: still never overwritten.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new ConfigError(file, [{ path: "", message: `environment "${o.environment}" exists already; init never overwrites: edit it, or choose another name` }]);
    throw e;
  }
  return file;
}
