/**
 * The S3 front of the loopback emulators: conditional PutObject (`If-None-Match: *`,
 * what Terraform's use_lockfile relies on), which s3rver alone ignores, and
 * unchanged pass-through of everything else.
 */
import { randomBytes } from "node:crypto";
import { startEmulators, type Emulators } from "./support/aws-emulators";

describe("S3 emulator: conditional writes on loopback", () => {
  let emu: Emulators;
  const bucket = "conditional-writes";
  const put = (base: string, key: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${base}/${bucket}/${key}`, { method: "PUT", body, headers });
  const get = async (key: string) => {
    const res = await fetch(`${emu.s3}/${bucket}/${key}`);
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    emu = await startEmulators({ buckets: [bucket], accountId: "111111111111" });
  });

  afterAll(async () => {
    await emu?.stop();
  });

  it("a second If-None-Match: * PUT of the same key gets 412 PreconditionFailed; an unconditional PUT still succeeds", async () => {
    const first = await put(emu.s3, "state/dev.tfstate.tflock", "first", { "If-None-Match": "*" });
    expect(first.status).toBe(200);
    await first.arrayBuffer();

    const second = await put(emu.s3, "state/dev.tfstate.tflock", "second", { "If-None-Match": "*" });
    expect(second.status).toBe(412);
    const error = await second.text();
    expect(error).toContain("<Code>PreconditionFailed</Code>");
    expect(error).toContain("<Message>At least one of the pre-conditions you specified did not hold</Message>");
    expect(error).toContain("<Condition>If-None-Match</Condition>");
    expect((await get("state/dev.tfstate.tflock")).body.toString()).toBe("first");

    const unconditional = await put(emu.s3, "state/dev.tfstate.tflock", "third");
    expect(unconditional.status).toBe(200);
    await unconditional.arrayBuffer();
    expect((await get("state/dev.tfstate.tflock")).body.toString()).toBe("third");

    expect(emu.conditionalWrites.filter((w) => w.key === "state/dev.tfstate.tflock")).toEqual([
      { bucket, key: "state/dev.tfstate.tflock", ifNoneMatch: "*", status: 200 },
      { bucket, key: "state/dev.tfstate.tflock", ifNoneMatch: "*", status: 412 },
    ]);
  });

  it("of racing conditional writers of one key exactly one wins (s3rver alone lets all of them win)", async () => {
    const race = async (base: string, key: string) => {
      const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => put(base, key, `writer ${i}`, { "If-None-Match": "*" })));
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      return responses.map((r) => r.status).sort();
    };
    expect(await race(emu.s3, "race.tflock")).toEqual([200, 412, 412, 412, 412, 412]);
    // Why the front exists: s3rver itself ignores the condition.
    expect(await race(emu.s3rver, "race-direct.tflock")).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("a conditional PUT of a key that does not exist yet is written; a deleted key can be taken again", async () => {
    const put1 = await put(emu.s3, "again.tflock", "one", { "If-None-Match": "*" });
    expect(put1.status).toBe(200);
    await put1.arrayBuffer();
    const del = await fetch(`${emu.s3}/${bucket}/again.tflock`, { method: "DELETE" });
    expect(del.status).toBe(204);
    const put2 = await put(emu.s3, "again.tflock", "two", { "If-None-Match": "*" });
    expect(put2.status).toBe(200);
    await put2.arrayBuffer();
    expect((await get("again.tflock")).body.toString()).toBe("two");
  });

  it("passes other requests through unchanged: streamed bodies byte for byte, headers, query and errors", async () => {
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    const res = await put(emu.s3, "dir/blob.bin", payload, { "Content-Type": "application/x-test", "x-amz-meta-purpose": "pass-through" });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const back = await get("dir/blob.bin");
    expect(back.status).toBe(200);
    expect(back.body.equals(payload)).toBe(true);
    expect(back.headers.get("content-type")).toBe("application/x-test");
    expect(back.headers.get("x-amz-meta-purpose")).toBe("pass-through");

    const list = await fetch(`${emu.s3}/${bucket}?list-type=2&prefix=dir/`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("<Key>dir/blob.bin</Key>");

    const missing = await fetch(`${emu.s3}/${bucket}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<Code>NoSuchKey</Code>");
  });
});
