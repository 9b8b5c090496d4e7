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

/** `absolute` as seen from the folder of the stack `scope` is in. */
export function fromStackFolder(scope: Construct, absolute: string): string {
  return relativeToStackFolder(scope.node.root as App, TerraformStack.of(scope).node.id, absolute);
}

/** `absolute` as seen from the folder the app writes stack `stack` into (`<outdir>/stacks/<stack>`). */
export function relativeToStackFolder(app: App, stack: string, absolute: string): string {
  return path.relative(path.join(path.resolve(app.outdir), "stacks", stack), absolute) || ".";
}
