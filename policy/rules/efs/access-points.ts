import type { ResourceRule, Violation } from "../../types";
import { block, num, str, UNKNOWN } from "../../values";

export const efsAccessPoints: ResourceRule = {
  id: "EFS-02",
  checkov: ["CKV_AWS_329", "CKV_AWS_330"],
  fsbp: ["EFS.3", "EFS.4"],
  level: "error",
  message: "EFS access points must pin a root directory other than / and a POSIX user (uid and gid)",
  rationale:
    "An access point is how a client is confined: its root directory is all the client sees, and its POSIX user is who the client is on the file system, whatever the container claims. At / a client sees every other client's files; without a user it acts as any uid, root included. CKV_AWS_330 asks for the gid only; the uid is required too.",
  fix: "Give the access point root_directory { path = \"/<use>\" } and posix_user { uid, gid } (FileSystem does, from fileSystem.accessPoints).",
  resourceTypes: ["aws_efs_access_point"],
  check(ap) {
    const out: Violation[] = [];
    const root = block(ap.values.root_directory);
    const path = str(root?.path);
    if (path === UNKNOWN) out.push({ detail: "root_directory.path is only known after apply", unknown: true });
    else if (path === undefined || path.trim() === "") out.push({ detail: "root_directory.path is not set: the client sees the file system's root" });
    else if (path.replace(/\/+$/, "") === "") out.push({ detail: `root_directory.path is "${path}": the client sees the whole file system` });
    const user = block(ap.values.posix_user);
    const missing = ["uid", "gid"].filter((k) => user?.[k] === undefined || user[k] === null || user[k] === "");
    if (!user) out.push({ detail: "no posix_user: the client acts as whatever uid and gid it claims" });
    else if (missing.length > 0) out.push({ detail: `posix_user has no ${missing.join(" and ")}` });
    else {
      // Root through the access point is what the access point is there to prevent.
      const rootIds = ["uid", "gid"].filter((k) => num(user[k]) === 0);
      if (rootIds.length > 0) out.push({ detail: `posix_user has ${rootIds.map((k) => `${k} 0`).join(" and ")} (root)` });
    }
    return out;
  },
};
