/**
 * What a statement grants, action by action: IAM matches actions case-insensitively and
 * expands `*` and `?` in them ("s3:Get*", "kms:*", "*"); an Allow with NotAction grants
 * every action its patterns do not match.
 */
import type { Statement } from "../../iam";

function glob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** Whether the action pattern (as written in a policy) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern).test(action);
}

/** Whether an Allow statement grants `action`: through one of its actions, or because its NotAction leaves it out. */
export function grants(s: Statement, action: string): boolean {
  if (s.effect !== "Allow") return false;
  if (s.actions.length > 0) return s.actions.some((p) => actionMatches(p, action));
  if (s.notActions.length > 0) return !s.notActions.some((p) => actionMatches(p, action));
  return false;
}

/** The actions of `list` the statement grants, in the list's order. */
export function granted(s: Statement, list: readonly string[]): string[] {
  return list.filter((a) => grants(s, a));
}

/** How the statement writes what it grants, for a finding: its wildcard patterns, or its NotAction. */
export function through(s: Statement, actions: readonly string[]): string {
  if (s.actions.length === 0) return ` (NotAction ${s.notActions.join(", ")})`;
  const patterns = s.actions.filter((p) => /[*?]/.test(p) && actions.some((a) => actionMatches(p, a)));
  return patterns.length > 0 ? ` (through ${patterns.join(", ")})` : "";
}
