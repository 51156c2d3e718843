// Through the app: the production build (`next build`, into its own folder) served by `next start`
// against a scratch stack, signed in as the demo user Alice through the sign-in action. Measured:
// the party page's server render (request to last byte of the HTML) and the dashboard's; joining
// and leaving through the app's server actions, as the browser calls them; and, in the same run,
// the same join and leave through supabase-js straight to the stack (what the action adds is the
// Next.js request, the session cookie and the server Supabase client).
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import type { Database } from "../lib/database.types";
import { callServerAction } from "../e2e/server-actions";
import type { ScratchStack } from "@habitats/supabase-local/scratch-stack";
import { startNextApp } from "./lib/next-app";
import { summarize, type Row } from "./lib/stats";

const PARTY = "f11a0000-0000-4000-8000-000000000001"; // the seed's first party in Movie Night
const ALICE = { email: "alice@example.com", password: "password123" };
const RENDERS = 50;
const ROUNDS = 100;
const PARTY_ACTIONS = "app/parties/[partyId]/actions.ts";

async function timeRender(api: APIRequestContext, path: string, mustContain: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RENDERS + 5; i++) {
    const t = performance.now();
    const response = await api.get(path, { maxRedirects: 0 });
    const html = await response.text();
    if (i >= 5) samples.push(performance.now() - t);
    if (response.status() !== 200 || !html.includes(mustContain))
      throw new Error(`GET ${path}: ${response.status()}, expected a page with "${mustContain}"`);
  }
  return samples;
}

async function timeActions(api: APIRequestContext, baseURL: string, distDir: string): Promise<{ joins: number[]; leaves: number[] }> {
  const joins: number[] = [];
  const leaves: number[] = [];
  const call = async (name: "joinParty" | "leaveParty", samples: number[]) => {
    const t = performance.now();
    const { status, result } = await callServerAction(api, PARTY_ACTIONS, name, `/parties/${PARTY}`, [PARTY], { baseURL, distDir });
    samples.push(performance.now() - t);
    if (status !== 200 || (result as { ok?: unknown } | undefined)?.ok !== true)
      throw new Error(`${name}: ${status} ${JSON.stringify(result)}`);
  };
  for (let i = 0; i < ROUNDS; i++) {
    await call("joinParty", joins);
    await call("leaveParty", leaves);
  }
  return { joins, leaves };
}

async function timeSupabaseJs(stack: ScratchStack): Promise<{ joins: number[]; leaves: number[] }> {
  const supabase = createClient<Database>(stack.apiUrl, stack.keys.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
  const { data, error } = await supabase.auth.signInWithPassword(ALICE);
  if (error) throw error;
  const joins: number[] = [];
  const leaves: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const joined = await supabase.from("stream_participants").insert({ stream_id: PARTY, user_id: data.user.id });
    joins.push(performance.now() - t);
    t = performance.now();
    const left = await supabase.from("stream_participants").delete().eq("stream_id", PARTY).eq("user_id", data.user.id);
    leaves.push(performance.now() - t);
    if (joined.error || left.error) throw new Error(JSON.stringify(joined.error ?? left.error));
  }
  return { joins, leaves };
}

export async function benchApp(stack: ScratchStack): Promise<{ build: Row; rows: Row[] }> {
  const app = await startNextApp(stack);
  const { baseURL } = app;
  const build: Row = { "next build s": app.buildSeconds };
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    const form = new FormData();
    form.set("email", ALICE.email);
    form.set("password", ALICE.password);
    const signedIn = await callServerAction(
      api,
      "app/login/actions.ts",
      "signIn",
      "/login",
      [{ error: null, email: "", displayName: "" }, form],
      {
        baseURL,
        distDir: app.distDir,
      },
    );
    if (!signedIn.redirect) throw new Error(`signing in through the app failed: ${JSON.stringify(signedIn.result ?? signedIn.text)}`);

    const signedOut = await playwrightRequest.newContext({ baseURL });
    const loginPage = summarize(await timeRender(signedOut, "/login", "Sign in"));
    await signedOut.dispose();
    const partyPage = summarize(await timeRender(api, `/parties/${PARTY}`, "Participants"));
    const dashboard = summarize(await timeRender(api, "/", "Movie Night"));
    const actions = await timeActions(api, baseURL, app.distDir);
    const direct = await timeSupabaseJs(stack);
    const row = (name: string, s: ReturnType<typeof summarize>): Row => ({
      request: name,
      count: s.count,
      "p50 ms": s.p50,
      "p95 ms": s.p95,
    });
    const [actionJoin, directJoin] = [summarize(actions.joins), summarize(direct.joins)];
    return {
      build,
      rows: [
        row("sign-in page, signed out (GET /login: no data, Next's floor)", loginPage),
        row("party page, server render (GET /parties/[id])", partyPage),
        row("dashboard, server render (GET /)", dashboard),
        row("join, server action", actionJoin),
        row("leave, server action", summarize(actions.leaves)),
        row("join, supabase-js to the stack", directJoin),
        row("leave, supabase-js to the stack", summarize(direct.leaves)),
        {
          request: "join p50: server action / supabase-js",
          count: "",
          "p50 ms": actionJoin.p50 / directJoin.p50,
          "p95 ms": actionJoin.p95 / directJoin.p95,
        },
      ],
    };
  } finally {
    await api.dispose();
    await app.stop();
  }
}
