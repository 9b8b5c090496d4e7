/** npm run docs:rules — regenerate the rule table and the standards coverage tables in README.md. */
import * as fs from "node:fs";
import { replaceCoverageTable } from "./coverage-table";
import { replaceRuleTable } from "./rule-table";

fs.writeFileSync("README.md", replaceCoverageTable(replaceRuleTable(fs.readFileSync("README.md", "utf8"))));
process.stdout.write("updated the rule table and the standards coverage in README.md\n");
