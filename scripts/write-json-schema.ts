/** npm run config:schema — regenerate config/schema.json from the zod schema. */
import * as fs from "node:fs";
import { JSON_SCHEMA_PATH, renderJsonSchema } from "./json-schema";

fs.writeFileSync(JSON_SCHEMA_PATH, renderJsonSchema());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
