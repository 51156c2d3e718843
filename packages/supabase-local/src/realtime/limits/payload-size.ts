// Payload sizes as Realtime measures them: `:erlang.external_size/1` of the payload as Jason
// decoded it (Tenants.validate_payload_size), i.e. the length of its Erlang external term format:
// objects are maps with binary keys, strings binaries, arrays lists, numbers integers or floats,
// true/false/null atoms. A broadcast that arrived as a binary frame is measured as the tuple
// BroadcastHandler gets, {event, encoding, payload, metadata}.

const VERSION = 1;
const BINARY = (bytes: number) => 5 + bytes; // BINARY_EXT: tag, u32 length, bytes
const ATOM = (name: string) => 2 + name.length; // SMALL_ATOM_UTF8_EXT: tag, u8 length, name

function integerSize(value: number): number {
  if (value >= 0 && value <= 255) return 2; // SMALL_INTEGER_EXT
  if (value >= -(2 ** 31) && value < 2 ** 31) return 5; // INTEGER_EXT
  let magnitude = Math.abs(value);
  let digits = 0;
  while (magnitude >= 1) {
    magnitude = Math.floor(magnitude / 256);
    digits++;
  }
  return 3 + digits; // SMALL_BIG_EXT: tag, u8 n, sign, n bytes
}

function termSize(value: unknown): number {
  if (value === null || value === undefined) return ATOM("nil");
  switch (typeof value) {
    case "boolean":
      return ATOM(String(value));
    case "number":
      return Number.isInteger(value) ? integerSize(value) : 9; // NEW_FLOAT_EXT
    case "string":
      return BINARY(Buffer.byteLength(value, "utf8"));
    case "object":
      break;
    default:
      return ATOM("nil");
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 1; // NIL_EXT
    // STRING_EXT: a short list of bytes
    if (value.length <= 0xffff && value.every((item) => Number.isInteger(item) && (item as number) >= 0 && (item as number) <= 255))
      return 3 + value.length;
    return value.reduce<number>((size, item) => size + termSize(item), 5) + 1; // LIST_EXT, elements, NIL_EXT tail
  }
  let size = 5; // MAP_EXT: tag, u32 arity
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    size += BINARY(Buffer.byteLength(key, "utf8")) + termSize(item);
  return size;
}

/** `:erlang.external_size/1` of a JSON value. */
export function externalSize(value: unknown): number {
  return VERSION + termSize(value);
}

/** `:erlang.external_size/1` of a binary. */
export function binarySize(bytes: number): number {
  return VERSION + BINARY(bytes);
}

/** The size of a binary-frame broadcast: {user_event, :json | :binary, payload, metadata}. */
export function userBroadcastSize(
  userEvent: string,
  encoding: "json" | "binary",
  payloadBytes: number,
  metadata: Record<string, unknown> | null,
): number {
  return VERSION + 2 + BINARY(Buffer.byteLength(userEvent, "utf8")) + ATOM(encoding) + BINARY(payloadBytes) + termSize(metadata);
}
