/** Loads the stacks of a cdktf output folder (cdktf.out) for the policy engine. */
import * as fs from "node:fs";
import * as path from "node:path";
import { StackModel, type StackJson } from "./model";

export function loadSynthesizedStacks(outdir: string): StackModel[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, s]) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8")) as StackJson;
    return new StackModel(name, json);
  });
}
