/**
 * CloudFront Functions (JavaScript runtime 2.0) that run at the edge on viewer
 * requests, published so the distribution uses their LIVE stage:
 *
 * - SPA routing, on the static site's behaviour only: a path whose last segment
 *   has no file extension is an app route and gets the index document; files
 *   keep their paths, so a missing asset is a real 403/404 and an API behind
 *   another behaviour never turns into HTML.
 * - Forwarded host, on the load balancer's behaviours: CloudFront sends the
 *   origin's name as Host (so HTTPS to the origin matches its certificate); the
 *   viewer's host goes in X-Forwarded-Host, overwriting anything the client sent.
 */
import { Construct } from "constructs";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";

/** Handler source of the SPA routing function for an index document such as `index.html`. */
export function spaRoutingCode(indexDocument: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(indexDocument)) throw new Error(`index document must be a file name: ${JSON.stringify(indexDocument)}`);
  return [
    "function handler(event) {",
    "  var request = event.request;",
    "  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);",
    `  if (last.indexOf('.') === -1) request.uri = '/${indexDocument}';`,
    "  return request;",
    "}",
  ].join("\n");
}

/** Handler source of the forwarded-host function. */
export const FORWARDED_HOST_CODE = [
  "function handler(event) {",
  "  var request = event.request;",
  "  if (request.headers.host) request.headers['x-forwarded-host'] = { value: request.headers.host.value };",
  "  else delete request.headers['x-forwarded-host'];",
  "  return request;",
  "}",
].join("\n");

export interface EdgeFunctionProps {
  /** Function name (at most 64 letters, digits, `-` and `_`). */
  readonly name: string;
  readonly comment: string;
  readonly code: string;
}

export class EdgeFunction extends Construct {
  readonly function: CloudfrontFunction;

  constructor(scope: Construct, id: string, props: EdgeFunctionProps) {
    super(scope, id);
    this.function = new CloudfrontFunction(this, "Resource", {
      name: props.name,
      comment: props.comment,
      runtime: "cloudfront-js-2.0",
      code: props.code,
      publish: true,
    });
  }

  get arn(): string {
    return this.function.arn;
  }
}
