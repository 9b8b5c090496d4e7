/** The container definitions of a task definition, parsed; UNKNOWN for expressions such as jsonencode(). */
import type { Resource } from "../../model";
import { UNKNOWN, type Maybe } from "../../values";

export type Container = Record<string, unknown> & { name?: string };

export function containers(task: Resource): Maybe<Container[]> {
  const raw = task.values.container_definitions;
  if (typeof raw !== "string") return raw === undefined ? undefined : UNKNOWN;
  if (raw.startsWith("${")) return UNKNOWN;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as Container[]) : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

export const unknownContainers = { detail: "container_definitions is only known after apply", unknown: true };
