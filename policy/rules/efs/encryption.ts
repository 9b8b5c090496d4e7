import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const efsEncryption: ResourceRule = {
  id: "EFS-01",
  checkov: ["CKV_AWS_42"],
  fsbp: ["EFS.1", "EFS.8"],
  level: "error",
  message: "EFS file systems must be encrypted at rest",
  rationale: "An unencrypted file system keeps the application's files (SQLite databases, vector indexes) readable on AWS's disks and in every backup; encryption can only be chosen when the file system is created. With encrypted = true EFS always encrypts with KMS (the customer key when kms_key_id is given, which KMS-02 asks for in prod).",
  fix: "Set encrypted = true (FileSystem does), with kms_key_id = the environment's data key.",
  resourceTypes: ["aws_efs_file_system"],
  check: (fs) => requireTrue(fs, "encrypted"),
};
