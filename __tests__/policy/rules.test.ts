import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policy/rules";
import { renderRuleTable } from "../../scripts/rule-table";
import { REPO_ROOT } from "../support/synth";
import { evaluate } from "../../policy/engine";
import { StackModel, type StackJson } from "../../policy/model";
import { RULE_CASES } from "./rule-cases";

const fired = (rule: (typeof RULES)[number], json: StackJson, stage: "dev" | "staging" | "prod") => {
  const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: [rule] });
  return [...report.errors, ...report.warnings].map((f) => f.ruleId);
};

describe("policy rules", () => {
  it("every rule has an id of its own, public ids or none, a rationale and a fix", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z0-9]+-\d{2}$/);
      expect(r.message.length).toBeGreaterThan(10);
      expect(r.rationale.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
      for (const c of r.checkov) expect(c).toMatch(/^CKV2?_(AWS|SECRET)_\d+$/);
      for (const f of r.fsbp) expect(f).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    }
  });

  it("every rule has compliant and non-compliant fixtures", () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const c of Object.values(RULE_CASES)) {
      expect(c.pass.length).toBeGreaterThan(0);
      expect(c.fail.length).toBeGreaterThan(0);
    }
  });

  describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const c = RULE_CASES[id];
    it.each(c.pass.map((json, i) => [i, json] as const))("passes compliant fixture %i", (_i, json) => {
      expect(fired(rule, json, c.stage ?? "prod")).toEqual([]);
    });
    it.each(c.fail.map((json, i) => [i, json] as const))(`fires ${id} on non-compliant fixture %i`, (_i, json) => {
      const ids = fired(rule, json, c.stage ?? "prod");
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids)).toEqual(new Set([id]));
    });
    if (rule.stages) {
      const skipped = (["dev", "staging", "prod"] as const).filter((s) => !rule.stages!.includes(s));
      it.each(skipped)(`does not apply in %s`, (stage) => {
        expect(fired(rule, c.fail[0], stage)).toEqual([]);
      });
    }
  });
});

describe("documentation", () => {
  it("the README's rule table is generated from the registry (run npm run docs:rules)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(renderRuleTable());
  });
});
