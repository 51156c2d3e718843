// Phoenix frames as Supabase Realtime reads and writes them, for both serializer versions the
// client may ask for with `?vsn=`:
//   1.0.0  text frames holding a JSON object {join_ref?, ref, topic, event, payload}; the server
//          writes {topic, event, payload, ref} (Phoenix.Socket.V1.JSONSerializer)
//   2.0.0  text frames holding a JSON array [join_ref, ref, topic, event, payload], plus binary
//          frames (RealtimeWeb.Socket.V2Serializer):
//            kind 3 "user broadcast push" (client → server): u8 kind, u8 sizes of join_ref, ref,
//              topic, user event and metadata, u8 payload encoding (0 binary, 1 JSON), the five
//              strings, then the payload bytes
//            kind 4 "user broadcast" (server → client): u8 kind, u8 sizes of topic, user event and
//              metadata, u8 payload encoding, the three strings, then the payload bytes
// Nothing else in the service knows these layouts.

export type Vsn = "1.0.0" | "2.0.0";
export const SUPPORTED_VSN: readonly Vsn[] = ["1.0.0", "2.0.0"];

export interface PhoenixMessage<P = unknown> {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: P;
}

/** A kind 3 frame: a client broadcast whose payload travels as raw bytes. */
export interface UserBroadcastPush {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  userEvent: string;
  metadata: Record<string, unknown> | null;
  encoding: "json" | "binary";
  payload: Buffer;
}

export type IncomingFrame = { kind: "message"; message: PhoenixMessage } | { kind: "user_broadcast_push"; push: UserBroadcastPush };

export type DecodeResult = { ok: true; frame: IncomingFrame } | { ok: false; error: string };

/** What goes on the wire: text frames as strings, binary frames as buffers. */
export type OutgoingFrame = string | Buffer;

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;

const nullableString = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function decodeText(vsn: Vsn, text: string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: "frame is not JSON" };
  }
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length < 5) return { ok: false, error: "expected V2 array" };
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== "string" || typeof event !== "string") return { ok: false, error: "expected V2 array" };
    return {
      ok: true,
      frame: { kind: "message", message: { joinRef: nullableString(joinRef), ref: nullableString(ref), topic, event, payload } },
    };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { ok: false, error: "V1 JSON Serializer expected a map" };
  const map = parsed as Record<string, unknown>;
  if (typeof map.topic !== "string" || typeof map.event !== "string" || !("payload" in map) || !("ref" in map)) {
    return { ok: false, error: "V1 message needs topic, event, payload and ref" };
  }
  return {
    ok: true,
    frame: {
      kind: "message",
      message: {
        joinRef: nullableString(map.join_ref),
        ref: nullableString(map.ref),
        topic: map.topic,
        event: map.event,
        payload: map.payload,
      },
    },
  };
}

function decodeBinary(data: Buffer): DecodeResult {
  if (data.length < 7 || data[0] !== KIND_USER_BROADCAST_PUSH) return { ok: false, error: "unsupported binary frame" };
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!];
  const encoding = data[6]!;
  let offset = 7;
  const strings: string[] = [];
  for (const size of sizes) {
    if (offset + size > data.length) return { ok: false, error: "truncated binary frame" };
    strings.push(data.toString("utf8", offset, offset + size));
    offset += size;
  }
  const [joinRef, ref, topic, userEvent, metadataText] = strings as [string, string, string, string, string];
  let metadata: Record<string, unknown> | null = null;
  if (metadataText.length > 0) {
    try {
      const parsed: unknown = JSON.parse(metadataText);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) metadata = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, error: "binary frame metadata is not JSON" };
    }
  }
  return {
    ok: true,
    frame: {
      kind: "user_broadcast_push",
      push: {
        joinRef: joinRef === "" ? null : joinRef,
        ref: ref === "" ? null : ref,
        topic,
        userEvent,
        metadata,
        encoding: encoding === ENCODING_BINARY ? "binary" : "json",
        payload: data.subarray(offset),
      },
    },
  };
}

/** Decodes one websocket frame from a client speaking `vsn`. */
export function decodeFrame(vsn: Vsn, data: Buffer, isBinary: boolean): DecodeResult {
  if (!isBinary) return decodeText(vsn, data.toString("utf8"));
  if (vsn !== "2.0.0") return { ok: false, error: "binary frames need serializer 2.0.0" };
  return decodeBinary(data);
}

/**
 * Encodes a message whose payload is already JSON text (so a change payload is serialized once
 * and reused for every subscriber).
 */
export function encodeRaw(vsn: Vsn, joinRef: string | null, ref: string | null, topic: string, event: string, payloadJson: string): string {
  if (vsn === "2.0.0") {
    return `[${JSON.stringify(joinRef)},${JSON.stringify(ref)},${JSON.stringify(topic)},${JSON.stringify(event)},${payloadJson}]`;
  }
  return `{"topic":${JSON.stringify(topic)},"event":${JSON.stringify(event)},"payload":${payloadJson},"ref":${JSON.stringify(ref)}}`;
}

export function encodeMessage(vsn: Vsn, message: PhoenixMessage): string {
  return encodeRaw(vsn, message.joinRef, message.ref, message.topic, message.event, JSON.stringify(message.payload ?? {}));
}

/** A kind 4 frame (server → 2.0.0 client) carrying a broadcast whose payload is raw bytes. */
export function encodeUserBroadcast(
  topic: string,
  userEvent: string,
  metadata: Record<string, unknown> | null,
  encoding: "json" | "binary",
  payload: Buffer,
): Buffer {
  const topicBytes = Buffer.from(topic, "utf8");
  const eventBytes = Buffer.from(userEvent, "utf8");
  const metadataBytes = metadata ? Buffer.from(JSON.stringify(metadata), "utf8") : Buffer.alloc(0);
  for (const [name, bytes] of [
    ["topic", topicBytes],
    ["user event", eventBytes],
    ["metadata", metadataBytes],
  ] as const) {
    if (bytes.length > 255) throw new Error(`${name} must be at most 255 bytes, is ${bytes.length}`);
  }
  const header = Buffer.from([
    KIND_USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metadataBytes.length,
    encoding === "json" ? ENCODING_JSON : ENCODING_BINARY,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, metadataBytes, payload]);
}

/** The `vsn` query parameter; Phoenix treats a missing one as 1.0.0. */
export function parseVsn(value: string | null): Vsn | undefined {
  if (value === null || value === "") return "1.0.0";
  return (SUPPORTED_VSN as readonly string[]).includes(value) ? (value as Vsn) : undefined;
}
