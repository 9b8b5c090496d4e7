/**
 * `terraform validate` against the real hashicorp/aws provider schema, for every
 * stack of every shipped environment (folders synthesized and initialised once
 * by the global setup).
 */
import { ALL_STACKS, sharedStackDir, shippedEnvironments } from "./support/synth";
import { terraform } from "./support/terraform";
import { tfEnv } from "./support/tf-env";

interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
}

const DYNAMODB_DEPRECATION = /dynamodb_table.*deprecated|deprecated.*dynamodb_table/is;

const cases = shippedEnvironments().flatMap((c) => ALL_STACKS.map((stack) => ({ env: c.environment, stack, locking: c.stateBackend.locking })));

describe.concurrent("terraform validate", () => {
  it.each(cases)("$env/$stack is valid, with no warnings but the dynamodb_table deprecation where that locking is chosen", async ({ env, stack, locking }) => {
    const r = await terraform(sharedStackDir(env, stack), ["validate", "-json", "-no-tests"], tfEnv);
    const result = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
    const warnings = result.diagnostics.filter((d) => d.severity === "warning");
    const unexpected = warnings.filter((w) => !(locking !== "lockfile" && DYNAMODB_DEPRECATION.test(`${w.summary} ${w.detail}`)));
    expect(unexpected).toEqual([]);
  });
});
