// What the browser can learn and what it can forge. (a) Neither the service-role key nor the JWT
// secret reaches a browser: not in any file of the production bundle (.next/static), not in the
// HTML or RSC payload of any page, signed in or not; the anon key, which must be there, is found,
// so the scan provably looks at the right files. (b) A forged or dead session cookie (payload
// changed under the old signature, or an expired token that cannot be refreshed) is treated as
// signed out: a redirect to /login, never a 500 or a stack trace; an untouched cookie stays
// signed in, so the redirect is the cookie's doing. (c) The path after signing in never leaves the
// site, however it is dressed ("/.//evil.host"). (d) Pages send a nonce-based CSP (every script
// carries the request's nonce), nosniff, a referrer and a permissions policy; another site cannot
// frame the room; the room's players and video files load without a CSP violation. (e) Auth's
// rate limits see each browser's address, not the app server's. (f) A session cookie copied before
// "Sign out" can no longer remove participants or hand the host role over.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext, type Page, type Response } from "@playwright/test";
import { createClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import WebSocket from "ws";
import type { StackKeys } from "@habitats/supabase-local/keys";
import { apiAs, asSuperuser, createParty, MOVIE_NIGHT_ID, signIn, unique, USERS, type DemoUser } from "./helpers";
import { callServerAction } from "./server-actions";
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
  const value = cookies
    .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name))
    .map((c) => c.value)
    .join("");
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
  await context.addCookies(chunks.map((chunk, i) => ({ name: chunks.length === 1 ? name : `${name}.${i}`, value: chunk, url: baseURL! })));
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
    for (const cookie of (await context.cookies()).filter((c) => AUTH_COOKIE.test(c.name)))
      await context.clearCookies({ name: cookie.name });
    await context.addCookies([{ name, value: "base64-bm90IGpzb24", url: baseURL! }]);
    await expectTreatedAsSignedOut(page, path);
  });
});

// ============================================================================================
// open redirects: the path after signing in never leaves the site
// ============================================================================================

/** `next` values that normalise to another host ("/.//h" is "//h"), as the audit sent them and encoded. */
const OFF_SITE_NEXT = [
  "/.//evil.host/x",
  "/..//evil.host/x",
  "/%2e//evil.host/x",
  "/a/..//evil.host/x",
  "//evil.host/x",
  "/\\evil.host/x",
  "https://evil.host/x",
];

test.describe("the path after signing in never leaves the site", () => {
  test("signed in, /login?next=<a path that normalises to another host> redirects within the site", async ({ page, baseURL }) => {
    await signIn(page, USERS.carol, "/");
    const app = new URL(baseURL!).origin;
    for (const next of OFF_SITE_NEXT) {
      for (const query of [next, encodeURIComponent(next)]) {
        const response = await page.request.get(`/login?next=${query}`, { maxRedirects: 0 });
        const location = response.headers().location ?? "";
        expect.soft(response.status(), `next=${query}`).toBe(307);
        expect.soft(location.startsWith("//") || location.startsWith("/\\"), `next=${query}: Location ${location}`).toBe(false);
        expect.soft(new URL(location, baseURL).origin, `next=${query}: Location ${location}`).toBe(app);
      }
    }
  });

  test("signing in from a link whose next is /.//evil.host/x lands on the dashboard", async ({ page, baseURL }) => {
    await page.goto("/login?next=/.//evil.host/x");
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(USERS.carol.email);
    await form.getByLabel("Password").fill(USERS.carol.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${new URL(baseURL!).origin}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  });
});

// ============================================================================================
// security headers: a nonce-based CSP, no framing by other sites, the players still load
// ============================================================================================

const PLAYERS = [
  "https://www.youtube-nocookie.com",
  "https://www.youtube.com",
  "https://player.vimeo.com",
  "https://player.twitch.tv",
  "https://clips.twitch.tv",
];

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

/** Asserts the headers every page sends, and returns the page's CSP nonce. */
function expectSecurityHeaders(headers: Record<string, string>, label: string): string {
  const csp = directives(headers["content-security-policy"] ?? "");
  const nonce = /^'nonce-([^']+)'$/.exec(csp["script-src"]?.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce, `${label}: script-src has a nonce`).toBeTruthy();
  expect(csp["script-src"], label).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(csp["frame-ancestors"], label).toEqual(["'none'"]);
  expect(csp["frame-src"], label).toEqual(PLAYERS);
  expect(csp["media-src"], label).toEqual(["'self'", "https:", "http:"]);
  const { apiUrl } = readStack();
  expect(csp["connect-src"], label).toEqual(["'self'", apiUrl, apiUrl.replace(/^http/, "ws")]);
  expect(csp["object-src"], label).toEqual(["'none'"]);
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], label).toContain("camera=()");
  return nonce!;
}

/** Collects the CSP violations the page reports (the DOM event and Chrome's console message). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|frame|connect|apply)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("security headers", () => {
  test("pages send a fresh nonce-based CSP, nosniff, a referrer and a permissions policy; every script carries the nonce", async ({
    page,
  }) => {
    const party = await createParty();
    const violations = await watchViolations(page);
    const first = await page.goto("/login");
    const loginNonce = expectSecurityHeaders(first!.headers(), "/login");
    const again = await page.request.get("/login");
    expect(expectSecurityHeaders(again.headers(), "/login again")).not.toBe(loginNonce);

    await signIn(page, USERS.alice, "/");
    const room = await page.goto(`/parties/${party.id}`);
    const nonce = expectSecurityHeaders(room!.headers(), "the party room");
    await expect(page.getByRole("heading", { level: 1, name: party.title })).toBeVisible();
    // every script the server wrote carries the nonce (those its scripts add later need none: 'strict-dynamic')
    const scriptTags = (await room!.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    expect(scriptTags.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
    // the scripts ran: the room is interactive
    await page.getByRole("button", { name: "Join party" }).click();
    await expect(page.getByRole("button", { name: "Leave party" })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("another site cannot frame the signed-in party room", async ({ page, baseURL }) => {
    const party = await createParty();
    await signIn(page, USERS.alice, "/");
    const roomUrl = new URL(`/parties/${party.id}`, baseURL).href;
    await page.route("http://evil.test/", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><h1>Win a prize</h1><iframe src="${roomUrl}" width="800" height="600"></iframe>`,
      }),
    );
    // the load event waits for the frame, refused or not
    await page.goto("http://evil.test/", { waitUntil: "load" });
    await expect(page.getByRole("heading", { name: "Win a prize" })).toBeVisible();
    const frame = page.frameLocator("iframe");
    // nothing of the app shows in the frame: not the room, not even the sign-in page
    await expect(frame.getByRole("heading", { name: party.title })).toHaveCount(0);
    await expect(frame.getByText("Habitats Watch Parties")).toHaveCount(0);
    await expect(frame.getByRole("button")).toHaveCount(0);
  });

  test("the room's YouTube, Vimeo and Twitch players and a video file load with no CSP violation", async ({ page }) => {
    test.setTimeout(180_000);
    const media = [
      { url: "https://www.youtube.com/watch?v=aqz-KE-bpKQ", frame: "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" },
      { url: "https://vimeo.com/76979871", frame: "https://player.vimeo.com/video/76979871" },
      { url: "https://www.twitch.tv/videos/123456789", frame: "https://player.twitch.tv/?video=v123456789" },
      { url: "https://media.example.org/films/premiere.mp4", video: "https://media.example.org/films/premiere.mp4" },
      { url: "http://media.example.org/films/premiere.webm", video: "http://media.example.org/films/premiere.webm" },
    ];
    const parties = await Promise.all(media.map((m) => createParty({ mediaUrl: m.url })));
    const violations = await watchViolations(page);
    await signIn(page, USERS.alice, "/");
    for (const [index, party] of parties.entries()) {
      const expected = media[index]!;
      await page.goto(`/parties/${party.id}`);
      await expect(page.getByRole("heading", { level: 1, name: party.title })).toBeVisible();
      if (expected.frame) {
        const player = page.locator("iframe");
        await expect(player).toHaveCount(1);
        expect(await player.getAttribute("src")).toContain(expected.frame);
        await player.scrollIntoViewIfNeeded();
        await expect
          .poll(() =>
            page
              .frames()
              .some((frame) => frame.url().startsWith(new URL(expected.frame).origin) || frame.url().startsWith("chrome-error://")),
          )
          .toBe(true);
      } else {
        await expect(page.locator("video")).toHaveAttribute("src", expected.video!);
      }
      // give a blocked load the time to be reported
      await page.waitForLoadState("load");
    }
    expect(violations).toEqual([]);
  });
});

// ============================================================================================
// sign-in throttling: auth's per-IP limits see each browser, not the app's server
// ============================================================================================

const TOO_MANY = "Too many attempts, try again in a few minutes";

test.describe("auth's rate limits count per browser", () => {
  test("a browser that keeps trying is told to wait a few minutes; another browser is not", async ({ browser, baseURL }) => {
    // two browsers on two addresses, as a proxy in front of the app would report them
    const tries = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.45" } });
    const other = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.45" } });
    const signUpForm = (page: Page) => page.getByRole("form", { name: "Create an account" });
    const trySignUp = async (page: Page) => {
      const form = signUpForm(page);
      await form.getByLabel("Display name").fill("Alice again");
      await form.getByLabel("Email").fill(USERS.alice.email);
      await form.getByLabel("Password").fill("a-long-password");
      await form.getByRole("button", { name: "Create account" }).click();
    };
    try {
      // sign-ups take from the `sign_in_sign_ups` bucket (30 at once) of the browser's address
      // (e2e/serve.ts: one token back per 5 minutes)
      const form = new FormData();
      for (const [name, value] of [
        ["displayName", "Alice again"],
        ["email", USERS.alice.email],
        ["password", "a-long-password"],
      ])
        form.set(name!, value!);
      const answers: unknown[] = [];
      while (answers.at(-1) !== TOO_MANY && answers.length < 40) {
        const response = await callServerAction(
          tries.request,
          "app/login/actions.ts",
          "signUp",
          "/login",
          [{ error: null, email: "", displayName: "" }, form],
          { baseURL },
        );
        answers.push((response.result as { error?: unknown } | undefined)?.error);
      }
      expect(answers).toEqual([...Array<string>(30).fill("An account with this email already exists. Sign in instead."), TOO_MANY]);

      const page = await tries.newPage();
      await page.goto("/login");
      await trySignUp(page);
      await expect(signUpForm(page).getByText(TOO_MANY)).toBeVisible();

      const otherPage = await other.newPage();
      await otherPage.goto("/login");
      await trySignUp(otherPage);
      await expect(signUpForm(otherPage).getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
    } finally {
      await tries.close();
      await other.close();
    }
  });
});

// ============================================================================================
// after sign-out: a session cookie copied before it cannot act on other people
// ============================================================================================

test.describe("a session cookie copied before signing out", () => {
  test("can no longer remove a participant or make someone host", async ({ browser, baseURL }) => {
    // a host of their own, so that signing them out (every session) disturbs no other test
    const host = await newMember();
    const party = await createParty();
    const hostApi = await apiAs(host);
    const bobApi = await apiAs(USERS.bob);
    for (const api of [hostApi, bobApi]) {
      const { data } = await api.auth.getUser();
      const { error } = await api.from("stream_participants").insert({ stream_id: party.id, user_id: data.user!.id });
      expect(error).toBeNull();
    }

    const own = await browser.newContext();
    const copy = await browser.newContext();
    try {
      const page = await own.newPage();
      await signIn(page, host, `/parties/${party.id}`);
      await copy.addCookies((await own.cookies()).filter((c) => AUTH_COOKIE.test(c.name)));
      // the copy works while the session lives
      const copied = await copy.newPage();
      await copied.goto(`/parties/${party.id}`);
      await expect(copied.getByRole("heading", { level: 1, name: party.title })).toBeVisible();

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL("/login");

      const target = { partyId: party.id, userId: USERS.bob.id };
      for (const name of ["removeParticipant", "makeHost"]) {
        const response = await callServerAction(copy.request, "app/parties/[partyId]/actions.ts", name, `/parties/${party.id}`, [target], {
          baseURL,
        });
        expect(response.result, name).toEqual({ ok: false, error: "Your session expired — sign in again" });
      }
      const { data } = await bobApi.from("stream_participants").select("user_id, is_host").eq("stream_id", party.id).order("joined_at");
      expect(data).toEqual([
        { user_id: host.id, is_host: true },
        { user_id: USERS.bob.id, is_host: false },
      ]);
    } finally {
      await own.close();
      await copy.close();
    }
  });
});

/** A new member of Movie Night with a password, signed up through auth (so a sign-out ends only their sessions). */
async function newMember(): Promise<DemoUser> {
  const { apiUrl, anonKey } = readStack();
  const email = `host-${unique()}@example.com`;
  const password = "a-long-password";
  const supabase = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await supabase.auth.signUp({ email, password, options: { data: { display_name: "Copied Host" } } });
  if (error || !data.user) throw error ?? new Error("no user");
  const id = data.user.id;
  await asSuperuser((db) =>
    db.query("insert into public.habitat_members (habitat_id, user_id, role) values ($1, $2, 'member')", [MOVIE_NIGHT_ID, id]),
  );
  return { email, password, name: "Copied Host", id };
}
