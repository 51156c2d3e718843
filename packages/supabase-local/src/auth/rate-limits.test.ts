// GoTrue's per-IP rate limits, judged over HTTP and by the unmodified supabase-js: 30 requests at
// once per bucket, then 429 over_request_rate_limit until tokens come back at the configured rate;
// sign-ins and refreshes share `token_refresh`, sign-ups and PUT /user `sign_in_sign_ups`, /verify
// `token_verifications`; requests GoTrue refuses before it limits take nothing; a forwarded header
// counts only when the service is configured to read it (GoTrue's RATE_LIMIT_HEADER).
import { createClient, isAuthApiError } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startGateway, type GatewayHandle } from "../gateway";
import { freePort } from "../testing/cluster";
import type { AuthHandle } from "./index";
import { anonKey, client, PASSWORD, raw, signUp, startInstance, uniqueEmail, withAuthService, type InstanceSettings } from "./testing";

withAuthService();

/** Rates so low that no token comes back while a test runs (1 per 5 minutes). */
const SLOW = { tokenRefresh: 1, signInSignUps: 1, tokenVerifications: 1 };
const BURST = 30;

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A sign-in with a wrong password for an unknown email (cheap: no password hash to check). */
const wrongSignIn = (instance: AuthHandle, headers: Record<string, string> = {}) =>
  raw("/auth/v1/token?grant_type=password", {
    ...json({ email: uniqueEmail("nobody"), password: "wrong" }),
    instance,
    headers: { ...json({}).headers, ...headers },
  });

/** Runs `request` `times` times in a row and returns the statuses. */
async function statuses(times: number, request: () => Promise<{ status: number }>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < times; i++) result.push((await request()).status);
  return result;
}

const slowInstance = (settings: InstanceSettings = {}) => startInstance({ ...settings, rateLimits: { ...SLOW, ...settings.rateLimits } });

describe("sign-in (token_refresh)", () => {
  it("after 30 wrong passwords in a row the 31st attempt, and then the right password, get GoTrue's 429", async () => {
    const instance = await slowInstance();
    const { email } = await signUp({}, instance);
    expect(await statuses(BURST, () => wrongSignIn(instance))).toEqual(Array(BURST).fill(400));

    const refused = await wrongSignIn(instance);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    expect(refused.headers.get("x-sb-error-code")).toBe("over_request_rate_limit");
    expect(refused.headers.get("x-supabase-api-version")).toBe("2024-01-01");

    const { data, error } = await client(undefined, instance).auth.signInWithPassword({ email, password: PASSWORD });
    expect(data.session).toBeNull();
    expect(isAuthApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "over_request_rate_limit", message: "Request rate limit reached" });
  });

  it("refreshing a session takes from the same bucket as signing in", async () => {
    const instance = await slowInstance();
    const { session } = await signUp({}, instance);
    await statuses(BURST, () => wrongSignIn(instance));
    const refresh = await raw("/auth/v1/token?grant_type=refresh_token", { ...json({ refresh_token: session.refresh_token }), instance });
    expect(refresh.status).toBe(429);
    expect(refresh.body.code).toBe("over_request_rate_limit");
  });

  it("an unknown grant type is refused before the limit and takes nothing", async () => {
    const instance = await slowInstance();
    const unknownGrant = () => raw("/auth/v1/token?grant_type=magic", { ...json({}), instance });
    expect(new Set(await statuses(BURST + 5, unknownGrant))).toEqual(new Set([400]));
    expect(await statuses(BURST, () => wrongSignIn(instance))).toEqual(Array(BURST).fill(400));
  });

  it("tokens come back at the configured rate", async () => {
    // 3000 per 5 minutes: a token every 100 ms
    const instance = await startInstance({ rateLimits: { tokenRefresh: 3000 } });
    let answer = await wrongSignIn(instance);
    for (let i = 0; answer.status !== 429 && i < 500; i++) answer = await wrongSignIn(instance);
    expect(answer.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await wrongSignIn(instance)).status).toBe(400);
  });
});

describe("sign-up and user updates (sign_in_sign_ups)", () => {
  it("the 31st sign-up is refused while sign-ins, which have their own bucket, still pass", async () => {
    const instance = await slowInstance({ rateLimits: { tokenRefresh: 1e9 } });
    const { email } = await signUp({}, instance);
    // signing up an address that exists: refused (422) after the limit took its token
    const again = () => raw("/auth/v1/signup", { ...json({ email, password: PASSWORD }), instance });
    expect(await statuses(BURST - 1, again)).toEqual(Array(BURST - 1).fill(422));
    const refused = await raw("/auth/v1/signup", { ...json({ email: uniqueEmail(), password: PASSWORD }), instance });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    const { error } = await client(undefined, instance).auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toBeNull();
  });

  it("an unreadable body or an anonymous sign-up is refused before the limit, as GoTrue does", async () => {
    const instance = await slowInstance();
    await statuses(BURST, () => raw("/auth/v1/signup", { ...json({ email: "not an email", password: PASSWORD }), instance }));
    expect((await raw("/auth/v1/signup", { ...json({ email: uniqueEmail(), password: PASSWORD }), instance })).status).toBe(429);
    const badJson = await raw("/auth/v1/signup", { method: "POST", headers: { "content-type": "application/json" }, body: "{", instance });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe("bad_json");
    const anonymous = await raw("/auth/v1/signup", { ...json({}), instance });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.code).toBe("anonymous_provider_disabled");
  });

  it("updating one's user is limited per IP too", async () => {
    const instance = await slowInstance();
    const { session } = await signUp({}, instance);
    const update = () =>
      raw("/auth/v1/user", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: { n: 1 } }),
        token: session.access_token,
        instance,
      });
    expect(await statuses(BURST, update)).toEqual(Array(BURST).fill(200));
    expect((await update()).status).toBe(429);
  });
});

describe("verify (token_verifications)", () => {
  it("answers as GoTrue does for a token nobody was sent", async () => {
    const instance = await startInstance();
    const otp = await raw("/auth/v1/verify", { ...json({ type: "email", token: "123456", email: uniqueEmail() }), instance });
    expect(otp.status).toBe(403);
    expect(otp.body).toEqual({ code: "otp_expired", message: "Token has expired or is invalid" });
    const hash = await raw("/auth/v1/verify", { ...json({ type: "signup", token_hash: "abc" }), instance });
    expect(hash.body).toEqual({ code: "otp_expired", message: "Email link is invalid or has expired" });
    const noType = await raw("/auth/v1/verify", { ...json({ token: "123456", email: uniqueEmail() }), instance });
    expect(noType.status).toBe(400);
    expect(noType.body.code).toBe("validation_failed");
    const link = await raw("/auth/v1/verify?type=signup&token=abc", { instance });
    expect(link.status).toBe(303);
    const location = new URL(link.headers.get("location")!);
    expect(new URLSearchParams(location.hash.slice(1)).get("error_code")).toBe("otp_expired");
  });

  it("the 31st verification is refused", async () => {
    const instance = await slowInstance();
    const attempt = () => raw("/auth/v1/verify", { ...json({ type: "email", token: "123456", email: uniqueEmail() }), instance });
    expect(await statuses(BURST, attempt)).toEqual(Array(BURST).fill(403));
    expect((await attempt()).status).toBe(429);
  });
});

describe("whose bucket: the caller's address", () => {
  it("without a rate-limit header, X-Forwarded-For is ignored: callers on one connection address share a bucket", async () => {
    const instance = await slowInstance();
    let n = 0;
    const forwarded = () => wrongSignIn(instance, { "x-forwarded-for": `203.0.113.${++n}` });
    expect(await statuses(BURST, forwarded)).toEqual(Array(BURST).fill(400));
    expect((await forwarded()).status).toBe(429);
  });

  it("with X-Forwarded-For configured as the rate-limit header, each forwarded IP (its first entry) has its own bucket", async () => {
    const instance = await slowInstance({ rateLimitHeader: "X-Forwarded-For" });
    const from = (ip: string) => () => wrongSignIn(instance, { "x-forwarded-for": `${ip}, 127.0.0.1` });
    expect(await statuses(BURST, from("203.0.113.7"))).toEqual(Array(BURST).fill(400));
    expect((await from("203.0.113.7")()).status).toBe(429);
    expect((await from("198.51.100.9")()).status).toBe(400);
    // a request without the header falls back to the connection's address, a bucket of its own
    expect((await wrongSignIn(instance)).status).toBe(400);
  });
});

describe("behind the gateway, called by a server for its browsers", () => {
  const gateways: GatewayHandle[] = [];
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
  });

  /** The gateway in front of `instance`, as the stack routes /auth/v1. */
  async function gatewayFor(instance: AuthHandle): Promise<string> {
    const gateway = await startGateway({
      port: await freePort(),
      apiKeys: [anonKey],
      routes: { "/auth/v1": { url: instance.url, stripPrefix: false } },
    });
    gateways.push(gateway);
    return gateway.url;
  }

  /** supabase-js on a server, sending its browser's IP as the app does (a global X-Forwarded-For header). */
  const serverClientFor = (apiUrl: string, browserIp: string) =>
    createClient(apiUrl, anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { headers: { "X-Forwarded-For": browserIp } },
      realtime: { transport: WebSocket as never },
    });

  const wrongPassword = async (apiUrl: string, browserIp: string) => {
    const { error } = await serverClientFor(apiUrl, browserIp).auth.signInWithPassword({ email: uniqueEmail("nobody"), password: "wrong" });
    return { status: error?.status ?? 200 };
  };

  it("configured to read X-Forwarded-For, auth limits each browser on its own, not the server", async () => {
    const apiUrl = await gatewayFor(await slowInstance({ rateLimitHeader: "X-Forwarded-For" }));
    expect(await statuses(BURST, () => wrongPassword(apiUrl, "203.0.113.10"))).toEqual(Array(BURST).fill(400));
    expect((await wrongPassword(apiUrl, "203.0.113.10")).status).toBe(429);
    expect((await wrongPassword(apiUrl, "203.0.113.11")).status).toBe(400);
  });

  it("not configured, the forwarded browser IP is ignored: the server's browsers share one bucket", async () => {
    const apiUrl = await gatewayFor(await slowInstance());
    let n = 0;
    expect(await statuses(BURST, () => wrongPassword(apiUrl, `203.0.113.${++n}`))).toEqual(Array(BURST).fill(400));
    expect((await wrongPassword(apiUrl, "198.51.100.1")).status).toBe(429);
  });
});
