// The change feed: one logical replication slot (pgoutput) on the publication, streamed over a
// replication connection, decoded in commit order and handed to the dispatcher one change at a
// time. A transaction is acknowledged only after all its changes were dispatched, so a lost
// connection (a database restart, a terminated walsender) loses nothing: the stream reconnects to
// the same permanent slot and resumes at the last acknowledged commit, skipping what was already
// dispatched. The slot is created at start (replacing a stale one a crash left behind) and dropped
// at stop.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { LogicalReplicationService, type PgoutputPlugin } from "pg-logical-replication";
import { decodePgoutput, formatLsn, parseLsn, type PgoutputMessage, type Relation, type TupleValue } from "./pgoutput";

export type ChangeAction = "INSERT" | "UPDATE" | "DELETE";

export interface RowChange {
  action: ChangeAction;
  relation: Relation;
  /** the transaction id (32 bits, as pgoutput sends it) */
  xid: number;
  commitTime: Date;
  /** INSERT, UPDATE */
  newTuple: TupleValue[] | null;
  /** the whole old row (REPLICA IDENTITY FULL) */
  oldTuple: TupleValue[] | null;
  /** the old replica identity columns (others are null placeholders) */
  keyTuple: TupleValue[] | null;
}

export interface ReplicationOptions {
  databaseUrl: string;
  slotName: string;
  publication: string;
  /** Called for each change, in commit order; the stream waits for it. Throwing retries the change. */
  onChange(change: RowChange): Promise<void>;
  /** A table's description arrived (first use, or after a schema or privilege change). */
  onRelation?(relation: Relation): void;
  log?(message: string): void;
}

export interface ReplicationHandle {
  slotName: string;
  stop(): Promise<void>;
}

/** Settings that make the walsender print values the way Realtime's payloads expect them. */
const OUTPUT_SETTINGS = "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex";

const RECONNECT_DELAYS_MS = [100, 200, 500, 1000, 2000];

/** How long a start waits for a slot still held by a walsender (a killed realtime's) to be released. */
const SLOT_RELEASE_WAIT_MS = 5_000;

/** Runs `fn` on a connection of its own, closed afterwards. */
export async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "supabase_realtime_local" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the slot, replacing an inactive one of the same name (left by a crash). */
async function createSlot(databaseUrl: string, slotName: string, publication: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const pub = await client.query("select 1 from pg_publication where pubname = $1", [publication]);
    if (pub.rowCount === 0) throw new Error(`publication "${publication}" does not exist: realtime streams the tables of that publication`);
    const lookup = () =>
      client.query<{ active: boolean; database: string | null; current: string }>(
        "select active, database, current_database() as current from pg_replication_slots where slot_name = $1",
        [slotName],
      );
    let slot = (await lookup()).rows[0];
    // a killed predecessor's walsender lets go of the slot a moment after its connection dropped
    for (let waited = 0; slot?.active && waited < SLOT_RELEASE_WAIT_MS; waited += 50) {
      await sleep(50);
      slot = (await lookup()).rows[0];
    }
    if (slot) {
      if (slot.active)
        throw new Error(`replication slot "${slotName}" is in use by another process (another realtime service on this database?)`);
      if (slot.database !== slot.current) throw new Error(`replication slot "${slotName}" belongs to database "${slot.database}"`);
      await client.query("select pg_drop_replication_slot($1)", [slotName]);
    }
    await client.query("select pg_create_logical_replication_slot($1, 'pgoutput')", [slotName]);
  });
}

/** Drops the slot once its walsender has let go of it. */
async function dropSlot(databaseUrl: string, slotName: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await client.query<{ active_pid: number | null }>(
        "select active_pid from pg_replication_slots where slot_name = $1",
        [slotName],
      );
      const slot = rows[0];
      if (!slot) return;
      if (slot.active_pid === null) {
        try {
          await client.query("select pg_drop_replication_slot($1)", [slotName]);
          return;
        } catch {
          // became active again in between: retry
        }
      } else if (attempt === 50) {
        await client.query("select pg_terminate_backend($1)", [slot.active_pid]).catch(() => undefined);
      }
      await sleep(50);
    }
    throw new Error(`replication slot "${slotName}" stayed in use; drop it with pg_drop_replication_slot`);
  });
}

interface OpenTransaction {
  finalLsn: bigint;
  xid: number;
  commitTime: Date;
  /** changes of this transaction seen so far on the current pass */
  seen: number;
}

class ReplicationStream {
  private readonly service: LogicalReplicationService;
  private readonly relations = new Map<number, Relation>();
  private readonly queue: PgoutputMessage[] = [];
  private pumping = false;
  private stopping = false;
  private transaction: OpenTransaction | null = null;
  /** The commit LSN of the last transaction dispatched in full: a replay of it is skipped. */
  private doneLsn = 0n;
  /** What was last confirmed to the server (it resumes there after a reconnect). */
  private ackedLsn = 0n;
  /** A transaction cut off by a lost connection: how many of its changes were already dispatched. */
  private partial: { finalLsn: bigint; dispatched: number } | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: ReplicationOptions) {
    this.service = new LogicalReplicationService(
      { connectionString: options.databaseUrl, application_name: "supabase_realtime_replication", options: OUTPUT_SETTINGS },
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: false } },
    );
    this.service.on("data", (_lsn: string, message: PgoutputMessage) => this.enqueue(message));
    this.service.on("heartbeat", (lsn: string, _timestamp: number, shouldRespond: boolean) =>
      this.onKeepalive(parseLsn(lsn), shouldRespond),
    );
    this.service.on("error", () => undefined); // the subscribe() promise reports the failure
  }

  /** pgoutput, decoded by ./pgoutput (values stay text), started at the slot's confirmed position. */
  private plugin(): PgoutputPlugin {
    const { publication } = this.options;
    const plugin = {
      name: "pgoutput",
      options: {},
      parse: (buffer: Buffer) => decodePgoutput(buffer),
      start: (client: pg.Client, slotName: string) =>
        client.query(
          `START_REPLICATION SLOT ${pg.escapeIdentifier(slotName)} LOGICAL 0/0 (proto_version '1', publication_names ${pg.escapeLiteral(publication)})`,
        ),
    };
    // the service only calls parse() and start(); the library's own plugin would convert values with pg's type parsers
    return plugin as unknown as PgoutputPlugin;
  }

  /** Resolves once streaming has started; later connection losses are retried in the background. */
  async start(): Promise<void> {
    let started!: () => void;
    let failed!: (error: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    let starts = 0;
    this.service.on("start", () => {
      starts++;
      started();
    });
    this.loop = (async () => {
      let attempt = 0;
      while (!this.stopping) {
        const startsBefore = starts;
        try {
          await this.service.subscribe(this.plugin(), this.options.slotName);
          if (!this.stopping) this.options.log?.("replication stream ended; reconnecting");
        } catch (error) {
          if (starts === 0) {
            failed(error);
            return;
          }
          if (!this.stopping) this.options.log?.(`replication connection lost (${String(error)}); reconnecting`);
        }
        await this.service.stop().catch(() => undefined);
        if (this.stopping) return;
        if (starts > startsBefore) attempt = 0;
        await sleep(RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)]);
      }
    })();
    await ready;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.queue.length = 0;
    await this.service.stop().catch(() => undefined);
    await this.loop;
    this.service.removeAllListeners();
  }

  private enqueue(message: PgoutputMessage): void {
    this.queue.push(message);
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.stopping) await this.process(this.queue.shift()!);
    } finally {
      this.pumping = false;
    }
  }

  private async process(message: PgoutputMessage): Promise<void> {
    switch (message.tag) {
      case "relation":
        this.relations.set(message.relation.oid, message.relation);
        this.options.onRelation?.(message.relation);
        return;
      case "begin":
        this.transaction = { finalLsn: message.finalLsn, xid: message.xid, commitTime: message.commitTime, seen: 0 };
        return;
      case "commit":
        if (this.transaction && this.transaction.finalLsn > this.doneLsn) this.doneLsn = this.transaction.finalLsn;
        this.transaction = null;
        this.partial = null;
        this.acknowledge(message.endLsn);
        return;
      case "insert":
      case "update":
      case "delete":
        await this.change(message);
        return;
      default:
        return;
    }
  }

  private async change(message: Extract<PgoutputMessage, { tag: "insert" | "update" | "delete" }>): Promise<void> {
    const tx = this.transaction;
    const relation = this.relations.get(message.relationOid);
    if (!tx || !relation) return;
    tx.seen++;
    // already dispatched before the connection was lost and the slot replayed it
    if (tx.finalLsn <= this.doneLsn) return;
    if (this.partial && this.partial.finalLsn === tx.finalLsn && tx.seen <= this.partial.dispatched) return;
    const change: RowChange = {
      action: message.tag === "insert" ? "INSERT" : message.tag === "update" ? "UPDATE" : "DELETE",
      relation,
      xid: tx.xid,
      commitTime: tx.commitTime,
      newTuple: message.tag === "delete" ? null : message.newTuple,
      oldTuple: message.tag === "insert" ? null : message.oldTuple,
      keyTuple: message.tag === "insert" ? null : message.keyTuple,
    };
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.options.onChange(change);
        break;
      } catch (error) {
        this.options.log?.(`dispatching a change failed (${String(error)}); retrying`);
        await sleep(RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]);
      }
    }
    this.partial = { finalLsn: tx.finalLsn, dispatched: tx.seen };
  }

  /** Confirms everything before `lsn` (the library reports lsn + 1, hence the - 1). */
  private acknowledge(lsn: bigint): void {
    if (lsn > this.ackedLsn) this.ackedLsn = lsn;
    if (this.ackedLsn > 0n) void this.service.acknowledge(formatLsn(this.ackedLsn - 1n)).catch(() => undefined);
  }

  /** Idle (nothing queued, no open transaction): everything the server sent is dispatched. */
  private onKeepalive(lsn: bigint, shouldRespond: boolean): void {
    if (this.queue.length === 0 && !this.pumping && this.transaction === null) this.acknowledge(lsn);
    else if (shouldRespond) this.acknowledge(this.ackedLsn);
  }
}

export async function startReplication(options: ReplicationOptions): Promise<ReplicationHandle> {
  await createSlot(options.databaseUrl, options.slotName, options.publication);
  const stream = new ReplicationStream(options);
  try {
    await stream.start();
  } catch (error) {
    await stream.stop();
    await dropSlot(options.databaseUrl, options.slotName).catch(() => undefined);
    throw error;
  }
  return {
    slotName: options.slotName,
    stop: async () => {
      await stream.stop();
      await dropSlot(options.databaseUrl, options.slotName);
    },
  };
}

/** A slot name for `databaseUrl`'s database (slot names are per cluster; one service per database). */
export function defaultSlotName(databaseUrl: string): string {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, "")) || "postgres";
  return `supabase_realtime_local_${database.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 63);
}
