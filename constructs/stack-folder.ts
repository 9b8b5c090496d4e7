/**
 * Paths the synthesized Terraform uses at apply (the site's build output, an
 * image's build context, the bootstrap stack's local state), written relative to
 * the stack's own folder in the app's output folder: Terraform runs in that
 * folder (cdktf, `terraform -chdir=…`, the operator's command), so the output
 * holds no absolute path of the machine that synthesized it and works wherever
 * the project is checked out.
 */
import * as path from "node:path";
import { TerraformStack, type App } from "cdktf";
import type { Construct } from "constructs";

export function fromStackFolder(scope: Construct, absolute: string): string {
  const stack = TerraformStack.of(scope).node.id;
  const stackDir = path.join(path.resolve((scope.node.root as App).outdir), "stacks", stack);
  return path.relative(stackDir, absolute) || ".";
}
