// The guards in front of the user and admin endpoints (requireAuthentication, requireAdmin),
// judged through GET /auth/v1/user and the admin API: expired, tampered, forged and missing tokens.
import { randomBytes } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { anonKey, client, raw, secret, signUp, withAuthService } from "./testing";

withAuthService();

describe("access tokens", () => {
  it("an expired token → 403 bad_jwt", async () => {
    const { session } = await signUp();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...decodeJwt(session.access_token), iat: now - 7200, exp: now - 60 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(secret));
    const { data, error } = await client().auth.getUser(expired);
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    expect(error!.message).toContain("token is expired");
  });

  it("a tampered token or one signed with another secret → 403 bad_jwt", async () => {
    const { session } = await signUp();
    const [header, payload, signature] = session.access_token.split(".") as [string, string, string];
    const flipped = signature[5] === "A" ? "B" : "A";
    const tampered = `${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
    const claims = decodeJwt(session.access_token);
    const forged = await new SignJWT({ ...claims, role: "service_role" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(randomBytes(30).toString("base64url")));
    for (const token of [tampered, forged, "not.a.jwt"]) {
      const { error } = await client().auth.getUser(token);
      expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    }
    // a forged service-role token does not open the admin API either
    const res = await raw("/auth/v1/admin/users", { token: forged });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("bad_jwt");
  });

  it("the anon key is no user token, and no token at all → 401 no_authorization", async () => {
    const anon = await client().auth.getUser(anonKey);
    expect(anon.error).toMatchObject({ status: 403, code: "bad_jwt", message: "invalid claim: missing sub claim" });
    const res = await raw("/auth/v1/user", { headers: { authorization: "" } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: "no_authorization", message: "This endpoint requires a valid Bearer token" });
  });
});
