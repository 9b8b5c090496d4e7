/**
 * DynamoDB table for Terraform state locking: partition key LockID, on-demand
 * billing, point-in-time recovery, server-side encryption, deletion protection.
 */
import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";

export interface StateLockTableProps {
  readonly tableName: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** KMS key for encryption. @default - AWS owned key */
  readonly kmsKeyArn?: string;
}

export class StateLockTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateLockTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, ...(props.kmsKeyArn ? { kmsKeyArn: props.kmsKeyArn } : {}) },
      deletionProtectionEnabled: props.deletionProtection ?? true,
    });
  }
}
