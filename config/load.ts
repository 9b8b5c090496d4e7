/**
 * Finds, parses and validates one environment file, and resolves its defaults.
 * Throws a ConfigError listing every problem (schema and cross-field) at once,
 * each with file, line, dotted path and what is allowed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node as YamlNode } from "yaml";
import type { z } from "zod";
import { IMAGE_TAG, ProjectConfigSchema, ServiceSchema, type ProjectConfig } from "./schema";
import { CDKTF_TOKEN_MARKER, terraformLiteral } from "./literal";
import type { FrontendConfig } from "./schema";
import type { ResolvedAssets } from "./frontend";
import { folderHash } from "../constructs/edge/asset-hash";
import { readSibling, sharedAccountIssues, type SiblingEnvironment } from "./shared-account";
import { checkRules, type PartialConfig } from "./rules";
import { contentTag } from "../constructs/image/context-hash";
import { resolveConfig, resolveImageTag, type ResolvedBuild, type ResolvedConfig } from "./defaults";
import { ConfigError, describeZodIssue, dottedPath, type ConfigProblem } from "./errors";
import { PROJECT_ROOT } from "./paths";
import { readWithBases, type ExtendsOptions, type MergedDocument } from "./extends";

/** The variable that selects the environment; every cdktf command honours it. */
export const ENV_VAR = "APP_ENV";
export const DEFAULT_ENVIRONMENT = "dev";
/** The variable that points at another folder of environment files (examples, tests). */
export const CONFIG_DIR_VAR = "APP_CONFIG_DIR";
export const DEFAULT_CONFIG_DIR = path.join(PROJECT_ROOT, "config", "environments");

const EXTENSIONS = [".yaml", ".yml", ".json"];
const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,11}$/;

export function configDirFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(env[CONFIG_DIR_VAR] || DEFAULT_CONFIG_DIR);
}

export function environmentFrom(env: NodeJS.ProcessEnv): string {
  return env[ENV_VAR] || DEFAULT_ENVIRONMENT;
}

/** Environment names available in a folder: one file per environment. */
export function listEnvironments(configDir: string): string[] {
  if (!fs.existsSync(configDir)) return [];
  return fs
    .readdirSync(configDir)
    .filter((f) => EXTENSIONS.includes(path.extname(f)))
    .map((f) => path.basename(f, path.extname(f)))
    .sort();
}

/** The files that define an environment in a folder (more than one is an error). */
export function environmentFileCandidates(configDir: string, environment: string): string[] {
  return EXTENSIONS.map((ext) => path.join(configDir, environment + ext)).filter((f) => fs.existsSync(f));
}

export function environmentFile(configDir: string, environment: string): string {
  const candidates = environmentFileCandidates(configDir, environment);
  if (candidates.length === 0) {
    const known = listEnvironments(configDir);
    throw new ConfigError(path.join(configDir, `${environment}.yaml`), [
      {
        path: "",
        message: `unknown environment "${environment}" (chosen by ${ENV_VAR}); known environments in ${configDir}: ${known.join(", ") || "(none)"}`,
      },
    ]);
  }
  if (candidates.length > 1) {
    throw new ConfigError(candidates[0], [{ path: "", message: `environment "${environment}" is defined twice: ${candidates.join(", ")}; keep one` }]);
  }
  return candidates[0];
}

export interface LoadOptions {
  /** Image build contexts are relative to it. @default process.cwd() */
  readonly projectRoot?: string;
  /** @default - `APP_CONFIG_DIR` or config/environments */
  readonly configDir?: string;
  /** Variables used to resolve image tags. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where `extends: <name>` finds blueprints. @default config/blueprints */
  readonly blueprintsDir?: string;
}

/** Load, validate and resolve one environment. */
export function loadEnvironment(environment: string, options: LoadOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const configDir = options.configDir ?? configDirFrom(env);
  const file = environmentFile(configDir, environment);
  const siblings = listEnvironments(configDir)
    .filter((name) => name !== environment)
    .flatMap((name) => {
      const sibling = readSibling(name, displayPath(environmentFile(configDir, name)), options.blueprintsDir);
      return sibling ? [sibling] : [];
    });
  return parseEnvironment(fs.readFileSync(file, "utf8"), environment, displayPath(file), env, options.projectRoot, siblings, { blueprintsDir: options.blueprintsDir });
}

/** Validate the text of an environment file; `file` is only used in messages. */
export function parseEnvironment(
  text: string,
  environment: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  projectRoot = process.cwd(),
  siblings: readonly SiblingEnvironment[] = [],
  bases: Pick<ExtendsOptions, "blueprintsDir"> = {},
): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  if (!ENVIRONMENT_NAME.test(environment)) {
    problems.push({ path: "", message: `environment name "${environment}" (the file name) must be a DNS label of at most 12 characters: lowercase letters, digits and single hyphens, starting with a letter` });
  }
  let merged: MergedDocument;
  try {
    merged = readWithBases(text, file, { display: displayPath, blueprintsDir: bases.blueprintsDir });
  } catch (e) {
    // A problem of a base file is reported with the environment's, naming the base.
    if (e instanceof ConfigError) throw new ConfigError(file, [...problems, ...e.problems.map((p) => (e.file === file ? p : { ...p, file: e.file }))]);
    throw e;
  }
  const raw: unknown = merged.raw;
  if (raw === null || raw === undefined) {
    throw new ConfigError(file, [...problems, { path: "", message: "the file is empty; an environment needs at least project, stage, region, accountId, availabilityZones, stateBackend and services (see config/environments/dev.yaml)" }]);
  }
  /** File, line and column of the value at a path of the merged document: the environment's file or the base that gave it. */
  const locate = (p: ReadonlyArray<PropertyKey>): Pick<ConfigProblem, "file" | "line" | "column"> => {
    const { source, inFile } = merged.origin(p as ReadonlyArray<string | number>);
    const at = locateInDocument(source.doc, source.lineCounter, inFile);
    return source.file === file ? at : { ...at, file: source.file };
  };
  for (const at of stringsMatching(raw, CDKTF_TOKEN_MARKER)) {
    problems.push({ path: dottedPath(at), message: "must not contain \"TfToken[\", which cdktf reserves for its own references", ...locate(at) });
  }

  const parsed = ProjectConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
      problems.push({ path: dottedPath(at), message: describeZodIssue(issue, allowedKeysAt(issue.path, raw)), ...locate(at) });
    }
  }
  const partial = parsed.success ? parsed.data : parseSectionsSeparately(raw);
  const warnings: ConfigProblem[] = [];
  for (const issue of [...checkRules(partial, environment), ...sharedAccountIssues(partial, siblings)]) {
    (issue.warning ? warnings : problems).push({ path: dottedPath(issue.path), message: issue.message, ...locate(issue.path) });
  }
  const builds = new Map<string, { build: ResolvedBuild; tag: string }>();
  (partial.services ?? []).forEach((s, i) => {
    if (s.image.build) {
      const b = s.image.build;
      const contextDir = path.resolve(projectRoot, b.context);
      const at = ["services", i, "image", "build"];
      if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
        problems.push({ path: `services.${i}.image.build.context`, message: `build context ${contextDir} is not a directory (paths are relative to the project root ${projectRoot})`, ...locate([...at, "context"]) });
      } else if (!fs.statSync(path.join(contextDir, b.dockerfile), { throwIfNoEntry: false })?.isFile()) {
        problems.push({ path: `services.${i}.image.build.dockerfile`, message: `no ${b.dockerfile} in the build context ${contextDir}`, ...locate([...at, "dockerfile"]) });
      } else {
        const build: ResolvedBuild = { contextDir, dockerfile: b.dockerfile, target: b.target, args: b.args, platform: b.platform };
        builds.set(s.name, { build, tag: contentTag(contextDir, build) });
      }
      return;
    }
    const tag = resolveImageTag(s, env);
    if (tag === undefined) {
      const why = s.image.tagEnvVar ? `environment variable ${s.image.tagEnvVar} is not set and no fallback \`tag\` is given` : "set `tag` or `tagEnvVar`";
      problems.push({ path: `services.${i}.image`, message: `no image tag for service "${s.name}": ${why}`, ...locate(["services", i, "image"]) });
    } else if (s.image.tagEnvVar && tag !== s.image.tag && !IMAGE_TAG.test(tag)) {
      problems.push({
        path: `services.${i}.image.tagEnvVar`,
        message: `environment variable ${s.image.tagEnvVar}=${JSON.stringify(tag)} is not a valid image tag: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-' (e.g. a git SHA or 1.2.3, not a branch name like feature/foo)`,
        ...locate(["services", i, "image", "tagEnvVar"]),
      });
    }
  });

  const assets = partial.frontend?.assets && partial.frontend.type === "static" ? resolveAssets(partial.frontend.assets, projectRoot, problems, locate) : undefined;

  if (problems.length > 0 || !parsed.success) throw new ConfigError(file, problems);
  return { ...resolveConfig(parsed.data, environment, file, env, builds, assets), warnings };
}

/** Paths of every string (map key or value) in a parsed document that matches `pattern`. */
function stringsMatching(value: unknown, pattern: RegExp, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === "string") return pattern.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsMatching(v, pattern, [...at, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (pattern.test(k) ? [[...at, k]] : stringsMatching(v, pattern, [...at, k])));
  }
  return [];
}

/** When the whole document fails, keep the top-level sections that are valid on their own, so cross-field rules still run. */
function parseSectionsSeparately(raw: unknown): PartialConfig {
  if (typeof raw !== "object" || raw === null) return {};
  const out: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [key, schema] of Object.entries(ProjectConfigSchema.shape)) {
    const value = (raw as Record<string, unknown>)[key];
    const r = (schema as z.ZodType).safeParse(value);
    if (!r.success) invalid.push(key);
    if (r.success && r.data !== undefined) out[key] = r.data;
    else if (key === "services" && Array.isArray(value)) {
      // Keep each valid service at its own index (a sparse array), so paths stay right.
      const services: unknown[] = [];
      value.forEach((v, i) => {
        const s = ServiceSchema.safeParse(v);
        if (s.success) services[i] = s.data;
      });
      // A hole at the end must count too: rules skip name checks when any service failed.
      services.length = value.length;
      out.services = services;
    }
  }
  out.invalidSections = invalid;
  return out as PartialConfig;
}

/**
 * The keys a strict object accepts at a path of the schema, for "unknown key"
 * messages. In a discriminated union (services by kind, network by mode) the
 * branch is the one the document's discriminator selects.
 */
function allowedKeysAt(p: ReadonlyArray<PropertyKey>, raw: unknown): string[] | undefined {
  type Def = {
    type: string;
    innerType?: z.core.$ZodType;
    shape?: Record<string, z.core.$ZodType>;
    element?: z.core.$ZodType;
    keyType?: z.core.$ZodType;
    valueType?: z.core.$ZodType;
    options?: z.core.$ZodType[];
    discriminator?: string;
    entries?: Record<string, string>;
  };
  const defOf = (s: z.core.$ZodType) => s._zod.def as Def;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = defOf(s);
    return (def.type === "optional" || def.type === "default" || def.type === "prefault") && def.innerType ? unwrap(def.innerType) : s;
  };
  /** The branch of a discriminated union the value selects, else the schema itself. */
  const branch = (s: z.core.$ZodType, value: unknown): z.core.$ZodType | undefined => {
    const def = defOf(s);
    if (def.type !== "union" || !def.discriminator || !def.options) return s;
    const tag = value && typeof value === "object" ? (value as Record<string, unknown>)[def.discriminator] : undefined;
    return def.options.find((o) => {
      const literal = defOf(o).shape?.[def.discriminator!];
      return literal !== undefined && (literal._zod.def as { values?: unknown[] }).values?.includes(tag);
    });
  };
  let schema: z.core.$ZodType | undefined = ProjectConfigSchema;
  let value: unknown = raw;
  for (const key of p) {
    schema = schema && branch(unwrap(schema), value);
    if (!schema) return undefined;
    const def = defOf(unwrap(schema));
    if (def.type === "object") schema = def.shape?.[String(key)];
    else if (def.type === "array") schema = def.element;
    else if (def.type === "record") schema = def.valueType;
    else return undefined;
    value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  schema = schema && branch(unwrap(schema), value);
  const def = schema ? defOf(unwrap(schema)) : undefined;
  if (def?.type === "object" && def.shape) return Object.keys(def.shape);
  // A record keyed by an enum (alarms by kind, WAF rules by group) accepts exactly its values.
  const keys = def?.type === "record" && def.keyType ? defOf(def.keyType) : undefined;
  return keys?.type === "enum" && keys.entries ? Object.values(keys.entries) : undefined;
}

/**
 * Where a dotted config path (`services.0.environment`) of an environment comes
 * from: the environment's file, or the base it inherited the value from (then
 * `file` names it), with the line; empty when unreadable.
 */
export function locateConfigPath(file: string, dotted: string, blueprintsDir?: string): { file?: string; line?: number } {
  try {
    const merged = readWithBases(fs.readFileSync(file, "utf8"), file, { display: displayPath, blueprintsDir });
    const p = dotted.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const { source, inFile } = merged.origin(p);
    const { line } = locateInDocument(source.doc, source.lineCounter, inFile);
    return source.file === file ? { line } : { file: source.file, line };
  } catch {
    return {};
  }
}

/** Line and column of the value at `p` (of its key, inside a map), or of its nearest existing parent. */
function locateInDocument(doc: Document, lc: LineCounter, p: ReadonlyArray<PropertyKey>): { line?: number; column?: number } {
  for (let depth = p.length; depth >= 0; depth--) {
    const prefix = p.slice(0, depth);
    // A nested map or list starts on the line after its key; point at the key.
    const parentNode = depth > 0 ? doc.getIn(prefix.slice(0, -1) as unknown[], true) : undefined;
    if (isMap(parentNode)) {
      const pair = parentNode.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(prefix[prefix.length - 1]));
      if (pair && isScalar(pair.key) && pair.key.range && !isScalar(pair.value)) return position(lc, pair.key.range[0]);
    }
    const node = prefix.length === 0 ? (doc.contents as YamlNode | null) : (doc.getIn(prefix as unknown[], true) as YamlNode | undefined);
    // An unknown key has no value node we can ask for by path; find the key itself.
    if (depth === p.length && depth > 0 && node === undefined) {
      const parent = doc.getIn(p.slice(0, -1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(p[p.length - 1]));
        const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
        if (keyNode?.range) return position(lc, keyNode.range[0]);
      }
      continue;
    }
    if (node && typeof node === "object" && "range" in node && node.range) return position(lc, node.range[0]);
  }
  return {};
}

function position(lc: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export type { ProjectConfig, ResolvedConfig };

/**
 * The site to publish: its folder, build settings and content hash. With a build,
 * the working directory decides (its output folder does not exist before the build);
 * without, the built folder itself, which must exist.
 */
function resolveAssets(
  a: NonNullable<FrontendConfig["assets"]>,
  projectRoot: string,
  problems: ConfigProblem[],
  locate: (p: ReadonlyArray<PropertyKey>) => { line?: number; column?: number },
): ResolvedAssets | undefined {
  const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  const directory = path.resolve(projectRoot, a.directory);
  const settings = { immutable: a.immutable, build: a.build };
  if (a.build) {
    const workingDirectory = path.resolve(projectRoot, a.build.workingDirectory);
    if (!isDir(workingDirectory)) {
      problems.push({ path: "frontend.assets.build.workingDirectory", message: `${workingDirectory} is not a directory (paths are relative to the project root ${projectRoot})`, ...locate(["frontend", "assets", "build", "workingDirectory"]) });
      return undefined;
    }
    const hash = folderHash(workingDirectory, { ...settings, directory: a.directory }, [directory]);
    return { directory: terraformLiteral(directory), build: { command: terraformLiteral(a.build.command), workingDirectory: terraformLiteral(workingDirectory) }, immutable: a.immutable, hash };
  }
  if (!isDir(directory)) {
    problems.push({
      path: "frontend.assets.directory",
      message: `${directory} is not a directory: build the site first, or give frontend.assets.build so the deploy builds it (paths are relative to the project root ${projectRoot})`,
      ...locate(["frontend", "assets", "directory"]),
    });
    return undefined;
  }
  return { directory: terraformLiteral(directory), immutable: a.immutable, hash: folderHash(directory, settings) };
}
