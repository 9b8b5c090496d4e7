import type { ResourceRule } from "../../types";
import { blocks, num, UNKNOWN } from "../../values";
import { isCustomOrigin, isVpcOrigin, origins } from "./origins";

/** The status codes a single-page app's fallback rewrites: missing objects in S3 answer 403 (or 404 with ListBucket). */
const FALLBACK_CODES = [403, 404];

export const cloudfrontApiErrorResponses: ResourceRule = {
  id: "CF-09",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "CloudFront with a load balancer or other non-S3 origin must not turn 403/404 into a 200 page",
  rationale: "custom_error_response applies to every behavior: an API's 403 and 404 would reach clients as 200 with the HTML page.",
  fix: "Remove custom_error_response; route app paths to the index document with a CloudFront Function on the S3 behavior only (the Cdn construct does).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d) {
    const apis = origins(d).filter((o) => isVpcOrigin(o) || isCustomOrigin(o));
    if (apis.length === 0) return undefined;
    const names = apis.map((o) => `"${String(o.origin_id)}"`).join(", ");
    return blocks(d.values.custom_error_response).flatMap((r) => {
      const from = num(r.error_code);
      const to = num(r.response_code);
      if (from === UNKNOWN || to === UNKNOWN) return [{ detail: `a custom_error_response is only known after apply, next to origin ${names}`, unknown: true }];
      if (from === undefined || !FALLBACK_CODES.includes(from) || to !== 200) return [];
      const page = r.response_page_path === undefined ? "" : ` ${String(r.response_page_path)}`;
      return [{ detail: `custom_error_response turns ${from} into 200${page}, also for origin ${names}` }];
    });
  },
};
