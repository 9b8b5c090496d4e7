/**
 * Reading Terraform JSON values: references (`${aws_s3_bucket.x.arn}`), values
 * that are only known after apply, booleans and blocks. Anything interpolated that
 * cannot be resolved is UNKNOWN, and rules never treat UNKNOWN as compliant.
 */

export const UNKNOWN = Symbol("unknown");
export type Maybe<T> = T | typeof UNKNOWN | undefined;

export interface Reference {
  /** `aws_s3_bucket.site` or `data.aws_iam_policy_document.x` */
  readonly address: string;
  readonly attribute?: string;
}

const INTERPOLATION = /(?<!\$)\$\{([^}]*)\}/g;
const REF = /(?<![A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

/** Whether a string holds a Terraform interpolation; `$${` is an escaped, literal `${`. */
export function isInterpolated(value: unknown): boolean {
  return typeof value === "string" && /(?<!\$)\$\{/.test(value.replace(/\$\$\{/g, ""));
}

/** Every resource or data-source reference inside a value (deep). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      for (const m of v.matchAll(INTERPOLATION)) {
        for (const r of m[1].matchAll(REF)) {
          if (/^(var|local|module|each|count|self|path|terraform)\./.test(r[1])) continue;
          out.push({ address: r[1], attribute: r[2] });
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/** Whether `value` refers to the resource at `address`. */
export function refersTo(value: unknown, address: string): boolean {
  return referencesIn(value).some((r) => r.address === address);
}

/** A boolean attribute: JSON booleans and "true"/"false" strings; interpolations are UNKNOWN. */
export function bool(value: unknown): Maybe<boolean> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return UNKNOWN;
}

export function num(value: unknown): Maybe<number> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return UNKNOWN;
}

export function str(value: unknown): Maybe<string> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return isInterpolated(value) ? UNKNOWN : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return UNKNOWN;
}

/** A string written out in the configuration (not a reference, not a number), else undefined. */
export function literalString(value: unknown): string | undefined {
  return typeof value === "string" && !isInterpolated(value) ? value : undefined;
}

/** A nested block as a list (cdktf writes single blocks as objects, repeated ones as arrays). */
export function blocks(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((b): b is Record<string, unknown> => typeof b === "object" && b !== null);
  if (typeof value === "object") return [value as Record<string, unknown>];
  return [];
}

export function block(value: unknown): Record<string, unknown> | undefined {
  return blocks(value)[0];
}

/** A list of strings; UNKNOWN when the list itself is an expression. */
export function strings(value: unknown): Maybe<string[]> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return isInterpolated(value) ? UNKNOWN : [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return UNKNOWN;
}
