/**
 * Environment files that share a base. A file may name one base with
 * `extends:` — a blueprint by name (`config/blueprints/<name>.yaml`) or another
 * file by a path relative to it (`./base.yaml`) — and then says only what
 * differs. The base may extend another; a cycle is an error. Merge rules, from
 * the base up to the file:
 *
 * - maps merge key by key, recursively;
 * - `services` merge by `name`: an entry naming a service of the base changes
 *   only the settings it gives, any other entry is a new service, appended;
 * - every other list, and every scalar, replaces the base's value whole;
 * - `null` removes what the base set (e.g. `cache: null`).
 *
 * A file may also say what differs by stage: `stages.<dev|staging|prod>` holds
 * settings merged, by the same rules, right after that file's own, for the
 * environment's stage only (seed 001's sizing table: one blueprint, 1/2, 2/4
 * and 4/8 vCPU/GB by stage). A later file still overrides a base's stage values.
 *
 * Each value remembers the file and place it came from, so a problem names the
 * file and line of the value that causes it, base or not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError, type ConfigProblem } from "./errors";
import { PROJECT_ROOT } from "./paths";

/** Where blueprints live: `extends: <name>` finds `<name>.yaml` here. */
export const BLUEPRINTS_DIR = path.join(PROJECT_ROOT, "config", "blueprints");
/** The key that names the base. */
export const EXTENDS_KEY = "extends";
/** The key of per-stage settings. */
export const STAGES_KEY = "stages";
/** Stages a `stages:` map may name (config/schema.ts STAGES; not imported, to keep this module free of zod). */
const STAGE_NAMES = ["dev", "staging", "prod"];
/** Keys a stage's settings may not set: the stage itself, and what only a file's top level says. */
const NOT_BY_STAGE = ["stage", EXTENDS_KEY, STAGES_KEY];
/** Lists merged by the `name` of their entries. */
const NAMED_LISTS = new Set(["services"]);

type Key = string | number;

export interface SourceFile {
  /** As shown in messages. */
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** Where a part of the merged document came from: a file, and the path of that part in it. */
interface Origin {
  readonly at: readonly Key[];
  readonly source: SourceFile;
  readonly inFile: readonly Key[];
}

export interface MergedDocument {
  /** The merged document, without `extends`. */
  readonly raw: unknown;
  /** The files it was read from, the environment's own first. */
  readonly files: readonly SourceFile[];
  /** The file and document path that gave the value at `at` (the last file that set it). */
  origin(at: readonly Key[]): { readonly source: SourceFile; readonly inFile: readonly Key[] };
}

export interface ExtendsOptions {
  /** @default BLUEPRINTS_DIR */
  readonly blueprintsDir?: string;
  /** How a file is shown in messages. @default the path as given */
  readonly display?: (absolute: string) => string;
}

const isMapValue = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value taken whole, without the keys a file set to null (null removes, also where there is nothing to remove). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isMapValue(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}

/** The file `extends: value` names, from the file that says it. */
export function resolveBase(value: string, fromFile: string, blueprintsDir = BLUEPRINTS_DIR): string {
  if (value.startsWith(".") || path.isAbsolute(value)) return path.resolve(path.dirname(fromFile), value);
  return path.join(blueprintsDir, value.endsWith(".yaml") ? value : `${value}.yaml`);
}

/** Blueprint names available for `extends:` and `npm run init`. */
export function listBlueprints(blueprintsDir = BLUEPRINTS_DIR): string[] {
  if (!fs.existsSync(blueprintsDir)) return [];
  return fs
    .readdirSync(blueprintsDir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** Parse a file's text; YAML errors are ConfigErrors of that file. */
export function parseSource(text: string, file: string): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: "", message: `not valid YAML: ${e.message.split("\n")[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  return { file, doc, lineCounter };
}

/**
 * The environment file merged over its bases. `text` is the environment file's
 * own content; bases are read from disk. Throws a ConfigError naming the file
 * and line of a base that cannot be read, or of a cycle.
 */
export function readWithBases(text: string, fileForMessages: string, options: ExtendsOptions = {}): MergedDocument {
  const display = options.display ?? ((f: string) => f);
  const absoluteFile = path.resolve(fileForMessages);
  const chain: SourceFile[] = [];
  const seen: string[] = [];
  let source = parseSource(text, fileForMessages);
  let file = absoluteFile;
  for (;;) {
    chain.push(source);
    seen.push(path.resolve(file));
    const raw = source.doc.toJS() as unknown;
    const base = isMapValue(raw) ? raw[EXTENDS_KEY] : undefined;
    if (base === undefined || base === null) break;
    const where = locateKey(source, EXTENDS_KEY);
    const fail = (message: string): never => {
      throw new ConfigError(source.file, [{ path: EXTENDS_KEY, message, ...where }]);
    };
    if (typeof base !== "string" || base.trim() === "") fail("must name a blueprint (e.g. wwhd) or a file relative to this one (e.g. ./base.yaml)");
    const next = resolveBase(base as string, file, options.blueprintsDir);
    if (seen.includes(path.resolve(next))) fail(`${display(next)} extends back to this file: ${[...seen, next].map(display).join(" → ")}`);
    if (!fs.statSync(next, { throwIfNoEntry: false })?.isFile()) {
      const blueprints = listBlueprints(options.blueprintsDir);
      fail(`${display(next)} is not a file; name a blueprint (${blueprints.join(", ") || "none yet"}) or a file relative to this one`);
    }
    let text: string;
    try {
      text = fs.readFileSync(next, "utf8");
    } catch (e) {
      return fail(`${display(next)} cannot be read: ${(e as Error).message}`);
    }
    file = next;
    source = parseSource(text, display(next));
    const baseRaw = source.doc.toJS() as unknown;
    if (!isMapValue(baseRaw)) fail(`${display(next)} is not a map of settings, so there is nothing to extend`);
  }
  // Merge from the furthest base up to the environment's own file, each file's
  // settings for the stage right after its own. The stage is the merged one.
  const layers = [...chain].reverse();
  for (const s of layers) checkStages(s);
  const stageOf = (m: unknown) => (isMapValue(m) && typeof m.stage === "string" ? m.stage : undefined);
  const stage = stageOf(mergeLayers(layers, undefined).merged);
  const { merged, origins } = mergeLayers(layers, stage);
  return {
    raw: merged,
    files: chain,
    origin: (at) => originOf(origins, at),
  };
}

/** The layers merged in order; with a stage, each file's settings for it follow the file's own. */
function mergeLayers(layers: readonly SourceFile[], stage: string | undefined): { merged: unknown; origins: Origin[] } {
  const origins: Origin[] = [];
  let merged: unknown = undefined;
  layers.forEach((s, i) => {
    const raw = s.doc.toJS() as unknown;
    const own = isMapValue(raw) ? Object.fromEntries(Object.entries(raw).filter(([k]) => k !== EXTENDS_KEY && k !== STAGES_KEY)) : raw;
    if (i === 0) {
      merged = own;
      origins.push({ at: [], source: s, inFile: [] });
    } else {
      merged = mergeValue(merged, own, [], [], s, origins);
    }
    const byStage = stage && isMapValue(raw) && isMapValue(raw[STAGES_KEY]) ? (raw[STAGES_KEY] as Record<string, unknown>)[stage] : undefined;
    if (isMapValue(byStage)) merged = mergeValue(merged, byStage, [], [STAGES_KEY, stage as string], s, origins);
  });
  return { merged, origins };
}

/** `stages:` is a map of stage names to maps of settings, none of which sets the stage or a base. */
function checkStages(source: SourceFile): void {
  const raw = source.doc.toJS() as unknown;
  const stages = isMapValue(raw) ? raw[STAGES_KEY] : undefined;
  if (stages === undefined || stages === null) return;
  const problems: ConfigProblem[] = [];
  /** Where the key at `p` is written (its map's entry, not its value). */
  const at = (p: Key[]) => {
    const parent = source.doc.getIn(p.slice(0, -1), true) as { items?: Array<{ key: { value?: unknown; range?: [number, number, number] } }> } | undefined;
    const range = parent?.items?.find((i) => i.key?.value === p[p.length - 1])?.key.range;
    if (!range) return {};
    const { line, col } = source.lineCounter.linePos(range[0]);
    return { line, column: col };
  };
  if (!isMapValue(stages)) {
    problems.push({ path: STAGES_KEY, message: `must map stages (${STAGE_NAMES.join(", ")}) to the settings that differ in them`, ...at([STAGES_KEY]) });
  } else {
    for (const [name, settings] of Object.entries(stages)) {
      if (!STAGE_NAMES.includes(name)) {
        problems.push({ path: `${STAGES_KEY}.${name}`, message: `is not a stage; allowed: ${STAGE_NAMES.join(", ")}`, ...at([STAGES_KEY, name]) });
      } else if (!isMapValue(settings)) {
        problems.push({ path: `${STAGES_KEY}.${name}`, message: `must be a map of the settings that differ in ${name}`, ...at([STAGES_KEY, name]) });
      } else {
        for (const key of NOT_BY_STAGE.filter((k) => k in settings)) {
          problems.push({ path: `${STAGES_KEY}.${name}.${key}`, message: `cannot be set by stage; set ${key} at the top of the file`, ...at([STAGES_KEY, name, key]) });
        }
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(source.file, problems);
}

/** Keys that choose a variant of a section (network.mode, frontend.type, a service's kind): another variant replaces the section whole. */
const VARIANT_KEYS = ["kind", "mode", "type"];
const switchesVariant = (base: Record<string, unknown>, child: Record<string, unknown>) => VARIANT_KEYS.some((k) => child[k] !== undefined && base[k] !== undefined && child[k] !== base[k]);

/** The merged value of `child` over `base`, recording where each replaced part came from. */
function mergeValue(base: unknown, child: unknown, at: Key[], inFile: Key[], source: SourceFile, origins: Origin[]): unknown {
  if (isMapValue(base) && isMapValue(child)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(child)) {
      if (v === null) {
        delete out[k];
        continue;
      }
      const here = [...at, k];
      const hereInFile = [...inFile, k];
      if (at.length === 0 && NAMED_LISTS.has(k) && Array.isArray(out[k]) && Array.isArray(v)) {
        out[k] = mergeNamed(out[k] as unknown[], v, here, hereInFile, source, origins);
      } else if (isMapValue(out[k]) && isMapValue(v) && !switchesVariant(out[k] as Record<string, unknown>, v)) {
        out[k] = mergeValue(out[k], v, here, hereInFile, source, origins);
      } else {
        out[k] = withoutNulls(v);
        origins.push({ at: here, source, inFile: hereInFile });
      }
    }
    return out;
  }
  origins.push({ at, source, inFile });
  return child;
}

function mergeNamed(base: unknown[], child: unknown[], at: Key[], inFile: Key[], source: SourceFile, origins: Origin[]): unknown[] {
  const out = [...base];
  const named = new Set<string>();
  child.forEach((item, j) => {
    const name = isMapValue(item) ? item.name : undefined;
    if (typeof name === "string" && named.has(name)) {
      const node = source.doc.getIn([...inFile, j, "name"], true) as { range?: [number, number, number] } | undefined;
      const pos = node?.range ? source.lineCounter.linePos(node.range[0]) : undefined;
      throw new ConfigError(source.file, [
        { path: [...inFile, j, "name"].join("."), message: `service "${name}" is given twice in this file; give each service once (its settings merge into the base's ${name})`, ...(pos ? { line: pos.line, column: pos.col } : {}) },
      ]);
    }
    if (typeof name === "string") named.add(name);
    const i = typeof name === "string" ? base.findIndex((b) => isMapValue(b) && b.name === name) : -1;
    if (i >= 0 && !switchesVariant(base[i] as Record<string, unknown>, item as Record<string, unknown>)) {
      out[i] = mergeValue(out[i], item, [...at, i], [...inFile, j], source, origins);
    } else if (i >= 0) {
      out[i] = withoutNulls(item);
      origins.push({ at: [...at, i], source, inFile: [...inFile, j] });
    } else {
      origins.push({ at: [...at, out.length], source, inFile: [...inFile, j] });
      out.push(withoutNulls(item));
    }
  });
  return out;
}

/**
 * The origin of `at`: the deepest, latest part that replaced it (a base's value
 * the file replaced is never blamed); the locator then walks up within that file
 * to the nearest part that exists.
 */
function originOf(origins: readonly Origin[], at: readonly Key[]): { source: SourceFile; inFile: readonly Key[] } {
  const candidates = origins
    .map((o, order) => ({ o, order }))
    .filter(({ o }) => o.at.length <= at.length && o.at.every((k, i) => String(k) === String(at[i])))
    .sort((a, b) => b.o.at.length - a.o.at.length || b.order - a.order);
  const { o } = candidates[0];
  return { source: o.source, inFile: [...o.inFile, ...at.slice(o.at.length)] };
}

/** Line and column of a top-level key of a file. */
function locateKey(source: SourceFile, key: string): Pick<ConfigProblem, "line" | "column"> {
  const node = source.doc.getIn([key], true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return {};
  const { line, col } = source.lineCounter.linePos(node.range[0]);
  return { line, column: col };
}
