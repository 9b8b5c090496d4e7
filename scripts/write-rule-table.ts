/** npm run docs:rules — regenerate the rule table in README.md. */
import * as fs from "node:fs";
import { replaceRuleTable } from "./rule-table";

fs.writeFileSync("README.md", replaceRuleTable(fs.readFileSync("README.md", "utf8")));
process.stdout.write("updated the rule table in README.md\n");
