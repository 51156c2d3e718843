// The per-tenant limits of Supabase Realtime, with the values `supabase start` gives its local
// tenant: the CLI starts realtime with SEED_SELF_HOST=true and no TENANT_MAX_* variables, so the
// seeded tenant (priv/repo/seeds.exs) takes realtime's defaults: config/runtime.exs for the
// TENANT_MAX_* columns (Api.Tenant.changeset's maybe_set_default), the schema defaults of
// lib/realtime/api/tenant.ex for presence events and payload size, and the client presence window
// of config/runtime.exs (CLIENT_PRESENCE_MAX_CALLS, CLIENT_PRESENCE_WINDOW_MS). The connect backoff
// is realtime's CONNECT_ERROR_BACKOFF_MS (a refused join waits CHANNEL_ERROR_BACKOFF_MS, the
// service's `channelErrorBackoffMs` option); the ticks are those of the rate counters
// (Realtime.Tenants.*_per_second_rate: 5 s × 12 buckets; the request counter of
// RealtimeWeb.Plugs.AssignTenant: 1 s × 60 buckets).
//
// The stack reads them from the environment under realtime's own variable names (`limitsFromEnv`),
// so a benchmark that needs more raises them, as a paid plan would.

export interface RealtimeLimits {
  /** max_concurrent_users: sockets that have joined a channel (refused at connect and join beyond it) */
  maxConcurrentUsers: number;
  /** max_events_per_second: broadcasts sent and delivered, REST messages; also the postgres_changes rate */
  maxEventsPerSecond: number;
  /** max_joins_per_second: channel joins, averaged */
  maxJoinsPerSecond: number;
  /** max_channels_per_client: channels one socket may hold */
  maxChannelsPerClient: number;
  /** max_bytes_per_second: kept as the seed has it; Realtime only measures traffic with it, and so does nothing here */
  maxBytesPerSecond: number;
  /** max_presence_events_per_second: presence_state pushes, tracks and presence_diff deliveries */
  maxPresenceEventsPerSecond: number;
  /** max_payload_size_in_kb: broadcasts, tracks and REST messages (in kB of 1000 bytes, plus 500 bytes of slack) */
  maxPayloadSizeInKb: number;
  /** presence messages one channel may send per window, then the channel is closed */
  maxClientPresenceEventsPerWindow: number;
  clientPresenceWindowMs: number;
  /** how long a refused websocket connect waits before its 429 */
  connectErrorBackoffMs: number;
  /** tick of the events, joins, presence and postgres_changes rate counters (12 buckets: a 60 s average) */
  rateCounterTickMs: number;
  /** tick of the REST request counter (60 buckets) */
  requestCounterTickMs: number;
}

export const DEFAULT_LIMITS: Readonly<RealtimeLimits> = Object.freeze({
  maxConcurrentUsers: 200,
  maxEventsPerSecond: 100,
  maxJoinsPerSecond: 100,
  maxChannelsPerClient: 100,
  maxBytesPerSecond: 100_000,
  maxPresenceEventsPerSecond: 1_000,
  maxPayloadSizeInKb: 3_000,
  maxClientPresenceEventsPerWindow: 5,
  clientPresenceWindowMs: 30_000,
  connectErrorBackoffMs: 2_000,
  rateCounterTickMs: 5_000,
  requestCounterTickMs: 1_000,
});

/**
 * The environment variables the stack reads, as realtime names them (the two tenant columns
 * without a variable of realtime's own follow the TENANT_MAX_ pattern).
 */
export const LIMIT_ENV = {
  maxConcurrentUsers: "TENANT_MAX_CONCURRENT_USERS",
  maxEventsPerSecond: "TENANT_MAX_EVENTS_PER_SECOND",
  maxJoinsPerSecond: "TENANT_MAX_JOINS_PER_SECOND",
  maxChannelsPerClient: "TENANT_MAX_CHANNELS_PER_CLIENT",
  maxBytesPerSecond: "TENANT_MAX_BYTES_PER_SECOND",
  maxPresenceEventsPerSecond: "TENANT_MAX_PRESENCE_EVENTS_PER_SECOND",
  maxPayloadSizeInKb: "TENANT_MAX_PAYLOAD_SIZE_IN_KB",
  maxClientPresenceEventsPerWindow: "CLIENT_PRESENCE_MAX_CALLS",
  clientPresenceWindowMs: "CLIENT_PRESENCE_WINDOW_MS",
  connectErrorBackoffMs: "CONNECT_ERROR_BACKOFF_MS",
} as const satisfies Partial<Record<keyof RealtimeLimits, string>>;

/** The websocket's largest frame (RealtimeWeb.Endpoint's max_frame_size): larger ones close the socket (1009). */
export const WEBSOCKET_MAX_FRAME_BYTES = 5_000_000;

/** The payload size limit in bytes, as Tenants.validate_payload_size computes it. */
export function maxPayloadBytes(limits: Pick<RealtimeLimits, "maxPayloadSizeInKb">): number {
  return limits.maxPayloadSizeInKb * 1000 + 500;
}

function checked(name: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum)
    throw new Error(`realtime limit ${name} must be an integer of at least ${minimum}, got ${value}`);
  return value;
}

/** `overrides` over the defaults; every value an integer (the backoff may be 0, the rest at least 1). */
export function resolveLimits(overrides: Partial<RealtimeLimits> = {}): RealtimeLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof RealtimeLimits)[]) {
    checked(key, limits[key], key.endsWith("BackoffMs") ? 0 : 1);
  }
  return limits;
}

/** The limits set in `env` (LIMIT_ENV), the rest left to the defaults. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<RealtimeLimits> {
  const limits: Partial<RealtimeLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof typeof LIMIT_ENV, string][]) {
    const text = env[name]?.trim();
    if (text === undefined || text === "") continue;
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got "${text}"`);
    limits[key] = Number(text);
  }
  resolveLimits(limits);
  return limits;
}
