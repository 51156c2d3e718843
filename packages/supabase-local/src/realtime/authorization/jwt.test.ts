// Tokens are checked as Realtime checks them, and every failure is a value naming its kind.
import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey, verificationJwks, type SigningJwk } from "../../keys";
import { createTokenVerifier, type TokenVerifier } from "./jwt";

const secret = "a-local-secret-of-at-least-thirty-two-chars";
const verify = createTokenVerifier(secret);
const now = () => Math.floor(Date.now() / 1000);

const sign = (claims: Record<string, unknown>, key = secret, alg = "HS256") =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(new TextEncoder().encode(key));

describe("access tokens", () => {
  it("an HS256 token signed with the secret, with role and a future exp, passes with its claims", async () => {
    const token = await sign({ sub: "u1", role: "authenticated", exp: now() + 60, iat: now() });
    expect(await verify(token)).toEqual({ ok: true, claims: expect.objectContaining({ sub: "u1", role: "authenticated" }) });
  });

  it("HS384 and HS512 pass too", async () => {
    for (const alg of ["HS384", "HS512"]) expect((await verify(await sign({ role: "anon", exp: now() + 60 }, secret, alg))).ok).toBe(true);
  });

  it("a token signed with another secret fails its signature", async () => {
    expect(await verify(await sign({ role: "authenticated", exp: now() + 60 }, "another-secret-of-at-least-thirty-two-chars"))).toEqual({
      ok: false,
      error: { kind: "signature" },
    });
  });

  it("an expired token says how long ago it expired", async () => {
    const result = await verify(await sign({ role: "authenticated", exp: now() - 30 }));
    expect(result).toEqual({ ok: false, error: { kind: "expired", secondsAgo: expect.any(Number) } });
    if (!result.ok && result.error.kind === "expired") expect([30, 31]).toContain(result.error.secondsAgo);
  });

  it("role and exp are required", async () => {
    expect(await verify(await sign({ role: "anon" }))).toEqual({ ok: false, error: { kind: "missing_claims" } });
    expect(await verify(await sign({ exp: now() + 60 }))).toEqual({ ok: false, error: { kind: "missing_claims" } });
  });

  it("what is not a JWT is malformed", async () => {
    expect(await verify("not-a-jwt")).toEqual({ ok: false, error: { kind: "malformed" } });
    expect(await verify("a.b.c")).toEqual({ ok: false, error: { kind: "malformed" } });
  });

  it("an asymmetric algorithm has no signer without JWKS", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ role: "anon", exp: now() + 60 })).toString("base64url");
    expect(await verify(`${header}.${payload}.c2ln`)).toEqual({ ok: false, error: { kind: "signer" } });
  });
});

describe("access tokens with a JWKS (the public signing key and the secret as an oct key)", () => {
  let signingKey: SigningJwk;
  let jwksVerify: TokenVerifier;
  beforeAll(async () => {
    signingKey = await generateSigningKey();
    jwksVerify = createTokenVerifier(JSON.stringify(verificationJwks({ jwtSecret: secret, signingKey })));
  });
  const es256 = async (claims: Record<string, unknown>, kid: string = signingKey.kid, key: SigningJwk = signingKey) => {
    const { kty, crv, x, y, d } = key;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .sign(createPrivateKey({ key: { kty, crv, x, y, d }, format: "jwk" }));
  };

  it("an ES256 token naming the key's kid passes with its claims", async () => {
    expect(await jwksVerify(await es256({ sub: "u1", role: "authenticated", exp: now() + 60 }))).toEqual({
      ok: true,
      claims: expect.objectContaining({ sub: "u1", role: "authenticated" }),
    });
  });

  it("HS256 tokens without a kid (the API keys) still pass with the secret from the oct key", async () => {
    expect((await jwksVerify(await sign({ role: "anon", exp: now() + 60 }))).ok).toBe(true);
  });

  it("an ES256 token signed by another key with the same kid fails its signature", async () => {
    const other = await generateSigningKey(signingKey.kid);
    expect(await jwksVerify(await es256({ role: "authenticated", exp: now() + 60 }, signingKey.kid, other))).toEqual({
      ok: false,
      error: { kind: "signature" },
    });
  });

  it("an ES256 token naming an unknown kid, or none, has no signer", async () => {
    expect(await jwksVerify(await es256({ role: "authenticated", exp: now() + 60 }, "unknown-kid"))).toEqual({
      ok: false,
      error: { kind: "signer" },
    });
    const { kty, crv, x, y, d } = signingKey;
    const noKid = await new SignJWT({ role: "authenticated", exp: now() + 60 })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .sign(createPrivateKey({ key: { kty, crv, x, y, d }, format: "jwk" }));
    expect(await jwksVerify(noKid)).toEqual({ ok: false, error: { kind: "signer" } });
  });

  it("an HS256 token naming the EC key's kid has no signer (no algorithm confusion)", async () => {
    const confused = await new SignJWT({ role: "service_role", exp: now() + 60 })
      .setProtectedHeader({ alg: "HS256", kid: signingKey.kid, typ: "JWT" })
      .sign(new TextEncoder().encode(JSON.stringify({ x: signingKey.x, y: signingKey.y })));
    expect(await jwksVerify(confused)).toEqual({ ok: false, error: { kind: "signer" } });
  });

  it("an expired ES256 token says how long ago it expired", async () => {
    expect(await jwksVerify(await es256({ role: "authenticated", exp: now() - 30 }))).toEqual({
      ok: false,
      error: { kind: "expired", secondsAgo: expect.any(Number) },
    });
  });
});
