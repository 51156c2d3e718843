// The REST broadcast API, as Realtime's BroadcastController and BroadcastSingleController serve
// it: POST /api/broadcast {messages: [{topic, event, payload, private?, id?}]} and
// POST /api/broadcast/:topic/events/:event (httpSend), both answering 202. The caller's token is
// the Authorization bearer, else the apikey (RealtimeWeb.AuthTenant). Private messages need
// broadcast write permission on their topic under the policies on realtime.messages, checked with
// the token's claims and every request header (one check per topic): the batch endpoint drops
// denied topics silently (still 202, BatchBroadcast), the single one answers 403 Unauthorized
// (SingleBroadcast).
import type { Claims, TokenVerifier } from "../authorization/jwt";
import { emptyPolicies, policyHeaders, type Authorization, type PolicyError } from "../authorization/policies";
import type { TenantLimiter } from "../limits/limiter";
import { LIMIT_MESSAGES, type BroadcastPayload } from "../protocol/messages";
import { topicKey, type TopicRegistry } from "../topics";

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestBroadcastContext {
  topics: TopicRegistry;
  verifyToken: TokenVerifier;
  authorization: Authorization;
  /** payload size and events per second (BatchBroadcast, SingleBroadcast); each message sent counts */
  limits: TenantLimiter;
}

type Headers = Record<string, string | string[] | undefined>;

const UNAUTHORIZED: RestReply = { status: 401, body: { message: "Unauthorized" } };

/** The caller's token: the Authorization bearer, else the apikey header (RealtimeWeb.AuthTenant). */
export function requestToken(headers: Record<string, string | string[] | undefined>): string | null {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const authorization = first(headers.authorization);
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() === "bearer" && token) return token;
  }
  return first(headers.apikey) ?? null;
}

async function authorize(ctx: RestBroadcastContext, headers: Headers): Promise<{ claims: Claims } | null> {
  const token = requestToken(headers);
  if (!token) return null;
  const verified = await ctx.verifyToken(token);
  return verified.ok ? { claims: verified.claims } : null;
}

/** The caller's broadcast write permission on `topic`: true, false, or why the check gave no answer. */
async function mayWrite(ctx: RestBroadcastContext, claims: Claims, headers: Headers, topic: string): Promise<boolean | PolicyError> {
  const result = await ctx.authorization.write({ topic, claims, headers: policyHeaders(headers) }, emptyPolicies());
  return result.ok ? result.policies.broadcast.write === true : result.error;
}

/** SingleBroadcast's answer to a write check that gave no answer. */
function writeCheckFailure(error: PolicyError): RestReply {
  switch (error.kind) {
    case "rls_policy_error":
      return { status: 422, body: { message: "RLS policy error" } };
    case "query_canceled":
      return { status: 422, body: { message: "Query canceled" } };
    case "missing_partition":
      return { status: 422, body: { message: "Missing messages partition" } };
    case "database_unavailable":
      return { status: 422, body: { message: "Tenant database unavailable" } };
    case "unknown":
      return { status: 500, body: { message: "Unable to authorize broadcast" } };
  }
}

interface RestMessage {
  topic: string;
  event: string;
  payload: Record<string, unknown>;
  private: boolean;
  id?: string;
}

function validateMessages(
  body: unknown,
  tooLarge: (payload: unknown) => boolean,
): { ok: true; messages: RestMessage[] } | { ok: false; errors: unknown } {
  const list = typeof body === "object" && body !== null ? (body as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, errors: { messages: ["can't be blank"] } };
  const messages: RestMessage[] = [];
  const errors: Record<string, string[]>[] = [];
  let invalid = false;
  for (const item of list) {
    const m = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const e: Record<string, string[]> = {};
    for (const field of ["topic", "event"] as const) if (typeof m[field] !== "string" || m[field] === "") e[field] = ["can't be blank"];
    if (typeof m.payload !== "object" || m.payload === null || Array.isArray(m.payload))
      e.payload = m.payload === undefined ? ["can't be blank"] : ["is invalid"];
    if (!e.payload && tooLarge(m.payload)) e.payload = [LIMIT_MESSAGES.restPayloadTooLarge];
    if (m.private !== undefined && m.private !== null && typeof m.private !== "boolean") e.private = ["is invalid"];
    errors.push(e);
    if (Object.keys(e).length > 0) {
      invalid = true;
      continue;
    }
    messages.push({
      topic: m.topic as string,
      event: m.event as string,
      payload: m.payload as Record<string, unknown>,
      private: m.private === true,
      ...(typeof m.id === "string" ? { id: m.id } : {}),
    });
  }
  return invalid ? { ok: false, errors: { messages: errors } } : { ok: true, messages };
}

function deliver(ctx: RestBroadcastContext, message: RestMessage): void {
  const payload: BroadcastPayload = { type: "broadcast", event: message.event, payload: message.payload };
  if (message.id) payload.meta = { id: message.id };
  ctx.topics.broadcastJson(topicKey(message.topic, message.private), payload);
  ctx.limits.restSent();
}

/** POST /api/broadcast */
export async function restBroadcast(ctx: RestBroadcastContext, headers: Headers, body: unknown): Promise<RestReply> {
  const caller = await authorize(ctx, headers);
  if (!caller) return UNAUTHORIZED;
  const validated = validateMessages(body, (payload) => ctx.limits.restPayloadTooLarge(payload));
  if (!validated.ok) return { status: 422, body: { errors: validated.errors } };
  const limited = ctx.limits.restBatchRefusal(validated.messages.length);
  if (limited) return limited;
  for (const message of validated.messages) if (!message.private) deliver(ctx, message);
  // private messages need broadcast write permission on their topic; without it they are dropped, still 202
  const privateTopics = [...new Set(validated.messages.filter((m) => m.private).map((m) => m.topic))];
  for (const topic of privateTopics) {
    if ((await mayWrite(ctx, caller.claims, headers, topic)) !== true) continue;
    for (const message of validated.messages) if (message.private && message.topic === topic) deliver(ctx, message);
  }
  return { status: 202 };
}

/** POST /api/broadcast/:topic/events/:event (httpSend): the body is the payload. */
export async function restBroadcastSingle(
  ctx: RestBroadcastContext,
  headers: Headers,
  topic: string,
  event: string,
  isPrivate: boolean,
  body: { json: unknown } | { bytes: Buffer },
): Promise<RestReply> {
  const caller = await authorize(ctx, headers);
  if (!caller) return UNAUTHORIZED;
  if ("json" in body && (typeof body.json !== "object" || body.json === null || Array.isArray(body.json)))
    return { status: 422, body: { message: "Payload must be a JSON object" } };
  const limited = ctx.limits.restSingleRefusal(body);
  if (limited) return limited;
  if (isPrivate) {
    const allowed = await mayWrite(ctx, caller.claims, headers, topic);
    if (allowed === false) return { status: 403, body: { message: "Unauthorized" } };
    if (allowed !== true) return writeCheckFailure(allowed);
  }
  // one UserBroadcast either way: JSON text or raw bytes (a kind 4 frame for 2.0.0 clients)
  const payload =
    "bytes" in body
      ? { encoding: "binary" as const, payload: body.bytes }
      : { encoding: "json" as const, payload: Buffer.from(JSON.stringify(body.json), "utf8") };
  ctx.topics.broadcastBytes(topicKey(topic, isPrivate), { event, ...payload, metadata: null });
  ctx.limits.restSent();
  return { status: 202 };
}
