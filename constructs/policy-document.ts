/**
 * An IAM policy document that grows as grants are added, rendered as an
 * `aws_iam_policy_document` data source (computed locally by the provider, no API
 * call, readable in HCL and checkable by the policy rules).
 */
import { DefaultTokenResolver, Lazy, StringConcat, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export interface PolicyStatement {
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Omitted for trust policies. */
  readonly resources?: readonly string[];
  /** Every resource but these (a Deny's exceptions); instead of `resources`. */
  readonly notResources?: readonly string[];
  readonly principals?: ReadonlyArray<{ readonly type: string; readonly identifiers: readonly string[] }>;
  readonly conditions?: ReadonlyArray<{ readonly test: string; readonly variable: string; readonly values: readonly string[] }>;
}

export class PolicyDocument extends Construct {
  readonly document: DataAwsIamPolicyDocument;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, initial: readonly PolicyStatement[] = []) {
    super(scope, id);
    this.add(...initial);
    this.document = new DataAwsIamPolicyDocument(this, "Resource", {
      // Produced at synth, after every grant was added; keys are Terraform's.
      statement: Lazy.anyValue({ produce: () => this.statements.map(toTerraform) }),
    });
  }

  get json(): string {
    return this.document.json;
  }

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  /**
   * Add statements. A statement whose sid is already present is merged into it
   * (actions and resources united) when the two are equal in everything else —
   * effect, principals, conditions and any other field — and the union grants
   * nothing neither statement granted (not `a1` on `r2` when one statement allows
   * `a1` on `r1` and the other `a2` on `r2`). Anything else is a clash: an Error
   * naming the sid, this document's construct path and what differs, never a
   * silent widening (a conditional grant turning unconditional).
   */
  add(...statements: PolicyStatement[]): void {
    for (const s of statements) {
      const existing = this.statements.findIndex((e) => e.sid === s.sid);
      if (existing < 0) {
        this.statements.push(s);
        continue;
      }
      const e = this.statements[existing];
      const resolve = (v: unknown) => this.resolveForComparison(v);
      const differences = mergeBlockers(e, s, resolve);
      if (differences.length > 0) {
        throw new Error(
          `PolicyDocument ${this.node.path}: statement "${s.sid}" is already in the document and cannot be merged with the new one: ${differences.join("; ")}. Give one of them another sid.`,
        );
      }
      this.statements[existing] = { ...e, actions: union(e.actions, s.actions, resolve), resources: union(e.resources ?? [], s.resources ?? [], resolve) };
    }
  }

  /**
   * A value with its tokens resolved to Terraform expressions, so two reads of one
   * attribute (two different tokens) compare equal. Not `preparing`: no cross-stack
   * wiring happens here; unresolvable values compare as they are.
   */
  private resolveForComparison(value: unknown): unknown {
    try {
      return Tokenization.resolve(value, { scope: this, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    } catch {
      return value;
    }
  }
}

type Resolve = (value: unknown) => unknown;

/** Fields merging unites; every other field must be equal. */
const MERGED = new Set(["sid", "actions", "resources"]);

/** Why two statements with one sid cannot become one statement (empty: they can). */
function mergeBlockers(a: PolicyStatement, b: PolicyStatement, resolve: Resolve): string[] {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !MERGED.has(k));
  const problems = fields.flatMap((field) => {
    const [x, y] = [canonical(field, a, resolve), canonical(field, b, resolve)];
    return x === y ? [] : [`different ${field} (${x} vs ${y})`];
  });
  // (A1 ∪ A2) × (R1 ∪ R2) must not hold a pair neither statement allowed.
  const keys = (l: readonly string[]) => l.map((x) => String(resolve(x)));
  const [a1, a2, r1, r2] = [keys(a.actions), keys(b.actions), keys(a.resources ?? []), keys(b.resources ?? [])];
  const widens = (!subset(a1, a2) && !subset(r2, r1)) || (!subset(a2, a1) && !subset(r1, r2));
  if (widens) problems.push(`different actions and resources (${JSON.stringify(sorted(a1))} on ${JSON.stringify(sorted(r1))} vs ${JSON.stringify(sorted(a2))} on ${JSON.stringify(sorted(r2))}), so uniting them would grant each statement's actions on the other's resources`);
  return problems;
}

/** A field's value in a form where semantically equal values are equal strings (defaults applied, order ignored). */
function canonical(field: string, s: PolicyStatement, resolve: Resolve): string {
  const value = resolve((s as unknown as Record<string, unknown>)[field]);
  if (field === "effect") return JSON.stringify(value ?? "Allow");
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return "none";
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : JSON.stringify(x) > JSON.stringify(y) ? 1 : 0));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalize((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function subset(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(b);
  return a.every((x) => set.has(x));
}

function sorted(a: readonly string[]): string[] {
  return [...a].sort();
}

/** `a` followed by the items of `b` not already in it (compared resolved, so one ARN read twice is kept once). */
function union(a: readonly string[], b: readonly string[], resolve: Resolve): string[] {
  const seen = new Set(a.map((x) => String(resolve(x))));
  return [...new Set(a), ...b.filter((x) => {
    const k = String(resolve(x));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  })];
}

function toTerraform(s: PolicyStatement) {
  return {
    sid: s.sid,
    effect: s.effect ?? "Allow",
    actions: [...s.actions].sort(),
    ...(s.resources?.length ? { resources: [...s.resources] } : {}),
    ...(s.notResources?.length ? { not_resources: [...s.notResources] } : {}),
    ...(s.principals ? { principals: s.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })) } : {}),
    ...(s.conditions ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
  };
}
