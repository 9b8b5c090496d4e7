/** Small building blocks shared by rules: linked resources and tri-state checks. */
import type { Resource, StackModel } from "../model";
import type { Violation } from "../types";
import { bool, num, str, UNKNOWN } from "../values";

/** Resources of `type` attached to a bucket through their `bucket` attribute (reference or literal name). */
export function attachedToBucket(stack: StackModel, type: string, bucket: Resource): Resource[] {
  return stack.referencing(type, "bucket", bucket, [bucket.values.bucket]);
}

/** `attr` must be true; unset counts as `unsetMeans`. */
export function requireTrue(r: Resource, attr: string, unsetMeans = false): Violation | undefined {
  const v = bool(r.values[attr]);
  if (v === UNKNOWN) return { detail: `${attr} is only known after apply`, unknown: true };
  if ((v ?? unsetMeans) === true) return undefined;
  return { detail: v === undefined ? `${attr} is not set (AWS default: ${unsetMeans})` : `${attr} is false` };
}

/** `attr` must not be true; unset counts as `unsetMeans`. */
export function requireFalse(r: Resource, attr: string, unsetMeans = false): Violation | undefined {
  const v = bool(r.values[attr]);
  if (v === UNKNOWN) return { detail: `${attr} is only known after apply`, unknown: true };
  if ((v ?? unsetMeans) === false) return undefined;
  return { detail: v === undefined ? `${attr} is not set (AWS default: ${unsetMeans})` : `${attr} is true` };
}

export function requireAtLeast(r: Resource, attr: string, min: number, unsetMeans: number): Violation | undefined {
  const v = num(r.values[attr]);
  if (v === UNKNOWN) return { detail: `${attr} is only known after apply`, unknown: true };
  const actual = v ?? unsetMeans;
  return actual >= min ? undefined : { detail: `${attr} is ${actual}${v === undefined ? " (AWS default)" : ""}; at least ${min} required` };
}

export function requireOneOf(r: Resource, attr: string, allowed: readonly string[], unsetMeans?: string): Violation | undefined {
  const v = str(r.values[attr]);
  if (v === UNKNOWN) return { detail: `${attr} is only known after apply`, unknown: true };
  const actual = v ?? unsetMeans;
  return actual !== undefined && allowed.includes(actual) ? undefined : { detail: `${attr} is ${actual === undefined ? "not set" : `"${actual}"`}; allowed: ${allowed.join(", ")}` };
}
