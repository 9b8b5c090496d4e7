/**
 * Where the project lives: the folder holding cdktf.json, found from this file's
 * location. Robust whether the code runs from its sources (tsx, vitest) or from
 * the app bundle in .cache/app (scripts/app.cjs).
 */
import * as fs from "node:fs";
import * as path from "node:path";

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "cdktf.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "..");
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
