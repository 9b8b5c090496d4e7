/**
 * A synthesized stack as the rules see it: resources and data sources by type,
 * with their addresses, values and suppressions, plus the backend and the
 * remote-state reads.
 */
import { SUPPRESSION_MIN_REASON, type Suppression } from "./types";
import { refersTo } from "./values";

export interface Resource {
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.artifacts_bucket`, or `data.aws_iam_policy_document.x` */
  readonly address: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly suppressions: readonly Suppression[];
  /** Dotted path of the config the resource was built from (see provenance.ts), if any. */
  readonly configSource?: string;
}

export interface StackJson {
  readonly terraform?: { backend?: Record<string, Record<string, unknown>> };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

/** Where the config path a resource was built from is written in its `//` comment block. */
export const CONFIG_SOURCE_KEY = "config_source";

/** Where suppressions are written into a resource's `//` comment block (ignored by Terraform). */
export const SUPPRESSIONS_KEY = "policy_suppressions";

export class StackModel {
  readonly resources: readonly Resource[];
  readonly dataSources: readonly Resource[];
  private readonly byAddress = new Map<string, Resource>();

  constructor(
    readonly name: string,
    readonly json: StackJson,
  ) {
    this.resources = collect(json.resource, "");
    this.dataSources = collect(json.data, "data.");
    for (const r of [...this.resources, ...this.dataSources]) this.byAddress.set(r.address, r);
  }

  ofType(type: string): Resource[] {
    return (type.startsWith("data.") ? this.dataSources : this.resources).filter((r) => r.type === type.replace(/^data\./, ""));
  }

  get(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  /** Resources of `type` whose attribute `attr` refers to `target` (or equals one of `literals`). */
  referencing(type: string, attr: string, target: Resource, literals: readonly unknown[] = []): Resource[] {
    return this.ofType(type).filter((r) => refersTo(r.values[attr], target.address) || literals.some((l) => l !== undefined && r.values[attr] === l));
  }

  get backend(): { type: string; config: Record<string, unknown> } | undefined {
    const b = this.json.terraform?.backend;
    if (!b) return undefined;
    const [type] = Object.keys(b);
    return { type, config: b[type] };
  }
}

function collect(section: StackJson["resource"], prefix: string): Resource[] {
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries(section ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const { "//": comment, ...values } = body;
      const source = (comment as Record<string, unknown> | undefined)?.[CONFIG_SOURCE_KEY];
      out.push({ type, name, address: `${prefix}${type}.${name}`, values, suppressions: readSuppressions(comment), configSource: typeof source === "string" ? source : undefined });
    }
  }
  return out;
}

function readSuppressions(comment: unknown): Suppression[] {
  const list = (comment as Record<string, unknown> | undefined)?.[SUPPRESSIONS_KEY];
  return Array.isArray(list) ? (list as Suppression[]) : [];
}

export function isValidReason(reason: string): boolean {
  return reason.trim().length >= SUPPRESSION_MIN_REASON;
}
