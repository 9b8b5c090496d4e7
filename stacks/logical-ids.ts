/**
 * Readable, stable Terraform addresses. A construct's path below the stack becomes
 * the resource name (`aws_s3_bucket.artifacts`, `aws_s3_bucket_versioning.artifacts`),
 * without cdktf's hash suffix. Children named `Resource` or `Default` take their
 * parent's name, so a construct's main resource reads like hand-written HCL.
 *
 * These names are a public contract: they are state addresses. Renaming a construct
 * id destroys and recreates the resource.
 */
import type { IConstruct } from "constructs";
import { TerraformDataSource, TerraformLocal, TerraformOutput, TerraformResource, type TerraformElement } from "cdktf";

const TRANSPARENT_IDS = new Set(["Resource", "Default"]);

/** The Terraform block kind an element lives in, so one name may serve different types. */
export function elementKind(element: TerraformElement): string {
  if (element instanceof TerraformResource || element instanceof TerraformDataSource) return element.terraformResourceType;
  if (element instanceof TerraformOutput) return "output";
  if (element instanceof TerraformLocal) return "local";
  return element.constructor.name;
}

export function readableLogicalId(stackNode: IConstruct, element: TerraformElement): string {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(stackNode) + 1);
  const parts = below.map((c) => c.node.id).filter((id) => !TRANSPARENT_IDS.has(id));
  const id = parts.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
  if (!/^[A-Za-z_]/.test(id)) throw new Error(`Construct path "${element.node.path}" gives the Terraform name "${id}", which must start with a letter or underscore`);
  return id;
}

/** Fails synth when two elements of one kind would share an address (JSON would silently merge them). */
export class LogicalIdRegistry {
  private readonly seen = new Map<string, string>();

  claim(kind: string, id: string, path: string): void {
    const key = `${kind}.${id}`;
    const previous = this.seen.get(key);
    if (previous !== undefined && previous !== path) {
      throw new Error(`Two constructs map to the Terraform address ${key}: "${previous}" and "${path}". Give one a different construct id.`);
    }
    this.seen.set(key, path);
  }
}
