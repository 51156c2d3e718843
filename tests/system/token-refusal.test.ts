// Forged and dead tokens are refused everywhere the stack listens, through the gateway as a client
// reaches it: PostgREST (/rest/v1, 401 with a JSON error), auth (/auth/v1/user, 401/403 as GoTrue),
// realtime channel joins through the unmodified supabase-js (CHANNEL_ERROR) and the realtime REST
// broadcast (/realtime/v1/api/broadcast). The gateway refuses a missing or wrong apikey. Every
// refusal has a control in this file: the same request with a valid token succeeds, so no test
// passes because the request was broken anyway.
import { createPrivateKey, randomBytes } from "node:crypto";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Database } from "@/lib/database.types";
import { generateSigningKey } from "@habitats/supabase-local/keys";
import { startScratchStack, type ScratchStack } from "@habitats/supabase-local/scratch-stack";

const ALICE = { email: "alice@example.com", password: "password123" };
const MOVIE_NIGHT_ID = "40b17a70-0000-4000-8000-000000000001";

let stack: ScratchStack;
let alice: SupabaseClient<Database>;
/** Alice's real access token, from signing in */
let valid: string;
/** a party in Movie Night, Alice's habitat */
let partyId: string;
const clients: SupabaseClient<Database>[] = [];

const secret = (value: string) => new TextEncoder().encode(value);
const nowSeconds = () => Math.floor(Date.now() / 1000);

function clientFor(): SupabaseClient<Database> {
  const client = createClient<Database>(stack.apiUrl, stack.keys.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  clients.push(client);
  return client;
}

/** A client whose realtime joins carry `accessToken`, as after a sign-in (setAuth, not a session). */
async function realtimeAs(accessToken: string): Promise<SupabaseClient<Database>> {
  const client = clientFor();
  await client.realtime.setAuth(accessToken);
  return client;
}

/** Alice's claims, re-signed or changed: every bad token below is built from the good one. */
const claims = () => decodeJwt(valid);

const BAD_TOKENS: Record<string, () => Promise<string>> = {
  "an expired token": async () =>
    new SignJWT({ ...claims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(secret(stack.keys.jwtSecret)),
  "a tampered token (role changed to service_role, signature kept)": async () => {
    const [header, payload, signature] = valid.split(".") as [string, string, string];
    const changed = { ...JSON.parse(Buffer.from(payload, "base64url").toString("utf8")), role: "service_role" };
    return [header, Buffer.from(JSON.stringify(changed)).toString("base64url"), signature].join(".");
  },
  "a token signed with another project's secret": async () =>
    new SignJWT(claims()).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(secret(randomBytes(30).toString("base64url"))),
  "a token signed by another project's EC key under this project's kid": async () => {
    const { kty, crv, x, y, d, kid } = await generateSigningKey(stack.keys.signingKey.kid);
    return new SignJWT(claims())
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .sign(createPrivateKey({ key: { kty, crv, x, y, d }, format: "jwk" }));
  },
  "an unsigned token (alg: none)": async () => new UnsecuredJWT(claims()).encode(),
  garbage: async () => "this-is-not-a-jwt",
};

beforeAll(async () => {
  stack = await startScratchStack({ label: "token-refusal", quiet: true });
  alice = clientFor();
  const { data, error } = await alice.auth.signInWithPassword(ALICE);
  if (error) throw error;
  valid = data.session.access_token;
  const parties = await alice.from("habitat_watch_parties").select("id").eq("habitat_id", MOVIE_NIGHT_ID).limit(1).single();
  if (parties.error) throw parties.error;
  partyId = parties.data.id;
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
  await stack?.stop();
});

// ============================================================================================
// plain HTTP through the gateway
// ============================================================================================

interface HttpResult {
  status: number;
  body: unknown;
}

async function call(
  path: string,
  init: { token?: string; apikey?: string | null; method?: string; body?: unknown } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const apikey = init.apikey === undefined ? stack.keys.anonKey : init.apikey;
  if (apikey !== null) headers.apikey = apikey;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: left as text, and the tests that need JSON say so
  }
  return { status: response.status, body };
}

const REST_PATH = `/rest/v1/habitats?select=id,name&id=eq.${MOVIE_NIGHT_ID}`;
const broadcast = (token: string | undefined, apikey?: string | null) =>
  call("/realtime/v1/api/broadcast", {
    method: "POST",
    token,
    apikey,
    body: { messages: [{ topic: `party:${MOVIE_NIGHT_ID}`, event: "ping", payload: { from: "token-refusal" } }] },
  });

describe("controls: a valid token is accepted everywhere", () => {
  it("PostgREST answers a member's token with their habitat", async () => {
    const result = await call(REST_PATH, { token: valid });
    expect(result).toEqual({ status: 200, body: [{ id: MOVIE_NIGHT_ID, name: "Movie Night" }] });
  });

  it("auth answers /user with the signed-in user", async () => {
    const result = await call("/auth/v1/user", { token: valid });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ email: ALICE.email });
  });

  it("the realtime REST broadcast accepts a member's token", async () => {
    expect((await broadcast(valid)).status).toBe(202);
  });
});

describe.each(Object.keys(BAD_TOKENS))("%s is refused", (name) => {
  let token: string;
  beforeAll(async () => {
    token = await BAD_TOKENS[name]!();
  });

  it("by PostgREST: 401 with a JSON error", async () => {
    const result = await call(REST_PATH, { token });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ message: expect.any(String) });
  });

  it("by PostgREST on writes too", async () => {
    const result = await call("/rest/v1/habitats", { method: "POST", token, body: { name: "Forged habitat" } });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ message: expect.any(String) });
  });

  it("by auth: /user answers 401 or 403", async () => {
    const result = await call("/auth/v1/user", { token });
    expect([401, 403]).toContain(result.status);
    expect(result.body).toMatchObject({ code: "bad_jwt", message: expect.any(String) });
  });

  it("by the realtime REST broadcast: 401", async () => {
    expect((await broadcast(token)).status).toBe(401);
  });

  it("by realtime: joining a channel with it ends in CHANNEL_ERROR", async () => {
    expect(await subscribeStatus(await realtimeAs(token), partyId)).toBe("CHANNEL_ERROR");
  });
});

// ============================================================================================
// realtime through supabase-js
// ============================================================================================

type Status = "SUBSCRIBED" | "CHANNEL_ERROR" | "TIMED_OUT" | "CLOSED";

function participantsChannel(client: SupabaseClient<Database>, streamId: string, onInsert: () => void = () => undefined): RealtimeChannel {
  return client
    .channel(`participants:${streamId}:${randomBytes(4).toString("hex")}`)
    .on(
      "postgres_changes",
      { event: "INSERT", schema: "public", table: "stream_participants", filter: `stream_id=eq.${streamId}` },
      onInsert,
    );
}

/** The first status a subscription reports; the channel is removed afterwards. */
async function subscribeStatus(client: SupabaseClient<Database>, streamId: string): Promise<Status> {
  const channel = participantsChannel(client, streamId);
  const status = await new Promise<Status>((resolve) => channel.subscribe((s) => resolve(s as Status)));
  await client.removeChannel(channel);
  return status;
}

describe("control: realtime keeps serving a valid member", () => {
  it("a member's subscription reaches SUBSCRIBED and delivers their own join", async () => {
    const member = await realtimeAs(valid);
    let resolveInsert: () => void = () => undefined;
    const inserted = new Promise<void>((resolve) => (resolveInsert = resolve));
    const channel = participantsChannel(member, partyId, () => resolveInsert());
    const status = await new Promise<Status>((resolve) => channel.subscribe((s) => resolve(s as Status)));
    expect(status).toBe("SUBSCRIBED");
    const { error } = await alice.from("stream_participants").insert({ stream_id: partyId, user_id: claims().sub! });
    expect(error).toBeNull();
    await inserted;
    await member.removeChannel(channel);
    await alice.from("stream_participants").delete().eq("stream_id", partyId).eq("user_id", claims().sub!);
  });
});

// ============================================================================================
// the gateway's apikey check
// ============================================================================================

describe("the gateway refuses a missing or wrong apikey, whatever the bearer token", () => {
  const tamperedAnonKey = () => {
    const [header, payload, signature] = stack.keys.anonKey.split(".") as [string, string, string];
    const changed = { ...JSON.parse(Buffer.from(payload, "base64url").toString("utf8")), role: "service_role" };
    return [header, Buffer.from(JSON.stringify(changed)).toString("base64url"), signature].join(".");
  };
  const wrongKeys: Record<string, () => Promise<string | null>> = {
    "no apikey": async () => null,
    garbage: async () => "not-an-api-key",
    "another project's anon key": async () =>
      new SignJWT({ role: "anon" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(secret(randomBytes(30).toString("base64url"))),
    "the anon key with its role changed to service_role": async () => tamperedAnonKey(),
  };

  it.each(Object.keys(wrongKeys))("%s: REST, auth and broadcast answer 401", async (name) => {
    const apikey = await wrongKeys[name]!();
    for (const result of [
      await call(REST_PATH, { token: valid, apikey }),
      await call("/auth/v1/user", { token: valid, apikey }),
      await broadcast(valid, apikey),
    ]) {
      expect(result.status).toBe(401);
      expect(result.body).toMatchObject({ message: expect.stringMatching(/API key/) });
    }
  });

  it("with the right apikey the same requests pass (control)", async () => {
    expect((await call(REST_PATH, { token: valid })).status).toBe(200);
    expect((await call("/auth/v1/user", { token: valid })).status).toBe(200);
    expect((await broadcast(valid)).status).toBe(202);
  });

  it("the realtime websocket refuses a wrong apikey and accepts the right one", async () => {
    const opens = async (apikey: string) =>
      new Promise<boolean>((resolve) => {
        const url = `${stack.apiUrl.replace(/^http/, "ws")}/realtime/v1/websocket?apikey=${encodeURIComponent(apikey)}&vsn=2.0.0`;
        const socket = new WebSocket(url);
        socket.once("open", () => {
          socket.close();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
    expect(await opens(stack.keys.anonKey)).toBe(true);
    expect(await opens(tamperedAnonKey())).toBe(false);
    expect(await opens("not-an-api-key")).toBe(false);
  });
});
