// What the browser can learn and what it can forge. (a) Neither the service-role key nor the JWT
// secret reaches a browser: not in any file of the production bundle (.next/static), not in the
// HTML or RSC payload of any page, signed in or not; the anon key, which must be there, is found,
// so the scan provably looks at the right files. (b) A forged or dead session cookie (payload
// changed under the old signature, or an expired token that cannot be refreshed) is treated as
// signed out: a redirect to /login, never a 500 or a stack trace; an untouched cookie stays
// signed in, so the redirect is the cookie's doing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext, type Page, type Response } from "@playwright/test";
import { SignJWT } from "jose";
import type { StackKeys } from "@habitats/supabase-local/keys";
import { createParty, MOVIE_NIGHT_ID, signIn, USERS } from "./helpers";
import { PROJECT_ROOT, readStack } from "./stack";

const keys = (): StackKeys => JSON.parse(readFileSync(join(readStack().stateDir, "keys.json"), "utf8")) as StackKeys;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The secrets found in `text`, by name. */
function secretsIn(text: string, secrets: StackKeys): string[] {
  return [
    ...(text.includes(secrets.serviceRoleKey) ? ["service-role key"] : []),
    ...(text.includes(secrets.jwtSecret) ? ["JWT secret"] : []),
    ...(text.includes(secrets.signingKey.d) ? ["private signing key"] : []),
  ];
}

test.describe("no secret reaches the browser", () => {
  test("the static bundle holds the anon key but neither the service-role key nor the JWT secret", () => {
    const secrets = keys();
    const files = filesUnder(join(PROJECT_ROOT, ".next", "static"));
    expect(files.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    let anonKeyFiles = 0;
    for (const file of files) {
      const text = readFileSync(file).toString("latin1");
      leaks.push(...secretsIn(text, secrets).map((secret) => `${secret} in ${file}`));
      if (text.includes(secrets.anonKey)) anonKeyFiles += 1;
    }
    expect(leaks).toEqual([]);
    // the scan looks at the bundle this stack's build produced
    expect(anonKeyFiles).toBeGreaterThan(0);
  });

  test("no page's HTML or RSC payload holds a secret, signed in or out", async ({ page }) => {
    const secrets = keys();
    const party = await createParty();
    const scanned: Array<{ url: string; type: string; body: string }> = [];
    const capture = async (response: Response) => {
      const type = response.headers()["content-type"] ?? "";
      if (!type.includes("text/html") && !type.includes("text/x-component")) return;
      const body = await response.text().catch(() => null);
      if (body !== null) scanned.push({ url: response.url(), type, body });
    };
    page.on("response", (response) => void capture(response));

    await page.goto("/login");
    await signIn(page, USERS.alice, "/");
    const paths = ["/", "/login", `/habitats/${MOVIE_NIGHT_ID}`, `/parties/${party.id}`];
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    await expect(page.getByRole("heading", { level: 1, name: party.title })).toBeVisible();
    // the RSC payloads a client-side navigation fetches, requested as the router does
    for (const path of paths) {
      const response = await page.request.get(path, { headers: { RSC: "1" } });
      scanned.push({ url: `${path} (RSC)`, type: response.headers()["content-type"] ?? "", body: await response.text() });
    }

    // the scan saw signed-in pages and real RSC payloads
    expect(scanned.some((r) => r.type.includes("text/html") && r.body.includes(party.title))).toBe(true);
    expect(scanned.filter((r) => r.type.includes("text/x-component")).length).toBeGreaterThanOrEqual(paths.length);
    expect(scanned.some((r) => r.body.includes("Movie Night"))).toBe(true);
    const leaks = scanned.flatMap((r) => secretsIn(r.body, secrets).map((secret) => `${secret} in ${r.url}`));
    expect(leaks).toEqual([]);
  });
});

// ============================================================================================
// forged session cookies
// ============================================================================================

const AUTH_COOKIE = /^sb-.+-auth-token(\.\d+)?$/;
const CHUNK = 3180;

interface StoredSession {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  expires_in: number;
  user: Record<string, unknown>;
  [key: string]: unknown;
}

/** The session @supabase/ssr keeps in the context's cookies, and the cookie's base name. */
async function readSession(context: BrowserContext): Promise<{ name: string; session: StoredSession }> {
  const cookies = (await context.cookies()).filter((c) => AUTH_COOKIE.test(c.name));
  expect(cookies.length).toBeGreaterThan(0);
  const chunkIndex = (name: string) => Number(/\.(\d+)$/.exec(name)?.[1] ?? 0);
  const value = cookies.sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name)).map((c) => c.value).join("");
  expect(value.startsWith("base64-")).toBe(true);
  const session = JSON.parse(Buffer.from(value.slice("base64-".length), "base64url").toString("utf8")) as StoredSession;
  return { name: cookies[0]!.name.replace(/\.\d+$/, ""), session };
}

async function writeSession(context: BrowserContext, name: string, session: StoredSession): Promise<void> {
  const { baseURL } = test.info().project.use;
  const old = (await context.cookies()).filter((c) => AUTH_COOKIE.test(c.name));
  for (const cookie of old) await context.clearCookies({ name: cookie.name });
  const value = `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += CHUNK) chunks.push(value.slice(i, i + CHUNK));
  await context.addCookies(
    chunks.map((chunk, i) => ({ name: chunks.length === 1 ? name : `${name}.${i}`, value: chunk, url: baseURL! })),
  );
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

const encodePart = (value: Record<string, unknown>) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The token with `changes` applied to its payload and its original signature kept. */
function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  return [header, encodePart({ ...decodePart(payload), ...changes }), signature].join(".");
}

/** Loads `path` and asserts the visitor is signed out: sent to /login, no server error shown. */
async function expectTreatedAsSignedOut(page: Page, path: string): Promise<void> {
  const failures: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  const response = await page.goto(path);
  expect(response?.status()).toBeLessThan(500);
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(path)}`);
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/Internal Server Error|Application error|\bat .+:\d+:\d+/);
  expect(failures).toEqual([]);
}

test.describe("a forged or dead session cookie is treated as signed out", () => {
  const path = `/habitats/${MOVIE_NIGHT_ID}`;

  test("control: the untouched cookie keeps the user signed in", async ({ page, context }) => {
    await signIn(page, USERS.alice, "/");
    const { name, session } = await readSession(context);
    await writeSession(context, name, session);
    await page.goto(path);
    await expect(page).toHaveURL(path);
    await expect(page.getByRole("heading", { level: 1, name: "Movie Night" })).toBeVisible();
  });

  test("a token whose payload was changed under its old signature (another user) is refused", async ({ page, context }) => {
    await signIn(page, USERS.alice, "/");
    const { name, session } = await readSession(context);
    const forged = tamper(session.access_token, { sub: USERS.bob.id, email: USERS.bob.email });
    await writeSession(context, name, { ...session, access_token: forged, user: { ...session.user, id: USERS.bob.id } });
    await expectTreatedAsSignedOut(page, path);
  });

  test("a token whose payload was changed to the service role is refused", async ({ page, context }) => {
    await signIn(page, USERS.alice, "/");
    const { name, session } = await readSession(context);
    await writeSession(context, name, { ...session, access_token: tamper(session.access_token, { role: "service_role" }) });
    await expectTreatedAsSignedOut(page, path);
  });

  test("an expired token that cannot be refreshed is refused", async ({ page, context }) => {
    await signIn(page, USERS.alice, "/");
    const { name, session } = await readSession(context);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ ...decodePart(session.access_token.split(".")[1]!), iat: past - 3600, exp: past })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(keys().jwtSecret));
    await writeSession(context, name, { ...session, access_token: expired, expires_at: past, refresh_token: "notarealtoken" });
    await expectTreatedAsSignedOut(page, path);
  });

  test("a cookie that is not a session at all is refused", async ({ page, context }) => {
    await signIn(page, USERS.alice, "/");
    const { name } = await readSession(context);
    const { baseURL } = test.info().project.use;
    for (const cookie of (await context.cookies()).filter((c) => AUTH_COOKIE.test(c.name))) await context.clearCookies({ name: cookie.name });
    await context.addCookies([{ name, value: "base64-bm90IGpzb24", url: baseURL! }]);
    await expectTreatedAsSignedOut(page, path);
  });
});
