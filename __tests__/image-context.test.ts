/** The content tag of a build context: .dockerignore, stability, sensitivity. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contentTag, contextFiles, type BuildSettings } from "../constructs/image/context-hash";
import { DockerIgnore } from "../constructs/image/dockerignore";

const settings: BuildSettings = { dockerfile: "Dockerfile", platform: "linux/amd64", args: {} };

function context(files: Record<string, string>, order = Object.keys(files)): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
  for (const name of order) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), files[name]);
  }
  return dir;
}

const base = {
  Dockerfile: "FROM python:3.12-slim\nCOPY . /app\n",
  ".dockerignore": "# local junk\n*.log\nnode_modules\n**/__pycache__\n.env*\n!.env.example\n/build\n",
  "app/main.py": "print('hello')\n",
  "app/util.py": "X = 1\n",
  ".env.example": "A=1\n",
};

describe(".dockerignore", () => {
  const ignore = new DockerIgnore(base[".dockerignore"]);
  it.each([
    ["debug.log", true],
    ["app/debug.log", false],
    ["node_modules/x/index.js", true],
    ["app/__pycache__/main.pyc", true],
    ["__pycache__/x.pyc", true],
    [".env", true],
    [".env.local", true],
    [".env.example", false],
    ["build/out.js", true],
    ["app/build/out.js", false],
    ["app/main.py", false],
  ])("%s ignored: %s", (p, ignored) => {
    expect(ignore.ignores(p as string)).toBe(ignored);
  });

  it("the context lists exactly the files Docker sends, sorted, always with the Dockerfile", () => {
    const dir = context({ ...base, "debug.log": "x", "node_modules/a.js": "x", Dockerfile: "FROM scratch\n" });
    fs.appendFileSync(path.join(dir, ".dockerignore"), "Dockerfile\n");
    expect(contextFiles(dir, "Dockerfile")).toEqual([".dockerignore", ".env.example", "Dockerfile", "app/main.py", "app/util.py"]);
  });
});

describe("content tag", () => {
  const tag = contentTag(context(base), settings);

  it("looks like src-<16 hex>", () => {
    expect(tag).toMatch(/^src-[0-9a-f]{16}$/);
  });

  it("is the same for the same sources whatever order files were written in", () => {
    expect(contentTag(context(base, Object.keys(base).reverse()), settings)).toBe(tag);
  });

  it("is the same for CRLF and LF checkouts of the same text", () => {
    const crlf = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v.replace(/\n/g, "\r\n")]));
    expect(contentTag(context(crlf), settings)).toBe(tag);
  });

  it("ignores files .dockerignore leaves out", () => {
    expect(contentTag(context({ ...base, "debug.log": "noise", "node_modules/x.js": "x", "app/__pycache__/m.pyc": "x" }), settings)).toBe(tag);
  });

  it("changes when a sent file changes, is added or is renamed", () => {
    expect(contentTag(context({ ...base, "app/main.py": "print('bye')\n" }), settings)).not.toBe(tag);
    expect(contentTag(context({ ...base, "app/new.py": "" }), settings)).not.toBe(tag);
    const { "app/util.py": util, ...rest } = base;
    expect(contentTag(context({ ...rest, "app/utils.py": util }), settings)).not.toBe(tag);
  });

  it("changes with the build settings: platform, target, build arguments, Dockerfile", () => {
    const dir = context(base);
    expect(contentTag(dir, { ...settings, platform: "linux/arm64" })).not.toBe(tag);
    expect(contentTag(dir, { ...settings, target: "runtime" })).not.toBe(tag);
    expect(contentTag(dir, { ...settings, args: { APP_VERSION: "2" } })).not.toBe(tag);
    expect(contentTag(dir, { ...settings, args: { A: "1", B: "2" } })).toBe(contentTag(dir, { ...settings, args: { B: "2", A: "1" } }));
  });

  it("changes when a file becomes executable", () => {
    const dir = context(base);
    fs.chmodSync(path.join(dir, "app/main.py"), 0o755);
    expect(contentTag(dir, settings)).not.toBe(tag);
  });
});
