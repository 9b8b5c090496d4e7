/** The rules against the public standards: every applicable checkov check and FSBP control enforced or not applicable with a reason. */
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policy/rules";
import type { Rule } from "../../policy/types";
import { CATALOGUED_TYPES } from "../../policy/standards/catalogued-types";
import { coverage, coverageProblems, projectCoverageInput, type CoverageInput } from "../../policy/standards/coverage";
import { NOT_APPLICABLE } from "../../policy/standards/not-applicable";
import { renderCoverageTable } from "../../scripts/coverage-table";
import { ALL_STACKS, REPO_ROOT, sharedStackDir, shippedEnvironments, type TerraformJson } from "../support/synth";

const project = projectCoverageInput(RULES);

describe("coverage of checkov and Security Hub FSBP", () => {
  it("every catalogued check is enforced by a rule that cites it or not applicable with a reason, never both; every cited id is explained", () => {
    expect(coverageProblems(project)).toEqual([]);
  });

  it("every reason says why in a sentence of its own", () => {
    for (const [id, reason] of Object.entries(NOT_APPLICABLE)) expect(reason.length, id).toBeGreaterThanOrEqual(30);
  });

  it("the customer-key checks of the issue are enforced by KMS-02 in prod, S3-02 no longer claims CKV_AWS_145", () => {
    const by = (id: string) => coverage(project).find((r) => r.check.id === id)?.enforcedBy;
    for (const id of ["CKV_AWS_145", "CKV_AWS_136", "CKV_AWS_149", "CKV_AWS_158", "CKV_AWS_354", "CKV_AWS_119", "CKV_AWS_184", "CKV_AWS_191"]) expect(by(id), id).toContain("KMS-02 (prod)");
    expect(by("CKV_AWS_145")).toEqual(["KMS-02 (prod)"]);
  });

  it("every resource type the shipped environments and examples emit is catalogued", () => {
    const emitted = new Set<string>();
    for (const c of shippedEnvironments()) {
      for (const stack of ALL_STACKS) {
        const json = JSON.parse(fs.readFileSync(path.join(sharedStackDir(c.environment, stack), "cdk.tf.json"), "utf8")) as TerraformJson;
        for (const type of Object.keys(json.resource ?? {})) emitted.add(type);
      }
    }
    const missing = [...emitted].filter((t) => t !== "terraform_data" && !CATALOGUED_TYPES.includes(t));
    expect(missing, "catalogue these types' checkov checks and FSBP controls in policy/standards/, then add them to catalogued-types.ts").toEqual([]);
  });

  it("the README's coverage tables are generated from the catalogues, the reasons and the registry (run npm run docs:rules)", () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).toContain(renderCoverageTable());
  });
});

describe("coverageProblems finds every way the registry and the catalogues disagree", () => {
  const rule = (id: string, checkov: string[], fsbp: string[] = []): Rule => ({ id, checkov, fsbp, level: "error", message: "m", rationale: "r", fix: "f", checkStack: () => [] });
  const check = (id: string) => ({ id, title: `title of ${id}`, resourceTypes: ["aws_s3_bucket"], source: "s" });
  const input = (over: Partial<CoverageInput>): CoverageInput => ({
    rules: [rule("S3-01", ["CKV_AWS_1"], ["S3.1"])],
    checks: { checkov: [check("CKV_AWS_1"), check("CKV_AWS_2")], fsbp: [check("S3.1")] },
    notApplicable: { CKV_AWS_2: "nothing here reads it, for a reason long enough" },
    citedOutside: {},
    ...over,
  });

  it("a consistent input has none", () => {
    expect(coverageProblems(input({}))).toEqual([]);
  });

  it("a check neither enforced nor explained", () => {
    expect(coverageProblems(input({ notApplicable: {} }))).toEqual(["CKV_AWS_2 (title of CKV_AWS_2; aws_s3_bucket): no rule cites it, and policy/standards/not-applicable.ts gives no reason"]);
  });

  it("a check both enforced and explained", () => {
    expect(coverageProblems(input({ notApplicable: { CKV_AWS_1: "x".repeat(30), CKV_AWS_2: "y".repeat(30) } }))).toEqual([
      "CKV_AWS_1 (title of CKV_AWS_1; aws_s3_bucket): enforced by S3-01 and also listed as not applicable",
    ]);
  });

  it("a reason for a check in no catalogue, and a cited id in no catalogue", () => {
    expect(coverageProblems(input({ notApplicable: { CKV_AWS_2: "y".repeat(30), CKV_AWS_9: "z".repeat(30) } }))).toEqual(["CKV_AWS_9 is listed as not applicable but is in no catalogue"]);
    expect(coverageProblems(input({ rules: [rule("S3-01", ["CKV_AWS_1", "CKV_AWS_8"], ["S3.1"])] }))).toEqual([
      "S3-01 cites CKV_AWS_8, which is in no catalogue and not explained in CITED_OUTSIDE_CATALOGUE",
    ]);
    expect(coverageProblems(input({ rules: [rule("S3-01", ["CKV_AWS_1", "CKV_AWS_8"], ["S3.1"])], citedOutside: { CKV_AWS_8: "a check on aws_rds_cluster" } }))).toEqual([]);
  });

  it("an explanation nobody needs, and an id under the wrong standard", () => {
    expect(coverageProblems(input({ citedOutside: { "RDS.7": "a cluster control", CKV_AWS_1: "x" } }))).toEqual([
      "RDS.7 is explained in CITED_OUTSIDE_CATALOGUE but no rule cites it",
      "CKV_AWS_1 is in a catalogue; remove it from CITED_OUTSIDE_CATALOGUE",
    ]);
    expect(coverageProblems(input({ rules: [rule("S3-01", ["CKV_AWS_1", "S3.1"])] }))).toEqual([
      "S3.1 (title of S3.1; aws_s3_bucket): no rule cites it, and policy/standards/not-applicable.ts gives no reason",
      "S3-01 cites S3.1 as checkov, but it belongs to the other standard",
    ]);
  });
});
