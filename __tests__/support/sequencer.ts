/**
 * Runs the long Terraform-heavy files first. With two workers and no duration
 * cache (a fresh clone, CI), vitest would start them by file size, and the
 * smallest files are the loopback backend suites: started last, they left one
 * worker busy for minutes after the other ran dry. Longest first packs the two.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Longest first, as measured (npm test prints each file's time). */
const LONGEST_FIRST = ["state-backend-b", "state-backend-c", "terraform-test", "operator-backend", "services-replacement-plan", "state-backend-a", "images-build", "config-fuzz", "operator-deploy", "cdktf-cli", "literal", "frontend-publish"];

const rank = (spec: TestSpecification) => {
  const i = LONGEST_FIRST.findIndex((name) => spec.moduleId.endsWith(`/${name}.test.ts`));
  return i < 0 ? LONGEST_FIRST.length : i;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}
