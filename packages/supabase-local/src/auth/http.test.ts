// The router and the wire (http.ts), judged over raw HTTP: CORS preflights, the API version
// header, the body limit, malformed bodies, and GoTrue's answers for unknown grants and routes.
import { describe, expect, it } from "vitest";
import { auth, PASSWORD, raw, signUp, withAuthService } from "./testing";

withAuthService();

describe("HTTP surface", () => {
  it("answers CORS preflights for any origin with the headers supabase-js sends", async () => {
    const res = await fetch(`${auth.url}/auth/v1/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,apikey,content-type,x-client-info,x-supabase-api-version,x-retry-count",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = res.headers
      .get("access-control-allow-headers")!
      .split(",")
      .map((h) => h.trim().toLowerCase());
    for (const header of ["authorization", "apikey", "content-type", "x-client-info", "x-supabase-api-version", "x-retry-count"]) {
      expect(allowed).toContain(header);
    }

    const actual = await fetch(`${auth.url}/auth/v1/health`, { headers: { origin: "https://app.example" } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(actual.headers.get("access-control-expose-headers")).toContain("X-Supabase-Api-Version");
  });

  it("every response, success or error, carries X-Supabase-Api-Version: 2024-01-01", async () => {
    const responses = await Promise.all([
      fetch(`${auth.url}/auth/v1/health`),
      fetch(`${auth.url}/auth/v1/user`),
      fetch(`${auth.url}/auth/v1/nowhere`),
      fetch(`${auth.url}/auth/v1/token?grant_type=password`, { method: "POST", body: "{" }),
    ]);
    for (const res of responses) expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
  });

  it("a body over 1 MB → 413 with code request_entity_too_large, and the service keeps serving", async () => {
    const res = await raw("/auth/v1/signup", {
      method: "POST",
      body: JSON.stringify({ email: "big@example.com", password: "x".repeat(1 << 20) }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "request_entity_too_large" });
    expect((await fetch(`${auth.url}/auth/v1/health`)).status).toBe(200);
  });

  it("malformed or mistyped bodies → 400 bad_json with a clear message, never a 500", async () => {
    const cases: Array<[string, string]> = [
      ["/auth/v1/token?grant_type=password", "{not json"],
      ["/auth/v1/token?grant_type=password", ""],
      ["/auth/v1/signup", "[1, 2]"],
      ["/auth/v1/signup", JSON.stringify({ email: 42, password: PASSWORD })],
      ["/auth/v1/token?grant_type=refresh_token", JSON.stringify({ refresh_token: ["x"] })],
    ];
    for (const [path, body] of cases) {
      const res = await raw(path, { method: "POST", body, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("bad_json");
      expect(res.body.message).toMatch(/^Could not parse request body as JSON: .+/);
      expect(res.headers.get("x-sb-error-code")).toBe("bad_json");
    }
    const { session } = await signUp();
    const nul = await raw("/auth/v1/user", {
      method: "PUT",
      token: session.access_token,
      body: JSON.stringify({ data: { bio: "a\u0000b" } }),
    });
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe("validation_failed");
  });

  it("refresh without a token, an unknown grant type and an unknown route answer like GoTrue", async () => {
    const noToken = await raw("/auth/v1/token?grant_type=refresh_token", { method: "POST", body: "{}" });
    expect(noToken.status).toBe(400);
    expect(noToken.body).toEqual({ error: "invalid_request", error_description: "refresh_token required" });
    const grant = await raw("/auth/v1/token?grant_type=magic", { method: "POST", body: "{}" });
    expect(grant.status).toBe(400);
    expect(grant.body).toEqual({ code: "invalid_credentials", message: "unsupported_grant_type" });
    const missing = await raw("/auth/v1/factors", { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    const method = await raw("/auth/v1/signup", { method: "GET" });
    expect(method.status).toBe(405);
  });
});
