// Server-action requests Next.js would answer with a bare 500, recognised in proxy.ts first so
// they get a 4xx and a sentence instead: a body over Next's 1 MB limit, a post from another site
// (Next's own CSRF check throws), and arguments React's decodeReply cannot read (encoded-reply.ts:
// not JSON, not a list, or references to parts the body does not have, like "$Q0").
import { isDecodableReply, type EncodedReply } from "./encoded-reply";

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

export const UNREADABLE = "That request could not be read.";

const isMultipart = (request: Request) => (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** The encoded arguments: the whole body as text, or a multipart body's parts (null when they cannot be read or lack part "0"). */
async function encodedReply(request: Request): Promise<EncodedReply | null> {
  if (!isMultipart(request)) {
    const root = await request.clone().text();
    return { root, multipart: false, part: () => null };
  }
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const root = form?.get("0");
  if (!form || typeof root !== "string") return null;
  return {
    root,
    multipart: true,
    part: (name) => {
      const value = form.get(name);
      return typeof value === "string" ? value : null;
    },
  };
}

/** Why a server-action request is refused before Next.js sees it, or null to let it through. */
export async function refuseServerAction(request: Request): Promise<Refusal | null> {
  if (!isServerAction(request)) return null;
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT) {
    return { status: 413, message: "That request is too large." };
  }
  if (comesFromAnotherSite(request.headers)) return { status: 403, message: "That request came from another site." };
  const reply = await encodedReply(request);
  return reply && isDecodableReply(reply) ? null : { status: 400, message: UNREADABLE };
}
