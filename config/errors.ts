/**
 * Configuration errors in the user's words: file, line, dotted path, what is
 * allowed. Every problem of a file is collected before anything fails.
 */
import type { z } from "zod";

export interface ConfigProblem {
  /** Dotted path inside the file, e.g. `services.0.port`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  /** The file the value comes from, when it is not the environment's own (a base it extends). */
  readonly file?: string;
  /** 1-based line and column of the offending value, when it exists in the file. */
  readonly line?: number;
  readonly column?: number;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  const header = `Invalid configuration in ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):`;
  const lines = problems.map((p) => {
    const from = p.file ?? file;
    const where = p.line ? `${from}:${p.line}:${p.column ?? 1}` : from;
    const path = p.path === "" ? "(top level)" : p.path;
    return `  - ${path}: ${p.message}  [${where}]`;
  });
  return [header, ...lines].join("\n");
}

/** Warnings of a valid file, in the same shape as problems. */
export function formatWarnings(file: string, warnings: readonly ConfigProblem[]): string {
  return warnings.map((p) => `warning: ${p.path}: ${p.message}  [${p.line ? `${p.file ?? file}:${p.line}:${p.column ?? 1}` : (p.file ?? file)}]`).join("\n");
}

export function dottedPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join(".");
}

/** Rephrase zod's generic messages so they say what is allowed. */
export function describeZodIssue(issue: z.core.$ZodIssue, allowedKeys?: readonly string[]): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
    return `is required (expected ${issue.expected})`;
  }
  if (issue.code === "invalid_type" && issue.expected === "string" && /received number/.test(issue.message)) {
    return "expected text, got a number (quote the value in YAML, e.g. \"012345678901\")";
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // A union of literals (e.g. logRetentionDays): say which values are allowed.
    const values = issue.errors.flatMap((branch) => branch.flatMap((i) => (i.code === "invalid_value" ? i.values : [undefined])));
    if (values.length > 0 && values.every((v) => v !== undefined)) return `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
    const messages = [...new Set(issue.errors.flatMap((branch) => branch.map((i) => describeZodIssue(i))))];
    return `matches none of the allowed forms: ${messages.join("; or ")}`;
  }
  if (issue.code === "invalid_key") {
    // A record key that fails its own schema: say why, not only "Invalid key in record".
    const why = issue.issues.map((i) => describeZodIssue(i)).join("; ");
    return `key "${String(issue.path[issue.path.length - 1])}" is not allowed here: ${why}`;
  }
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    const allowed = allowedKeys?.length ? `; allowed here: ${allowedKeys.join(", ")}` : "";
    return `unknown key${issue.keys.length === 1 ? "" : "s"} ${keys}${allowed}`;
  }
  return issue.message;
}

/** A wrong setting outside the environment file (an environment variable such as APP_UPSTREAM): exit 2, like a config error. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
