import type { StackRule, Violation } from "../../types";
import { bool } from "../../values";

function check(config: Record<string, unknown>, where: string, address: string): Violation[] {
  const out: Violation[] = [];
  if (bool(config.encrypt) !== true) out.push({ address, detail: `${where} does not set encrypt = true` });
  if (config.dynamodb_table === undefined && bool(config.use_lockfile) !== true) out.push({ address, detail: `${where} has no locking (dynamodb_table or use_lockfile)` });
  return out;
}

export const remoteStateEncryptionLocking: StackRule = {
  id: "STATE-01",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Remote state must be encrypted and locked, in the backend and in every remote-state read",
  rationale: "State holds every resource attribute; two concurrent applies without a lock corrupt it.",
  fix: "Use the shared backend settings (stacks/state-backend.ts); choose stateBackend.locking.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    const backend = stack.backend;
    if (backend?.type === "s3") out.push(...check(backend.config, "the s3 backend", "terraform.backend.s3"));
    for (const rs of stack.ofType("data.terraform_remote_state")) {
      if (rs.values.backend === "s3") out.push(...check((rs.values.config as Record<string, unknown>) ?? {}, "the remote-state read", rs.address));
    }
    return out;
  },
};
