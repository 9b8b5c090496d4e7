/** The JSON Schema editors use for environment files, generated from the zod schema. */
import { z } from "zod";
import { ProjectConfigSchema } from "../config/schema";

export const JSON_SCHEMA_PATH = "config/schema.json";

export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(ProjectConfigSchema, { io: "input", unrepresentable: "any", target: "draft-7" });
  return `${JSON.stringify({ ...schema, title: "Platform environment configuration" }, null, 2)}\n`;
}
