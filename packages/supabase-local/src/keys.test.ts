// The state folder's keys: generated once, kept, and a keys.json from before signing keys gains an
// ES256 signing key (written back, mode 600) while its secret and API keys stay as they were.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateKeys, loadOrCreateKeys, publicJwk, verificationJwks } from "./keys";

const dirs: string[] = [];
const stateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "hwp-keys-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("keys.json", () => {
  it("a new state folder gets a secret, HS256 API keys and an ES256 signing key with a uuid kid, mode 600", async () => {
    const dir = stateDir();
    const keys = await loadOrCreateKeys(dir);
    expect(keys.jwtSecret).toHaveLength(40);
    expect(keys.signingKey).toMatchObject({
      kty: "EC",
      crv: "P-256",
      alg: "ES256",
      use: "sig",
      key_ops: ["sign", "verify"],
      kid: expect.stringMatching(UUID),
    });
    expect(keys.signingKey.d).toEqual(expect.any(String));
    expect(statSync(join(dir, "keys.json")).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateKeys(dir)).toEqual(keys);
  });

  it("a keys.json without a signing key gains one on the next load, keeps its other keys, and is written back with mode 600", async () => {
    const dir = stateDir();
    const { signingKey: _, ...old } = await generateKeys();
    writeFileSync(join(dir, "keys.json"), JSON.stringify(old), { mode: 0o644 });
    const keys = await loadOrCreateKeys(dir);
    expect(keys).toMatchObject(old);
    expect(keys.signingKey.kid).toMatch(UUID);
    expect(JSON.parse(readFileSync(join(dir, "keys.json"), "utf8"))).toEqual(keys);
    expect(statSync(join(dir, "keys.json")).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateKeys(dir)).toEqual(keys);
  });

  it("the public JWK and the services' JWKS carry no private member", async () => {
    const keys = await generateKeys();
    const { d: _, key_ops: __, ...rest } = keys.signingKey;
    expect(publicJwk(keys.signingKey)).toEqual({ ...rest, key_ops: ["verify"] });
    const jwks = verificationJwks(keys);
    expect(JSON.stringify(jwks)).not.toContain(keys.signingKey.d);
    expect(jwks.keys).toContainEqual({ kty: "oct", k: Buffer.from(keys.jwtSecret).toString("base64url") });
  });
});
