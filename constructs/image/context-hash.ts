/**
 * A content hash of a Docker build context, computed at synth: the files Docker
 * would send (after `.dockerignore`), in sorted path order, with line endings
 * normalized, plus every build setting. Unchanged sources give the same tag on
 * every run and machine; any change gives a new one.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DockerIgnore } from "./dockerignore";

export interface BuildSettings {
  readonly dockerfile: string;
  readonly target?: string;
  readonly platform: string;
  readonly args: Readonly<Record<string, string>>;
}

/** Files of the context Docker would send, as sorted posix paths relative to it. */
export function contextFiles(contextDir: string, dockerfile: string): string[] {
  const ignoreFile = path.join(contextDir, ".dockerignore");
  const ignore = new DockerIgnore(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, "utf8") : "");
  const files: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (ignore.ignores(relPath)) continue;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile()) files.push(relPath);
    }
  };
  walk(contextDir, "");
  // Docker always sends the Dockerfile and .dockerignore, ignored or not.
  for (const always of [dockerfile, ".dockerignore"]) {
    if (!files.includes(always) && fs.existsSync(path.join(contextDir, always))) files.push(always);
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function contextHash(contextDir: string, settings: BuildSettings): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ ...settings, args: Object.entries(settings.args).sort(([a], [b]) => (a < b ? -1 : 1)) }));
  for (const file of contextFiles(contextDir, settings.dockerfile)) {
    const full = path.join(contextDir, file);
    const content = fs.readFileSync(full);
    const executable = (fs.statSync(full).mode & 0o111) !== 0;
    hash.update(`\0${file}\0${executable ? "x" : "-"}\0`);
    hash.update(normalizeLineEndings(content));
  }
  return hash.digest("hex");
}

/** CRLF and LF checkouts of the same text hash alike; binary files are left as they are. */
function normalizeLineEndings(content: Buffer): Buffer {
  if (content.includes(0)) return content;
  return Buffer.from(content.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
}

/** The image tag for a context: `src-` and the first 16 hex characters of its hash. */
export function contentTag(contextDir: string, settings: BuildSettings): string {
  return `src-${contextHash(contextDir, settings).slice(0, 16)}`;
}
