// GET /auth/v1/health, /settings and /.well-known/jwks.json: what the service says it is, and the
// key set that matches how access tokens are signed (ES256 with a signing key, HS256 without).
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { startAuth } from "../index";
import { freePort } from "../../testing/cluster";
import { anonKey, asAuthAdmin, client, db, raw, secret, signingKey, signUp, withAuthService } from "../testing";

withAuthService();

describe("HTTP surface", () => {
  it("health and settings describe an email-only, auto-confirming GoTrue", async () => {
    const health = await raw("/auth/v1/health");
    expect(health.body).toMatchObject({ name: "GoTrue" });
    const settings = await raw("/auth/v1/settings");
    expect(settings.body).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      external: { email: true, phone: false, anonymous_users: false },
    });
    const jwks = await raw("/auth/v1/.well-known/jwks.json");
    const { kty, kid, alg, crv, x, y, use, ext } = signingKey;
    expect(jwks.body).toEqual({ keys: [{ kty, kid, alg, crv, x, y, use, ext, key_ops: ["verify"] }] });
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=600");
  });

  it("access tokens are ES256 with the signing key's kid; without a signing key they are HS256 and the key set is empty", async () => {
    const { session } = await signUp();
    expect(decodeProtectedHeader(session.access_token)).toEqual({ alg: "ES256", kid: signingKey.kid, typ: "JWT" });
    const port = await freePort();
    const legacy = await startAuth({
      port,
      databaseUrl: asAuthAdmin(db.url),
      jwtSecret: secret,
      issuer: `http://127.0.0.1:${port}/auth/v1`,
    });
    try {
      const { session: hs256 } = await signUp({}, legacy);
      expect(decodeProtectedHeader(hs256.access_token)).toEqual({ alg: "HS256", typ: "JWT" });
      const res = await fetch(`${legacy.url}/auth/v1/.well-known/jwks.json`, { headers: { apikey: anonKey } });
      expect(await res.json()).toEqual({ keys: [] });
      // the ES256 service accepts the legacy token, and the legacy service refuses the ES256 one (it has no such kid)
      expect((await client().auth.getUser(hs256.access_token)).error).toBeNull();
      expect((await client(anonKey, legacy).auth.getUser(session.access_token)).error).toMatchObject({ status: 403, code: "bad_jwt" });
    } finally {
      await legacy.stop();
    }
  });
});
