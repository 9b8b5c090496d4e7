/**
 * A content hash of a folder, computed at synth: every file in sorted path
 * order with its bytes (line endings normalized, as for image contexts), minus
 * folders that never decide a build (`node_modules`, `.git`) and the build's own
 * output. Unchanged sources give the same hash on every run and machine; any
 * change, a new one, and so a new upload.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);

/**
 * Files under `dir` as sorted posix paths, without `skip` (absolute folders) and
 * the always-skipped folders. Symbolic links are followed, as `aws s3 sync` does
 * when it uploads (a folder linked twice on one path is walked once).
 */
export function folderFiles(dir: string, skip: readonly string[] = []): string[] {
  const skipped = new Set(skip.map((s) => path.resolve(s)));
  const files: string[] = [];
  const walk = (abs: string, rel: string, seen: ReadonlySet<string>) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const stat = entry.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : entry;
      if (stat?.isDirectory()) {
        const real = fs.realpathSync(full);
        if (!ALWAYS_SKIPPED.has(entry.name) && !skipped.has(full) && !seen.has(real)) walk(full, relPath, new Set([...seen, real]));
      } else if (stat?.isFile()) files.push(relPath);
    }
  };
  walk(dir, "", new Set([fs.realpathSync(dir)]));
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `sha256` over the settings and the files: the first 16 hex characters. */
export function folderHash(dir: string, settings: unknown, skip: readonly string[] = []): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(settings));
  for (const file of folderFiles(dir, skip)) {
    const content = fs.readFileSync(path.join(dir, file));
    hash.update(`\0${file}\0`);
    hash.update(content.includes(0) ? content : Buffer.from(content.toString("latin1").replace(/\r\n/g, "\n"), "latin1"));
  }
  return hash.digest("hex").slice(0, 16);
}
