/**
 * A loopback stand-in for the AWS APIs the Terraform state backend and the
 * provider's credential check use: S3 (s3rver), DynamoDB (dynalite) and a minimal
 * STS answering GetCallerIdentity with the configured account. Nothing here ever
 * listens on or talks to anything but 127.0.0.1.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";

// Neither package ships types; their surface used here is tiny.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (opts: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (opts: Record<string, unknown>) => http.Server;

export const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" } as const;

export interface Emulators {
  readonly s3: string;
  readonly dynamodb: string;
  readonly sts: string;
  /** Every request the fake STS answered (proves the provider's account check ran). */
  readonly stsCalls: string[];
  createTable(name: string): Promise<void>;
  /** Raw DynamoDB JSON API call (X-Amz-Target operation). */
  dynamo(operation: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startEmulators(opts: { buckets: readonly string[]; accountId: string }): Promise<Emulators> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  const s3 = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: opts.buckets.map((name) => ({ name })),
  });
  const s3Address = await s3.run();

  const dyn = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dyn.listen(0, "127.0.0.1", resolve));

  const sts = await startFakeSts(opts.accountId);
  const url = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dynamodbUrl = url(dyn);
  const dynamo = async (operation: string, body: unknown) => {
    const res = await fetch(dynamodbUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": `DynamoDB_20120810.${operation}`,
        Authorization: "AWS4-HMAC-SHA256 Credential=S3RVER/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        "X-Amz-Date": "20260101T000000Z",
      },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`DynamoDB ${operation} failed: ${JSON.stringify(json)}`);
    return json;
  };

  return {
    s3: `http://127.0.0.1:${s3Address.port}`,
    dynamodb: dynamodbUrl,
    sts: sts.url,
    stsCalls: sts.calls,
    dynamo,
    async createTable(name: string) {
      await dynamo("CreateTable", {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      });
    },
    async stop() {
      await s3.close();
      await new Promise((resolve) => dyn.close(resolve));
      await sts.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FakeSts {
  readonly url: string;
  readonly calls: string[];
  stop(): Promise<void>;
}

/** STS that answers GetCallerIdentity for `accountId`, so the provider's allowed_account_ids check runs for real. */
export async function startFakeSts(accountId: string): Promise<FakeSts> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      calls.push(body);
      if (!/Action=GetCallerIdentity/.test(body)) {
        res.writeHead(400, { "Content-Type": "text/xml" }).end("<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
        return;
      }
      res.writeHead(200, { "Content-Type": "text/xml" }).end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${accountId}:user/ci</Arn><UserId>AIDACIUSER</UserId><Account>${accountId}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
