/**
 * `.dockerignore` semantics (as Docker's moby/patternmatcher applies them): one
 * pattern per line, `#` comments, `!` re-includes, a leading `/` is ignored,
 * `**` spans directories, `*` and `?` stay within one path segment, and a
 * pattern that matches a directory excludes everything below it. The last
 * matching pattern decides.
 */

interface Rule {
  readonly exclude: boolean;
  readonly regex: RegExp;
}

export class DockerIgnore {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => {
        const exclude = !line.startsWith("!");
        const pattern = normalize(exclude ? line : line.slice(1).trim());
        return { exclude, regex: toRegex(pattern) };
      })
      .filter((r) => r.regex.source !== "^$");
  }

  /** Whether a path (posix, relative to the context) is left out of the build context. */
  ignores(relativePath: string): boolean {
    const parts = relativePath.split("/");
    let ignored = false;
    for (const rule of this.rules) {
      // A rule matching the path or any of its parent directories applies.
      for (let i = parts.length; i >= 1; i--) {
        if (rule.regex.test(parts.slice(0, i).join("/"))) {
          ignored = rule.exclude;
          break;
        }
      }
    }
    return ignored;
  }
}

function normalize(pattern: string): string {
  let p = pattern.replace(/\\/g, "/").replace(/^\/+/, "").replace(/\/+$/, "");
  p = p.split("/").filter((seg) => seg !== "." && seg !== "").join("/");
  return p;
}

function toRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*" && pattern[i + 1] === "*") {
      // `**/` matches zero or more directories; a trailing `**` matches anything.
      if (pattern[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
