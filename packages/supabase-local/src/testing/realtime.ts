// Helpers for the realtime tests: a service on a fresh database (connecting as
// supabase_realtime_admin, as the stack does), tokens signed with a random secret, the real
// supabase-js client, a raw Phoenix socket for protocol-level checks, and waiting for messages.
import { randomBytes } from "node:crypto";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import WebSocket from "ws";
import { freshDatabase, type TestDatabase } from "./database";
import { freePort } from "../ports";
import { startRealtime, type RealtimeHandle, type RealtimeOptions } from "../realtime/index";

export interface TestRealtime {
  db: TestDatabase;
  realtime: RealtimeHandle;
  url: string;
  secret: string;
  anonKey: string;
  serviceKey: string;
  sign(claims: Record<string, unknown>, expiresInSeconds?: number): Promise<string>;
  userToken(userId: string, expiresInSeconds?: number): Promise<string>;
  /** the service's connection string: supabase_realtime_admin on the test database */
  serviceDatabaseUrl: string;
  close(): Promise<void>;
}

export function asRole(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

export async function signToken(secret: string, claims: Record<string, unknown>, expiresInSeconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** What a test may set on its service; refused joins answer after 100 ms unless it says otherwise (Realtime's own test setting). */
export type TestRealtimeOptions = Partial<Pick<RealtimeOptions, "privateOnly" | "channelErrorBackoffMs" | "janitorIntervalMs" | "limits">>;

export async function startTestRealtime(options: TestRealtimeOptions = {}): Promise<TestRealtime> {
  const db = await freshDatabase();
  const secret = randomBytes(30).toString("base64url");
  const serviceDatabaseUrl = asRole(db.url, "supabase_realtime_admin", "postgres");
  let realtime: RealtimeHandle;
  try {
    realtime = await startRealtime({
      port: await freePort(),
      databaseUrl: serviceDatabaseUrl,
      jwtSecret: secret,
      // the publication of realtime.messages needs CREATE on the database: the superuser makes it, as the stack's does
      adminDatabaseUrl: db.url,
      channelErrorBackoffMs: 100,
      ...options,
      // REALTIME_LOG=1 shows the service's diagnostics
      log: process.env.REALTIME_LOG ? (message) => console.log(`[realtime] ${message}`) : undefined,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const sign = (claims: Record<string, unknown>, expiresInSeconds?: number) => signToken(secret, claims, expiresInSeconds);
  return {
    db,
    realtime,
    url: realtime.url,
    secret,
    anonKey: await sign({ role: "anon", iss: "supabase-demo" }, 10 * 365 * 24 * 3600),
    serviceKey: await sign({ role: "service_role", iss: "supabase-demo" }, 10 * 365 * 24 * 3600),
    sign,
    userToken: (userId, expiresInSeconds) =>
      sign({ sub: userId, role: "authenticated", aud: "authenticated", email: `${userId}@example.com` }, expiresInSeconds),
    serviceDatabaseUrl,
    close: async () => {
      await realtime.stop();
      await db.close();
    },
  };
}

/**
 * A supabase-js client whose session token is `token`, as an app's client after sign-in: the
 * token comes from the client's `accessToken` callback and is handed to realtime with setAuth.
 */
export class TestClient {
  readonly supabase: SupabaseClient;
  private token: string;

  private constructor(url: string, anonKey: string, token: string) {
    this.token = token;
    this.supabase = createClient(url, anonKey, {
      accessToken: async () => this.token,
      realtime: { transport: WebSocket as unknown as never },
    });
  }

  static async create(env: Pick<TestRealtime, "url" | "anonKey">, token: string = env.anonKey): Promise<TestClient> {
    const client = new TestClient(env.url, env.anonKey, token);
    // before the first subscribe: a join sent before the token arrived would go out without it
    await client.supabase.realtime.setAuth(token);
    return client;
  }

  /** Sign-in, refresh or sign-out (the anon key): the new token reaches every joined channel. */
  async setToken(token: string): Promise<void> {
    this.token = token;
    await this.supabase.realtime.setAuth(token);
  }

  async close(): Promise<void> {
    await this.supabase.removeAllChannels();
  }
}

/** Subscribes and resolves at SUBSCRIBED; rejects on CHANNEL_ERROR or TIMED_OUT. */
export function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === "SUBSCRIBED") resolve(channel);
      else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(new Error(`${status}: ${error?.message ?? ""}`));
    });
  });
}

/** Messages collected in arrival order, with a way to wait for one. */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { predicate: (items: T[]) => boolean; resolve: () => void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate(this.items)) return true;
      waiter.resolve();
      return false;
    });
  };

  /** Resolves once `predicate` holds for what has arrived; fails after `timeoutMs`. */
  until(predicate: (items: T[]) => boolean, timeoutMs = 15_000): Promise<T[]> {
    if (predicate(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting; received ${this.items.length}: ${JSON.stringify(this.items).slice(0, 2000)}`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.items);
        },
      });
    });
  }

  count(n: number, timeoutMs?: number): Promise<T[]> {
    return this.until((items) => items.length >= n, timeoutMs);
  }

  some(predicate: (item: T) => boolean, timeoutMs?: number): Promise<T> {
    return this.until((items) => items.some(predicate), timeoutMs).then((items) => items.find(predicate)!);
  }
}

/** A postgres_changes callback's payload, as realtime-js hands it over. */
export interface ChangeEvent {
  schema: string;
  table: string;
  commit_timestamp: string;
  eventType: "INSERT" | "UPDATE" | "DELETE";
  new: Record<string, unknown>;
  old: Record<string, unknown>;
  errors: string[] | null;
}

export type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/** A bare Phoenix client (serializer 2.0.0 unless asked otherwise) for protocol-level checks. */
export class RawSocket {
  readonly frames = new Inbox<Frame | Buffer>();
  /** resolves with the close code once the connection is closed (by either side) */
  readonly closed: Promise<number>;
  private ref = 0;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
    ws.on("message", (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      this.frames.push(isBinary ? buffer : (JSON.parse(buffer.toString("utf8")) as Frame));
    });
  }

  /** `headers`: sent with the upgrade request (the x-* ones reach realtime.messages policies). */
  static open(url: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<RawSocket> {
    const wsUrl = new URL("/realtime/v1/websocket", url.replace(/^http/, "ws"));
    for (const [k, v] of Object.entries(params)) wsUrl.searchParams.set(k, v);
    const ws = new WebSocket(wsUrl, { headers });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new RawSocket(ws)));
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once("error", reject);
    });
  }

  nextRef(): string {
    return String(++this.ref);
  }

  send(frame: unknown[] | Record<string, unknown> | Buffer): void {
    this.ws.send(Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), { binary: Buffer.isBuffer(frame) });
  }

  /** The first frame (text) matching `predicate`. */
  async next(predicate: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame> {
    return (await this.frames.some((frame) => !Buffer.isBuffer(frame) && predicate(frame), timeoutMs)) as Frame;
  }

  close(): void {
    this.ws.close();
  }
}
