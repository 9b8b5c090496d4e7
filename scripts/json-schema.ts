/**
 * The JSON Schema editors use for environment files and blueprints, generated
 * from the zod schema. A file that `extends` a base gives only what differs, so
 * its editor must not ask for what the base has: the schema's properties are
 * the whole configuration with nothing required (for completion and checks of
 * each value), and the complete schema, with every required field, applies to a
 * file without `extends`.
 */
import { z } from "zod";
import { EXTENDS_KEY, STAGES_KEY } from "../config/extends";
import { ProjectConfigSchema, STAGES } from "../config/schema";

export const JSON_SCHEMA_PATH = "config/schema.json";

type Json = { [key: string]: unknown };

/**
 * The schema for a file that extends a base: nothing of a map is required (the
 * base may have it) and any of its values may be null (null removes the base's
 * value); unions become anyOf (a partial value may fit several branches). Lists
 * replace the base's whole, so their items keep every requirement, except the
 * services, which merge by name: an entry needs its name only.
 */
function partial(node: unknown, where = ""): unknown {
  if (Array.isArray(node)) return node.map((n) => partial(n, where));
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "required") continue;
    if (k === "items") out.items = where === "services" ? { ...(partial(v, "service") as Json), required: ["name"] } : v;
    else if (k === "properties") {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([name, prop]) => [name, { anyOf: [partial(prop, name), { type: "null" }] }]));
    } else out[k === "oneOf" ? "anyOf" : k] = partial(v, where);
  }
  return out;
}

export function renderJsonSchema(): string {
  const { $schema, ...complete } = z.toJSONSchema(ProjectConfigSchema, { io: "input", unrepresentable: "any", target: "draft-7" }) as Json;
  const loose = partial(complete) as Json;
  // Settings that differ by stage: any top-level setting but the stage itself, by reference (no second copy).
  const settings = Object.keys(loose.properties as Json).filter((k) => k !== "stage");
  const stages = {
    type: "object",
    description: "Settings that differ by stage, merged after this file's own for the environment's stage only (e.g. prod's sizes)",
    additionalProperties: false,
    properties: Object.fromEntries(
      STAGES.map((stage) => [stage, { type: "object", additionalProperties: false, properties: Object.fromEntries(settings.map((k) => [k, { $ref: `#/properties/${k}` }])) }]),
    ),
  };
  const schema = {
    $schema,
    title: "Platform environment configuration",
    ...loose,
    properties: {
      [EXTENDS_KEY]: { type: "string", description: "A blueprint (config/blueprints/<name>.yaml) or a file relative to this one (./base.yaml) that this file changes: maps merge, services merge by name, other lists and values replace, null removes" },
      ...(loose.properties as Json),
      [STAGES_KEY]: stages,
    },
    // Without a base, the file is the whole environment.
    if: { not: { required: [EXTENDS_KEY] } },
    then: { ...complete, properties: { ...(complete.properties as Json), [STAGES_KEY]: { $ref: `#/properties/${STAGES_KEY}` } } },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
