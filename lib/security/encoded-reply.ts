// Whether React's decodeReply (the server side of a server action's arguments) can read a body,
// judged before Next.js tries and answers a 500. The arguments are a JSON list (a plain-text body,
// or part "0" of a multipart one) whose strings starting with "$" are React's encodings. Accepted
// are those encodeReply writes for the values the app's actions take: plain JSON, the
// self-contained ones (escaped "$$…", undefined, NaN, ±Infinity, -0, dates, bigints) and, in a
// multipart body, FormData ("$K…"), Maps ("$Q…") and Sets ("$W…") whose parts are there. Anything
// else (promises, streams, blobs, iterators, server or temporary references, typed arrays, a part
// that is missing, not JSON, or refers back to itself) is refused: an action taking such a value
// would need this check widened.

/** The encoded arguments and, for a multipart body, its other parts by name. */
export interface EncodedReply {
  root: string;
  /** A multipart body: FormData, Maps and Sets can only come in one. */
  multipart: boolean;
  /** The text of part `name`, or null when the body has none (a plain-text body has no parts). */
  part(name: string): string | null;
}

/** The encodings that need no other part; a bigint has at most 300 digits (React's limit). */
const SELF_CONTAINED = /^\$(?:\$|D|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d{1,300}$)/s;

/** A FormData argument: the fields named "_<id>_…" (none is an empty FormData). */
const FORM_DATA = /^\$K[0-9a-f]+$/;

/** A Map ("$Q") or a Set ("$W") outlined into part <id> (hexadecimal in the reference, decimal as the part's name). */
const COLLECTION = /^\$([QW])([0-9a-f]{1,8})$/;

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Whether every value in `value` can be decoded; `path` holds the parts being read (a reference back is a cycle). */
function decodable(value: unknown, reply: EncodedReply, path: ReadonlySet<string>): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) pending.push(...item);
    else if (typeof item === "object" && item !== null) pending.push(...Object.values(item));
    else if (typeof item === "string" && item.startsWith("$") && !SELF_CONTAINED.test(item) && !(reply.multipart && FORM_DATA.test(item))) {
      const collection = COLLECTION.exec(item);
      if (!reply.multipart || !collection || !collectionDecodable(collection[1] === "Q", String(parseInt(collection[2]!, 16)), reply, path))
        return false;
    }
  }
  return true;
}

/** A Map's part must list its entries (each a list), a Set's its values; both decodable in turn. */
function collectionDecodable(isMap: boolean, name: string, reply: EncodedReply, path: ReadonlySet<string>): boolean {
  const text = path.has(name) ? null : reply.part(name);
  const parsed = text === null ? null : parse(text);
  if (!parsed?.ok || !Array.isArray(parsed.value)) return false;
  if (isMap && !parsed.value.every(Array.isArray)) return false;
  return decodable(parsed.value, reply, new Set([...path, name]));
}

/** Whether React can decode `reply` into a list of arguments. */
export function isDecodableReply(reply: EncodedReply): boolean {
  const root = parse(reply.root);
  return root.ok && Array.isArray(root.value) && decodable(root.value, reply, new Set(["0"]));
}
