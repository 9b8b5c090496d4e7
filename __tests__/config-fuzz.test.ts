/**
 * No configuration produces a stack trace: every leaf of the shipped files is
 * replaced by values of the wrong type or shape, and each result either loads
 * and builds (a sample builds and synthesizes), or fails with a ConfigError (exit 2 in the app command).
 * dev and prod are fuzzed whole (between them every service kind, autoscaling with a
 * schedule, capacity, an internal singleton, a domain and the load balancer); staging
 * only where it differs: the shared secrets and who reads them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { buildApp } from "../stacks/app";

type Doc = Record<string, unknown> | unknown[];

function leaves(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => leaves(v, [...at, i]))];
  if (value && typeof value === "object") return [at, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]))];
  return [at];
}

function setIn(doc: Doc, at: ReadonlyArray<string | number>, value: unknown): void {
  let node = doc as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

const REPLACEMENTS: unknown[] = [undefined, null, -1, "", "x", "${HOME}", [], { x: 1 }, true];

const everyPath = () => true;
const sharedSecretPaths = (at: ReadonlyArray<string | number>) => at.includes("sharedSecrets");

describe.each([
  ["dev", "every leaf", everyPath],
  ["prod", "every leaf", everyPath],
  ["staging", "every shared secret leaf", sharedSecretPaths],
])("%s with %s replaced by a wrong value", (env, _which, fuzzed) => {
  const text = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, `${env}.yaml`), "utf8");
  const paths = leaves(parseYaml(text)).filter((p) => p.length > 0 && fuzzed(p));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));

  it(`loads or fails with a ConfigError, never anything else (${paths.length} paths × ${REPLACEMENTS.length} values)`, () => {
    const unexpected: string[] = [];
    let loaded = 0;
    for (const at of paths) {
      for (const value of REPLACEMENTS) {
        const doc = parseYaml(text) as Doc;
        setIn(doc, at, value);
        try {
          const config = parseEnvironment(stringify(doc), env, `${env}.yaml`, {});
          loaded++;
          // What loads must also build: constructs must not throw on a valid config.
          // Every variant is validated; every eighth is built and every ninth of
          // those synthesized too (aspects, lazy policies, address claims), which
          // keeps this file to a few seconds per environment.
          if (loaded % 8 === 0) {
            const { app } = buildApp(config, { outdir });
            if (loaded % 72 === 0) app.synth();
          }
        } catch (e) {
          if (!(e instanceof ConfigError)) unexpected.push(`${at.join(".")} = ${JSON.stringify(value)}: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(loaded).toBeGreaterThan(0);
  });
});
