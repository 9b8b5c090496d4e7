/**
 * The container of an AWS Batch job definition: `container_properties`, a JSON
 * string (values inside may hold `${…}` interpolations and it is still JSON).
 * An expression for the whole document (`${jsonencode(…)}`) or anything that
 * does not parse to an object cannot be read: reported as unknown, never
 * assumed compliant.
 */
import type { Resource } from "../../model";
import type { Violation } from "../../types";

export type BatchContainer = Record<string, unknown>;

/** The parsed container, or the finding that says why it cannot be read. */
export function containerProperties(job: Resource): { readonly container: BatchContainer } | { readonly unreadable: Violation } {
  const raw = job.values.container_properties;
  if (raw === undefined || raw === null) return { unreadable: { detail: "no container_properties (containers in ecs_properties, eks_properties or node_properties are not checked)", unknown: true } };
  if (typeof raw !== "string" || raw.trimStart().startsWith("${")) return { unreadable: { detail: "container_properties is only known after apply", unknown: true } };
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { container: parsed as BatchContainer };
  } catch {
    // not JSON: below
  }
  return { unreadable: { detail: "container_properties is not a JSON object and cannot be checked", unknown: true } };
}

/** Runs `check` on the job's container; a container that cannot be read is reported, never compliant. */
export function checkContainer(job: Resource, check: (c: BatchContainer) => Violation | Violation[] | undefined): Violation | Violation[] | undefined {
  const read = containerProperties(job);
  return "unreadable" in read ? read.unreadable : check(read.container);
}
