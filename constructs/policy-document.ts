/**
 * An IAM policy document that grows as grants are added, rendered as an
 * `aws_iam_policy_document` data source (computed locally by the provider, no API
 * call, readable in HCL and checkable by the policy rules).
 */
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export interface PolicyStatement {
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Omitted for trust policies. */
  readonly resources?: readonly string[];
  readonly principals?: ReadonlyArray<{ readonly type: string; readonly identifiers: readonly string[] }>;
  readonly conditions?: ReadonlyArray<{ readonly test: string; readonly variable: string; readonly values: readonly string[] }>;
}

export class PolicyDocument extends Construct {
  readonly document: DataAwsIamPolicyDocument;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, initial: readonly PolicyStatement[] = []) {
    super(scope, id);
    this.statements.push(...initial);
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

  /** Add statements; a statement whose sid is already present is merged (actions and resources united). */
  add(...statements: PolicyStatement[]): void {
    for (const s of statements) {
      const existing = this.statements.findIndex((e) => e.sid === s.sid);
      if (existing < 0) {
        this.statements.push(s);
        continue;
      }
      const e = this.statements[existing];
      this.statements[existing] = { ...e, actions: union(e.actions, s.actions), resources: union(e.resources ?? [], s.resources ?? []) };
    }
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function toTerraform(s: PolicyStatement) {
  return {
    sid: s.sid,
    effect: s.effect ?? "Allow",
    actions: [...s.actions].sort(),
    ...(s.resources?.length ? { resources: [...s.resources] } : {}),
    ...(s.principals ? { principals: s.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })) } : {}),
    ...(s.conditions ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
  };
}
