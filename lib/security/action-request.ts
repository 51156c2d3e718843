// Server-action requests Next.js would answer with a bare 500, recognised in proxy.ts first so
// they get a 4xx and a sentence instead: a body over Next's 1 MB limit, a post from another site
// (Next's own CSRF check throws), and a body React's decodeReply cannot read (not JSON, not a list
// of arguments, or references to parts a plain-text body does not have, like "$Q0"). The app's
// actions take plain values and FormData only, so a reply may refer to FormData parts ("$K…") and
// to nothing else: an action taking a Map, a Blob or a promise would need this check widened.

export interface Refusal {
  status: number;
  message: string;
}

/** Next.js's serverActions.bodySizeLimit default; no form of the app comes near it. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export function isServerAction(request: Request): boolean {
  return request.method === "POST" && request.headers.has("next-action");
}

/** The host the request was sent to, as Next.js reads it for its origin check (x-forwarded-host, else host). */
function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

/** Next.js's check: an Origin, when sent, must name the host the request came to. */
export function comesFromAnotherSite(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  try {
    return new URL(origin).host !== requestHost(headers);
  } catch {
    return true; // "null" (a sandboxed page, a file) or garbage: not this site
  }
}

/**
 * The string values React's encodeReply writes for plain data, readable without other parts:
 * an escaped "$" ("$$…"), undefined, NaN, ±Infinity, -0, a date ("$D…") and a bigint ("$n…").
 * Any other "$…" refers to a part (a Map, a Set, a FormData, a promise, a server reference, ...)
 * that only a multipart body can carry.
 */
const SELF_CONTAINED = /^\$(?:\$|D|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d+$)/s;

/** A FormData argument: the multipart fields named "<id>_…" (none is an empty FormData). */
const FORM_DATA = /^\$K[0-9a-f]+$/;

/** Whether a decoded reply refers to parts the body does not have (any part, in plain text). */
function refersToMissingParts(root: unknown, multipart: boolean): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (value.startsWith("$") && !SELF_CONTAINED.test(value) && !(multipart && FORM_DATA.test(value))) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (typeof value === "object" && value !== null) {
      pending.push(...Object.values(value));
    }
  }
  return false;
}

export const UNREADABLE = "That request could not be read.";

/**
 * What is wrong with an action's arguments as encoded (the whole body, or a multipart body's part
 * "0"), or null when React can read them: a JSON list whose references the body can resolve.
 */
export function replyProblem(root: string, multipart: boolean): string | null {
  let value: unknown;
  try {
    value = JSON.parse(root);
  } catch {
    return UNREADABLE;
  }
  return Array.isArray(value) && !refersToMissingParts(value, multipart) ? null : UNREADABLE;
}

const isMultipart = (request: Request) => (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** The encoded arguments: the body as text, or the part "0" of a multipart body (null when there is none). */
async function encodedArguments(request: Request): Promise<string | null> {
  if (!isMultipart(request)) return request.clone().text();
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const root = form?.get("0");
  return typeof root === "string" ? root : null;
}

/** Why a server-action request is refused before Next.js sees it, or null to let it through. */
export async function refuseServerAction(request: Request): Promise<Refusal | null> {
  if (!isServerAction(request)) return null;
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT) {
    return { status: 413, message: "That request is too large." };
  }
  if (comesFromAnotherSite(request.headers)) return { status: 403, message: "That request came from another site." };
  const root = await encodedArguments(request);
  const problem = root === null ? UNREADABLE : replyProblem(root, isMultipart(request));
  return problem ? { status: 400, message: problem } : null;
}
