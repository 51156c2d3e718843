// The REST broadcast API, as Realtime's BroadcastController and BroadcastSingleController serve
// it: POST /api/broadcast {messages: [{topic, event, payload, private?, id?}]} and
// POST /api/broadcast/:topic/events/:event (httpSend), both answering 202. The caller's token is
// the Authorization bearer, else the apikey (RealtimeWeb.AuthTenant); private messages go out only
// when the caller may use private channels, and are dropped (still 202) otherwise.
import type { TokenVerifier } from "../authorization/jwt";
import type { PrivateChannelCheck } from "../authorization/private-channels";
import type { BroadcastPayload } from "../protocol/messages";
import { topicKey, type TopicRegistry } from "../topics";

export interface RestReply {
  status: number;
  body?: unknown;
}

export interface RestBroadcastContext {
  topics: TopicRegistry;
  verifyToken: TokenVerifier;
  canUsePrivate: PrivateChannelCheck;
}

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

async function authorize(ctx: RestBroadcastContext, headers: Record<string, string | string[] | undefined>): Promise<{ role: string } | null> {
  const token = requestToken(headers);
  if (!token) return null;
  const verified = await ctx.verifyToken(token);
  return verified.ok ? { role: verified.claims.role } : null;
}

interface RestMessage {
  topic: string;
  event: string;
  payload: Record<string, unknown>;
  private: boolean;
  id?: string;
}

function validateMessages(body: unknown): { ok: true; messages: RestMessage[] } | { ok: false; errors: unknown } {
  const list = typeof body === "object" && body !== null ? (body as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, errors: { messages: ["can't be blank"] } };
  const messages: RestMessage[] = [];
  const errors: Record<string, string[]>[] = [];
  let invalid = false;
  for (const item of list) {
    const m = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const e: Record<string, string[]> = {};
    for (const field of ["topic", "event"] as const) if (typeof m[field] !== "string" || m[field] === "") e[field] = ["can't be blank"];
    if (typeof m.payload !== "object" || m.payload === null || Array.isArray(m.payload)) e.payload = m.payload === undefined ? ["can't be blank"] : ["is invalid"];
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
}

/** POST /api/broadcast */
export async function restBroadcast(ctx: RestBroadcastContext, headers: Record<string, string | string[] | undefined>, body: unknown): Promise<RestReply> {
  const caller = await authorize(ctx, headers);
  if (!caller) return UNAUTHORIZED;
  const validated = validateMessages(body);
  if (!validated.ok) return { status: 422, body: { errors: validated.errors } };
  const mayUsePrivate = validated.messages.some((m) => m.private) ? await ctx.canUsePrivate(caller.role) : false;
  for (const message of validated.messages) {
    // private messages need broadcast write permission; without it they are dropped, still 202
    if (!message.private || mayUsePrivate) deliver(ctx, message);
  }
  return { status: 202 };
}

/** POST /api/broadcast/:topic/events/:event (httpSend): the body is the payload. */
export async function restBroadcastSingle(
  ctx: RestBroadcastContext,
  headers: Record<string, string | string[] | undefined>,
  topic: string,
  event: string,
  isPrivate: boolean,
  body: { json: unknown } | { bytes: Buffer },
): Promise<RestReply> {
  const caller = await authorize(ctx, headers);
  if (!caller) return UNAUTHORIZED;
  if (isPrivate && !(await ctx.canUsePrivate(caller.role))) return { status: 202 };
  const key = topicKey(topic, isPrivate);
  if ("bytes" in body) {
    ctx.topics.broadcastBytes(key, event, "binary", body.bytes);
  } else {
    if (typeof body.json !== "object" || body.json === null || Array.isArray(body.json)) return { status: 422, body: { message: "Payload must be a JSON object" } };
    ctx.topics.broadcastJson(key, { type: "broadcast", event, payload: body.json });
  }
  return { status: 202 };
}
