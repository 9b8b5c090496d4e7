/**
 * How the rule registry covers the public standards: every checkov check and
 * FSBP control on a resource type the platform emits is enforced by a rule that
 * cites it, or not applicable with a reason; never both, never neither. The
 * README's coverage table and its test are built from this.
 */
import type { Rule } from "../types";
import { CHECKOV_CHECKS } from "./checkov-checks";
import { FSBP_CONTROLS } from "./fsbp-controls";
import { CITED_OUTSIDE_CATALOGUE, NOT_APPLICABLE } from "./not-applicable";
import type { StandardCheck } from "./types";

export type Standard = "checkov" | "fsbp";

export interface CoverageInput {
  readonly rules: readonly Rule[];
  readonly checks: Readonly<Record<Standard, readonly StandardCheck[]>>;
  readonly notApplicable: Readonly<Record<string, string>>;
  readonly citedOutside: Readonly<Record<string, string>>;
}

export interface CoverageRow {
  readonly standard: Standard;
  readonly check: StandardCheck;
  /** Our rules that cite it, with their stage scope when they have one: `KMS-02 (prod)`. */
  readonly enforcedBy: readonly string[];
  readonly notApplicable?: string;
}

export const STANDARDS: Readonly<Record<Standard, { readonly name: string; readonly ids: (r: Rule) => readonly string[] }>> = {
  checkov: { name: "checkov", ids: (r) => r.checkov },
  fsbp: { name: "AWS Security Hub FSBP", ids: (r) => r.fsbp },
};

const scoped = (r: Rule) => (r.stages ? `${r.id} (${r.stages.join(", ")})` : r.id);

export function coverage(input: CoverageInput): CoverageRow[] {
  return (Object.keys(STANDARDS) as Standard[]).flatMap((standard) =>
    input.checks[standard].map((check) => ({
      standard,
      check,
      enforcedBy: input.rules.filter((r) => STANDARDS[standard].ids(r).includes(check.id)).map(scoped),
      notApplicable: input.notApplicable[check.id],
    })),
  );
}

/** Every way the registry, the catalogues and the reasons can disagree, one sentence each. */
export function coverageProblems(input: CoverageInput): string[] {
  const problems: string[] = [];
  const rows = coverage(input);
  for (const { check, enforcedBy, notApplicable } of rows) {
    const what = `${check.id} (${check.title}; ${check.resourceTypes.join(", ")})`;
    if (enforcedBy.length === 0 && notApplicable === undefined) problems.push(`${what}: no rule cites it, and policy/standards/not-applicable.ts gives no reason`);
    if (enforcedBy.length > 0 && notApplicable !== undefined) problems.push(`${what}: enforced by ${enforcedBy.join(", ")} and also listed as not applicable`);
  }
  const catalogued = new Set(rows.map((r) => r.check.id));
  const ids = [...catalogued];
  if (new Set(ids).size !== ids.length) problems.push(`a check appears twice in the catalogues: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(", ")}`);
  for (const id of Object.keys(input.notApplicable)) {
    if (!catalogued.has(id)) problems.push(`${id} is listed as not applicable but is in no catalogue`);
  }
  const cited = new Set<string>();
  for (const r of input.rules) {
    for (const standard of Object.keys(STANDARDS) as Standard[]) {
      for (const id of STANDARDS[standard].ids(r)) {
        cited.add(id);
        const inOther = input.checks[standard === "checkov" ? "fsbp" : "checkov"].some((c) => c.id === id);
        if (inOther) problems.push(`${r.id} cites ${id} as ${STANDARDS[standard].name}, but it belongs to the other standard`);
        else if (!catalogued.has(id) && input.citedOutside[id] === undefined) problems.push(`${r.id} cites ${id}, which is in no catalogue and not explained in CITED_OUTSIDE_CATALOGUE`);
      }
    }
  }
  for (const id of Object.keys(input.citedOutside)) {
    if (catalogued.has(id)) problems.push(`${id} is in a catalogue; remove it from CITED_OUTSIDE_CATALOGUE`);
    else if (!cited.has(id)) problems.push(`${id} is explained in CITED_OUTSIDE_CATALOGUE but no rule cites it`);
  }
  return problems;
}

/** The project's own input: the registry, both catalogues and the reasons. */
export function projectCoverageInput(rules: readonly Rule[]): CoverageInput {
  return { rules, checks: { checkov: CHECKOV_CHECKS, fsbp: FSBP_CONTROLS }, notApplicable: NOT_APPLICABLE, citedOutside: CITED_OUTSIDE_CATALOGUE };
}
