// Shared steps for the e2e tests: demo users, signing in through the UI, data set up through the
// unmodified supabase-js as a real user (RLS applies), and locators for the party room.
import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { Client } from "pg";
import WebSocket from "ws";
import type { Database } from "../lib/database.types";
import { readStack } from "./stack";

export interface DemoUser {
  email: string;
  password: string;
  name: string;
  id: string;
}

export const USERS = {
  alice: { email: "alice@example.com", password: "password123", name: "Alice", id: "a11ce000-0000-4000-8000-000000000001" },
  bob: { email: "bob@example.com", password: "password123", name: "Bob", id: "b0b00000-0000-4000-8000-000000000002" },
  carol: { email: "carol@example.com", password: "password123", name: "Carol", id: "ca201000-0000-4000-8000-000000000003" },
} satisfies Record<string, DemoUser>;

export const MOVIE_NIGHT_ID = "40b17a70-0000-4000-8000-000000000001";

/** Runs `run` on the e2e stack's database as the superuser (for fixtures and checks RLS would hide). */
export async function asSuperuser<T>(run: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${readStack().dbPort}/postgres` });
  await db.connect();
  try {
    return await run(db);
  } finally {
    await db.end();
  }
}

/** A short unique suffix, so parallel tests never share a party. */
export const unique = () => randomUUID().slice(0, 8);

/** supabase-js signed in as `user` (Node 20 needs the `ws` transport for the realtime client). */
export async function apiAs(user: DemoUser): Promise<SupabaseClient<Database>> {
  const { apiUrl, anonKey } = readStack();
  const supabase = createClient<Database>(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error) throw error;
  return supabase;
}

export interface PartyOptions {
  title?: string;
  habitatId?: string;
  startsInMinutes?: number;
  mediaUrl?: string | null;
  description?: string | null;
}

/**
 * A fresh party scheduled by Alice (in Movie Night unless told otherwise). Written as a fixture (the
 * superuser), so the suite's many parties never meet the quota of 20 parties an hour a user has.
 */
export async function createParty(options: PartyOptions = {}): Promise<{ id: string; title: string }> {
  const title = options.title ?? `E2E party ${unique()}`;
  const start = new Date(Date.now() + (options.startsInMinutes ?? 90) * 60_000);
  const { rows } = await asSuperuser((db) =>
    db.query<{ id: string }>(
      `insert into public.habitat_watch_parties (habitat_id, title, description, scheduled_start, scheduled_end, created_by, media_url)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        options.habitatId ?? MOVIE_NIGHT_ID,
        title,
        options.description ?? "Created by the e2e suite.",
        start.toISOString(),
        new Date(start.getTime() + 2 * 3_600_000).toISOString(),
        USERS.alice.id,
        options.mediaUrl ?? null,
      ],
    ),
  );
  return { id: rows[0]!.id, title };
}

/** Signs in through the login form and waits to arrive at `path`. */
export async function signIn(page: Page, user: DemoUser, path = "/"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  const target = new URL(path, "http://x").pathname;
  await page.waitForURL((url) => url.pathname === target);
}

/** Realtime never connects on this page (its websocket is answered by nobody), as when offline. */
export async function withoutRealtime(page: Page): Promise<void> {
  await page.routeWebSocket(/\/realtime\/v1\//, () => undefined);
}

export const participantList = (page: Page): Locator => page.getByRole("list", { name: "Participants" });

export const participant = (page: Page, name: string): Locator => participantList(page).getByRole("listitem").filter({ hasText: name });

export const participantCount = (page: Page): Locator => page.getByText(/^\d+ participants?$/);

export const hostBadge = (item: Locator): Locator => item.getByText("Host", { exact: true });

/** Waits until no participant action is in flight on the page. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
}

/**
 * Marks the page's JavaScript world; `expectNotReloaded` then proves that what changed on screen
 * came without a reload or navigation.
 */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { e2eMarker?: string }).e2eMarker = "still here";
  });
}

export async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe("still here");
}

/** The message a failed participant action leaves (not Next.js's own route announcer). */
export const actionError = (page: Page): Locator => page.getByRole("alert").filter({ has: page.getByRole("button", { name: "Dismiss" }) });

/** `user` joins a habitat by consent: `inviter` (an owner or moderator) invites their address, they accept. */
export async function inviteAndAccept(inviter: SupabaseClient<Database>, habitatId: string, user: DemoUser): Promise<void> {
  const invitation = await inviter.rpc("invite_to_habitat", { p_habitat_id: habitatId, p_email: user.email });
  if (invitation.error) throw invitation.error;
  const accepted = await (await apiAs(user)).rpc("accept_habitat_invitation", { p_invitation_id: invitation.data });
  if (accepted.error) throw accepted.error;
}
