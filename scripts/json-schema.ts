/**
 * The JSON Schema editors use for environment files and blueprints, generated
 * from the zod schema. A file that `extends` a base gives only what differs, so
 * its editor must not ask for what the base has: the schema's properties are
 * the whole configuration with nothing required (for completion and checks of
 * each value), and the complete schema, with every required field, applies to a
 * file without `extends`.
 */
import { z } from "zod";
import { EXTENDS_KEY } from "../config/extends";
import { ProjectConfigSchema } from "../config/schema";

export const JSON_SCHEMA_PATH = "config/schema.json";

type Json = { [key: string]: unknown };

/** The schema with nothing required, and unions as anyOf (a partial value may fit several branches). */
function partial(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(partial);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "required") continue;
    out[k === "oneOf" ? "anyOf" : k] = partial(v);
  }
  return out;
}

export function renderJsonSchema(): string {
  const { $schema, ...complete } = z.toJSONSchema(ProjectConfigSchema, { io: "input", unrepresentable: "any", target: "draft-7" }) as Json;
  const loose = partial(complete) as Json;
  const schema = {
    $schema,
    title: "Platform environment configuration",
    ...loose,
    properties: {
      [EXTENDS_KEY]: { type: "string", description: "A blueprint (config/blueprints/<name>.yaml) or a file relative to this one (./base.yaml) that this file changes: maps merge, services merge by name, other lists and values replace, null removes" },
      ...(loose.properties as Json),
    },
    // Without a base, the file is the whole environment.
    if: { not: { required: [EXTENDS_KEY] } },
    then: complete,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
