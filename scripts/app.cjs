/**
 * The cdktf app command (cdktf.json "app", `npm run synth`): runs main.ts.
 *
 * The project's TypeScript (main.ts, config/, stacks/, constructs/, policy/) is
 * bundled by esbuild into one CommonJS file in .cache/app, named by a hash of the
 * sources, so an unchanged tree reuses it and any change rebuilds it (~80 ms);
 * packages stay external and load from node_modules. Loading one file instead of
 * ~140 transpiled modules, without tsx and without source maps, halves the
 * synthesis time (see npm run bench). The output is the same as running main.ts
 * with tsx, which APP_DEBUG=1 does, for stack traces that point at the sources.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "main.ts");

if (process.env.APP_DEBUG === "1") {
  require("tsx/cjs");
  require(entry);
} else {
  // cdktf records a full stack trace for every token it creates (a fifth of the
  // synthesis time), shown only in messages about a token it cannot resolve.
  // Like aws-cdk outside CDK_DEBUG, skip it; APP_DEBUG=1 keeps it.
  require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];
  require(bundle());
}

/** The bundle of the current sources, built when missing. */
function bundle() {
  const esbuild = require("esbuild");
  const hash = crypto.createHash("sha256").update(`esbuild ${esbuild.version}\0`);
  for (const file of sources()) hash.update(`${path.relative(root, file)}\0${fs.readFileSync(file)}\0`);
  const dir = path.join(root, ".cache", "app");
  const out = path.join(dir, `main-${hash.digest("hex").slice(0, 16)}.cjs`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  esbuild.buildSync({ entryPoints: [entry], outfile: tmp, bundle: true, platform: "node", format: "cjs", target: "node20", packages: "external", logLevel: "error" });
  // Atomic: a concurrent synthesis sees either no bundle or a whole one.
  fs.renameSync(tmp, out);
  for (const old of fs.readdirSync(dir)) if (old.startsWith("main-") && old.endsWith(".cjs") && path.join(dir, old) !== out) fs.rmSync(path.join(dir, old), { force: true });
  return out;
}

/** Every TypeScript source the app can load, in a stable order. */
function sources() {
  const out = [entry];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) out.push(p);
    }
  };
  for (const dir of ["config", "cost", "diagram", "stacks", "constructs", "policy"]) walk(path.join(root, dir));
  return out;
}
