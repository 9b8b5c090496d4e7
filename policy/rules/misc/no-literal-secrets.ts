import type { StackRule, Violation } from "../../types";
import { isInterpolated } from "../../values";
import { secretIn } from "../../../config/secret-values";

/** Attributes that hold secret material wherever they appear. */
const SECRET_ATTRIBUTES = new Set(["password", "master_password", "auth_token", "secret_string", "secret_binary", "access_key", "secret_key", "token", "private_key", "client_secret"]);

export const noLiteralSecrets: StackRule = {
  id: "SEC-01",
  checkov: ["CKV_AWS_41", "CKV_AWS_45", "CKV_AWS_46", "CKV_SECRET_2"],
  fsbp: [],
  level: "error",
  message: "Secrets must never appear as literal values in the synthesized Terraform",
  rationale: "Synthesized JSON is committed, reviewed in pull requests and handed to ops; a literal secret there is leaked.",
  fix: "Create the secret in Secrets Manager and let the operator put the value; reference it by ARN.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    const walk = (value: unknown, path: string, address: string) => {
      if (typeof value === "string") {
        const attr = path.split(".").pop() ?? "";
        if (SECRET_ATTRIBUTES.has(attr) && value !== "" && !isInterpolated(value)) out.push({ address, detail: `${path} is a literal value` });
        const what = secretIn(value);
        if (what) out.push({ address, detail: `${path} contains ${what}` });
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, address));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "//") walk(v, path ? `${path}.${k}` : k, address);
    };
    for (const r of [...stack.resources, ...stack.dataSources]) walk(r.values, "", r.address);
    const { resource: _r, data: _d, ...rest } = stack.json;
    for (const [section, value] of Object.entries(rest)) if (section !== "//") walk(value, section, section);
    return out;
  },
};
