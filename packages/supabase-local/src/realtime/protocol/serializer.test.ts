// The frame encodings, pinned against realtime-js's own serializer (what the client sends and
// what it can read back).
import ClientSerializer from "@supabase/realtime-js/dist/module/lib/serializer.js";
import { describe, expect, it } from "vitest";
import { decodeFrame, encodeMessage, encodeRaw, encodeUserBroadcast, parseVsn, type IncomingFrame } from "./serializer";

const client = new ClientSerializer();

/** What realtime-js puts on the wire for a message. */
function clientEncode(message: {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}): string | Buffer {
  let out: string | ArrayBuffer = "";
  client.encode(message, (result: string | ArrayBuffer) => (out = result));
  return typeof out === "string" ? out : Buffer.from(out);
}

/** What realtime-js makes of a frame it receives. */
function clientDecode(frame: string | Buffer): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  const raw = typeof frame === "string" ? frame : frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
  client.decode(raw as ArrayBuffer | string, (msg: Record<string, unknown>) => (out = msg));
  return out;
}

function decoded(frame: string | Buffer): IncomingFrame {
  const result = decodeFrame("2.0.0", Buffer.isBuffer(frame) ? frame : Buffer.from(frame), Buffer.isBuffer(frame));
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

describe("serializer 2.0.0, text frames", () => {
  it("a client heartbeat decodes as a phoenix message with its ref", () => {
    const frame = clientEncode({ join_ref: null, ref: "7", topic: "phoenix", event: "heartbeat", payload: {} });
    expect(frame).toBe('[null,"7","phoenix","heartbeat",{}]');
    expect(decoded(frame)).toEqual({
      kind: "message",
      message: { joinRef: null, ref: "7", topic: "phoenix", event: "heartbeat", payload: {} },
    });
  });

  it("a join decodes with join_ref, ref, topic and the config payload", () => {
    const payload = {
      config: { broadcast: { ack: false, self: false }, postgres_changes: [{ event: "*", schema: "public", table: "t" }] },
      access_token: "jwt",
    };
    const frame = clientEncode({ join_ref: "6", ref: "6", topic: "realtime:room", event: "phx_join", payload });
    expect(decoded(frame)).toEqual({
      kind: "message",
      message: { joinRef: "6", ref: "6", topic: "realtime:room", event: "phx_join", payload },
    });
  });

  it("the heartbeat reply is the array the client matches by ref", () => {
    const frame = encodeMessage("2.0.0", {
      joinRef: null,
      ref: "7",
      topic: "phoenix",
      event: "phx_reply",
      payload: { status: "ok", response: {} },
    });
    expect(frame).toBe('[null,"7","phoenix","phx_reply",{"status":"ok","response":{}}]');
    expect(clientDecode(frame)).toEqual({
      join_ref: null,
      ref: "7",
      topic: "phoenix",
      event: "phx_reply",
      payload: { status: "ok", response: {} },
    });
  });

  it("a pre-encoded payload is embedded as is", () => {
    const frame = encodeRaw("2.0.0", null, null, "realtime:room", "postgres_changes", '{"ids":[1],"data":{"type":"INSERT"}}');
    expect(frame).toBe('[null,null,"realtime:room","postgres_changes",{"ids":[1],"data":{"type":"INSERT"}}]');
  });

  it("garbage is an error value, not an exception", () => {
    expect(decodeFrame("2.0.0", Buffer.from("{not json"), false)).toEqual({ ok: false, error: "frame is not JSON" });
    expect(decodeFrame("2.0.0", Buffer.from('{"topic":"x"}'), false)).toEqual({ ok: false, error: "expected V2 array" });
  });
});

describe("serializer 2.0.0, binary frames", () => {
  it("a broadcast with a JSON payload arrives as a kind 3 frame with its refs, topic, event and payload bytes", () => {
    const frame = clientEncode({
      join_ref: "6",
      ref: "9",
      topic: "realtime:room",
      event: "broadcast",
      payload: { type: "broadcast", event: "cursor", payload: { x: 1, name: "Zoë" } },
    });
    expect(Buffer.isBuffer(frame)).toBe(true);
    const bytes = frame as Buffer;
    expect([...bytes.subarray(0, 7)]).toEqual([3, 1, 1, 13, 6, 0, 1]);
    const result = decoded(bytes);
    expect(result.kind).toBe("user_broadcast_push");
    if (result.kind !== "user_broadcast_push") return;
    expect(result.push).toMatchObject({
      joinRef: "6",
      ref: "9",
      topic: "realtime:room",
      userEvent: "cursor",
      metadata: null,
      encoding: "json",
    });
    expect(JSON.parse(result.push.payload.toString("utf8"))).toEqual({ x: 1, name: "Zoë" });
  });

  it("a broadcast with an ArrayBuffer payload keeps its bytes (encoding 0)", () => {
    const payload = new Uint8Array([0, 255, 7]).buffer;
    const frame = clientEncode({
      join_ref: "1",
      ref: "2",
      topic: "realtime:room",
      event: "broadcast",
      payload: { type: "broadcast", event: "blob", payload },
    }) as Buffer;
    const result = decoded(frame);
    if (result.kind !== "user_broadcast_push") throw new Error("expected a user broadcast push");
    expect(result.push.encoding).toBe("binary");
    expect([...result.push.payload]).toEqual([0, 255, 7]);
  });

  it("allowed metadata (persist) is decoded as JSON", () => {
    const frame = clientEncode({
      join_ref: "1",
      ref: "2",
      topic: "realtime:room",
      event: "broadcast",
      payload: { type: "broadcast", event: "e", payload: {}, persist: true },
    }) as Buffer;
    const result = decoded(frame);
    if (result.kind !== "user_broadcast_push") throw new Error("expected a user broadcast push");
    expect(result.push.metadata).toEqual({ persist: true });
  });

  it("the server's kind 4 frame decodes in the client as a broadcast", () => {
    const frame = encodeUserBroadcast("realtime:room", "cursor", null, "json", Buffer.from('{"x":1}'));
    expect([...frame.subarray(0, 5)]).toEqual([4, 13, 6, 0, 1]);
    expect(clientDecode(frame)).toEqual({
      join_ref: null,
      ref: null,
      topic: "realtime:room",
      event: "broadcast",
      payload: { type: "broadcast", event: "cursor", payload: { x: 1 } },
    });
  });

  it("a kind 4 frame with raw bytes decodes in the client as an ArrayBuffer", () => {
    const decodedByClient = clientDecode(encodeUserBroadcast("realtime:room", "blob", null, "binary", Buffer.from([1, 2, 3])));
    const payload = (decodedByClient.payload as { payload: ArrayBuffer }).payload;
    expect([...new Uint8Array(payload)]).toEqual([1, 2, 3]);
  });

  it("truncated and unknown binary frames are rejected", () => {
    expect(decodeFrame("2.0.0", Buffer.from([3, 5, 0, 0, 0, 0, 1, 65]), true)).toEqual({ ok: false, error: "truncated binary frame" });
    expect(decodeFrame("2.0.0", Buffer.from([9, 0, 0, 0, 0, 0, 0]), true)).toEqual({ ok: false, error: "unsupported binary frame" });
    expect(decodeFrame("1.0.0", Buffer.from([3, 0, 0, 0, 0, 0, 1]), true)).toEqual({
      ok: false,
      error: "binary frames need serializer 2.0.0",
    });
  });
});

describe("serializer 1.0.0", () => {
  it("client messages are JSON objects", () => {
    const frame = JSON.stringify({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "3", join_ref: null });
    expect(decodeFrame("1.0.0", Buffer.from(frame), false)).toEqual({
      ok: true,
      frame: { kind: "message", message: { joinRef: null, ref: "3", topic: "phoenix", event: "heartbeat", payload: {} } },
    });
  });

  it("server messages are objects with topic, event, payload and ref (no join_ref)", () => {
    const frame = encodeMessage("1.0.0", {
      joinRef: "1",
      ref: "3",
      topic: "phoenix",
      event: "phx_reply",
      payload: { status: "ok", response: {} },
    });
    expect(JSON.parse(frame)).toEqual({ topic: "phoenix", event: "phx_reply", payload: { status: "ok", response: {} }, ref: "3" });
  });

  it("an array is not a 1.0.0 message", () => {
    expect(decodeFrame("1.0.0", Buffer.from('[null,null,"t","e",{}]'), false).ok).toBe(false);
  });
});

describe("serializer version", () => {
  it("a missing vsn means 1.0.0, unknown versions are refused", () => {
    expect(parseVsn(null)).toBe("1.0.0");
    expect(parseVsn("2.0.0")).toBe("2.0.0");
    expect(parseVsn("3.0.0")).toBeUndefined();
  });
});
