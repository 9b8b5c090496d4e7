/**
 * A loopback stand-in for the AWS APIs the Terraform state backend and the
 * provider's credential check use: S3 (s3rver behind a small proxy that adds the
 * conditional writes s3rver lacks), DynamoDB (dynalite) and a minimal STS
 * answering GetCallerIdentity with the configured account. Nothing here ever
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
  /** The S3 endpoint to use: the conditional-write proxy in front of s3rver. */
  readonly s3: string;
  /** s3rver itself, without conditional writes (for tests of the proxy). */
  readonly s3rver: string;
  /** Every PutObject carrying `If-None-Match` the S3 endpoint answered, in order. */
  readonly conditionalWrites: readonly ConditionalWrite[];
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
  const s3Front = await startConditionalS3Proxy(`http://127.0.0.1:${s3Address.port}`);

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
    s3: s3Front.url,
    s3rver: `http://127.0.0.1:${s3Address.port}`,
    conditionalWrites: s3Front.conditionalWrites,
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
      await s3Front.stop();
      await s3.close();
      await new Promise((resolve) => dyn.close(resolve));
      await sts.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ConditionalWrite {
  readonly bucket: string;
  readonly key: string;
  /** The `If-None-Match` header as received (only `*` is evaluated). */
  readonly ifNoneMatch: string;
  /** 412 when the object existed and the write was refused; otherwise s3rver's status for the forwarded PUT. */
  readonly status: number;
}

export interface ConditionalS3Proxy {
  readonly url: string;
  readonly conditionalWrites: ConditionalWrite[];
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of s3rver that implements S3's conditional PutObject
 * (`If-None-Match: *`: write only if the key does not exist, else 412
 * PreconditionFailed), which s3rver ignores and Terraform's `use_lockfile`
 * relies on. Conditional PUTs of one key are serialized (existence check and
 * write as one step), so of two racing writers exactly one wins. Every other
 * request passes through unchanged: method, path, query, raw headers (Host
 * included, it is part of the SigV4 signature) and streamed bodies both ways.
 * Path-style addressing only (`/bucket/key`). Set S3_PROXY_LOG=1 to print each
 * request's method, URL and headers to stderr.
 */
export async function startConditionalS3Proxy(upstream: string): Promise<ConditionalS3Proxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const conditionalWrites: ConditionalWrite[] = [];
  const keyQueues = new Map<string, Promise<void>>();
  const log = process.env.S3_PROXY_LOG === "1";

  const forward = (req: http.IncomingMessage, res: http.ServerResponse): Promise<number> =>
    new Promise((resolve) => {
      const upstreamReq = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.rawHeaders, agent, setHost: false },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.rawHeaders);
          upstreamRes.pipe(res);
          upstreamRes.on("end", () => resolve(upstreamRes.statusCode ?? 502));
          upstreamRes.on("error", () => (res.destroy(), resolve(502)));
        },
      );
      upstreamReq.on("error", (err) => {
        if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" }).end(`s3 proxy: ${err.message}`);
        else res.destroy();
        resolve(502);
      });
      // A client that goes away mid-request must not leave the upstream request (and a key's queue) hanging.
      res.on("close", () => res.writableFinished || upstreamReq.destroy());
      req.pipe(upstreamReq);
    });

  /** Status of an anonymous HEAD of `pathname` on s3rver (s3rver serves unsigned requests). */
  const head = (pathname: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const r = http.request({ host: target.hostname, port: target.port, method: "HEAD", path: pathname, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      r.on("error", reject);
      r.end();
    });

  /** Run `task` after every earlier task for `key` has finished. */
  const serialized = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = keyQueues.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    keyQueues.set(key, tail);
    void tail.then(() => keyQueues.get(key) === tail && keyQueues.delete(key));
    return result;
  };

  const preconditionFailed = (res: http.ServerResponse, key: string) => {
    const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>` +
      `<Message>At least one of the pre-conditions you specified did not hold</Message>` +
      `<Condition>If-None-Match</Condition><Key>${xml(key)}</Key><RequestId>S3PROXY412</RequestId><HostId>s3-proxy</HostId></Error>`;
    res.writeHead(412, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) }).end(body);
  };

  const server = http.createServer((req, res) => {
    if (log) process.stderr.write(`[s3-proxy] ${req.method} ${req.url} ${JSON.stringify(req.headers)}\n`);
    const ifNoneMatch = req.headers["if-none-match"];
    if (req.method !== "PUT" || ifNoneMatch === undefined) {
      void forward(req, res);
      return;
    }
    const url = new URL(req.url ?? "/", "http://s3.invalid");
    const [bucket = "", ...rest] = url.pathname.slice(1).split("/");
    const key = decodeURIComponent(rest.join("/"));
    void serialized(url.pathname, async () => {
      let status: number;
      if (ifNoneMatch.trim() === "*" && (await head(url.pathname).catch(() => 0)) === 200) {
        // Drain the body, then refuse: the key exists.
        req.resume();
        await new Promise<void>((resolve) => (req.readableEnded ? resolve() : req.on("end", () => resolve()).on("error", () => resolve())));
        preconditionFailed(res, key);
        status = 412;
      } else {
        status = await forward(req, res);
      }
      conditionalWrites.push({ bucket, key, ifNoneMatch, status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    conditionalWrites,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => (agent.destroy(), resolve()));
        server.closeAllConnections();
      }),
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
