// Broadcast from the database, as Realtime.Tenants.ReplicationConnection streams it: rows INSERTed
// into realtime.messages arrive over logical replication (pgoutput, proto_version 2) from a
// TEMPORARY slot `supabase_realtime_messages_replication_slot_<suffix>` on the publication
// `supabase_realtime_messages_publication` (FOR TABLE realtime.messages; created, or recreated when
// it holds other tables, before the slot). The stream names the partition a row went to
// (realtime.messages_2026_08_21), so relations are matched by schema `realtime` and a name starting
// with `messages`. Only INSERTs count, in commit order; a row needs inserted_at, event, id, topic,
// private and a payload (binary_payload first, else payload), else it is dropped
// (UnableToBroadcastChanges). The slot is temporary: rows committed while the stream is down are
// not pushed (replay still serves them); a lost connection is retried with a new slot.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { LogicalReplicationService, type PgoutputPlugin } from "pg-logical-replication";
import { decodePgoutput, type PgoutputMessage, type Relation, type TupleValue } from "../extensions/postgres-changes/pgoutput";
import { withClient as withConnection } from "../extensions/postgres-changes/replication";

export const MESSAGES_PUBLICATION = "supabase_realtime_messages_publication";
const SLOT_PREFIX = "supabase_realtime_messages_replication_slot_";

/** A row of realtime.messages to broadcast. */
export interface DatabaseBroadcast {
  id: string;
  topic: string;
  event: string;
  private: boolean;
  encoding: "json" | "binary";
  /** the payload's JSON text (as Postgres prints jsonb) or the binary_payload's bytes */
  payload: Buffer;
}

export interface MessagesReplicationOptions {
  /** the service's connection (a role with REPLICATION that owns realtime.messages) */
  databaseUrl: string;
  /** used for the publication when given (creating one needs CREATE on the database); else databaseUrl */
  adminDatabaseUrl?: string;
  /** default supabase_realtime_messages_replication_slot_<database> */
  slotName?: string;
  onBroadcast(message: DatabaseBroadcast): void;
  log(message: string): void;
}

export interface MessagesReplication {
  /** whether the stream is up (what broadcast.replication_ready waits for) */
  streaming(): boolean;
  /** Resolves true once streaming, false after `timeoutMs`. */
  whenStreaming(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Waits between attempts: quick while the stream has been down for less than RETRY_QUICKLY_MS (a
 * database restart: rows committed before the new slot exists are not pushed, so the sooner the
 * better; hosted Realtime waits 5 s or more), then every RETRY_SLOWLY_MS (a lasting failure).
 */
const RETRY_DELAYS_MS = [100, 200, 300, 500];
const RETRY_QUICKLY_MS = 30_000;
const RETRY_SLOWLY_MS = 30_000;
/** How long the start waits for the stream (a killed predecessor's slot may take a moment to go). */
const FIRST_START_WAIT_MS = 10_000;

export function messagesSlotName(databaseUrl: string): string {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, "")) || "postgres";
  return `${SLOT_PREFIX}${database.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 63);
}

/** The publication exists and holds realtime.messages (its partitions) only; recreated otherwise. */
async function ensurePublication(options: MessagesReplicationOptions): Promise<void> {
  const tables = await withConnection(options.databaseUrl, async (client) => {
    const { rowCount } = await client.query("select 1 from pg_catalog.pg_publication where pubname = $1", [MESSAGES_PUBLICATION]);
    if (rowCount === 0) return null;
    return (
      await client.query<{ schemaname: string; tablename: string }>(
        "select schemaname, tablename from pg_catalog.pg_publication_tables where pubname = $1",
        [MESSAGES_PUBLICATION],
      )
    ).rows;
  });
  const valid =
    tables !== null &&
    tables.length > 0 &&
    tables.every((t) => t.schemaname === "realtime" && (t.tablename === "messages" || t.tablename.startsWith("messages_")));
  if (valid) return;
  if (tables !== null) options.log(`publication ${MESSAGES_PUBLICATION} contains unexpected tables; recreating it`);
  await withConnection(options.adminDatabaseUrl ?? options.databaseUrl, async (client) => {
    await client.query("begin");
    await client.query(`drop publication if exists ${MESSAGES_PUBLICATION}`);
    await client.query(`create publication ${MESSAGES_PUBLICATION} for table realtime.messages`);
    await client.query("commit");
  });
}

function text(value: TupleValue | undefined): string | null {
  return value?.kind === "text" ? value.text : null;
}

/** A decoded INSERT as a broadcast, or the reason it is dropped. */
export function toBroadcast(relation: Relation, tuple: TupleValue[]): DatabaseBroadcast | { dropped: string } {
  const row = new Map(relation.columns.map((column, i) => [column.name, text(tuple[i])]));
  for (const column of ["inserted_at", "event", "id", "topic", "private"]) {
    if (row.get(column) == null) return { dropped: `${column}_missing` };
  }
  const binary = row.get("binary_payload");
  const json = row.get("payload");
  if (binary == null && json == null) return { dropped: "payload_missing" };
  return {
    id: row.get("id")!,
    topic: row.get("topic")!,
    event: row.get("event")!,
    private: row.get("private") === "t",
    ...(binary != null
      ? { encoding: "binary", payload: Buffer.from(binary.replace(/^\\x/, ""), "hex") }
      : { encoding: "json", payload: Buffer.from(json!, "utf8") }),
  };
}

function isMessagesRelation(relation: Relation): boolean {
  return relation.schema === "realtime" && relation.name.startsWith("messages");
}

class Stream {
  private readonly relations = new Map<number, Relation>();
  private service: LogicalReplicationService | null = null;
  private up = false;
  private everUp = false;
  private stopping = false;
  private waiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;

  constructor(
    private readonly options: MessagesReplicationOptions,
    private readonly slotName: string,
  ) {}

  streaming(): boolean {
    return this.up;
  }

  whenStreaming(timeoutMs: number): Promise<boolean> {
    if (this.up) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      this.waiters.push(done);
    });
  }

  start(): void {
    this.loop = (async () => {
      /** failed attempts since the stream was last up, and when the first of them was */
      let failures = 0;
      let downSince = Date.now();
      while (!this.stopping) {
        let problem = "replication stream ended";
        try {
          await this.connect();
        } catch (error) {
          problem = error instanceof Error ? error.message : String(error);
        }
        if (this.up) [failures, downSince] = [0, Date.now()];
        else failures++;
        this.up = false;
        await this.service?.stop().catch(() => undefined);
        this.service = null;
        if (this.stopping) break;
        const slowly = Date.now() - downSince >= RETRY_QUICKLY_MS;
        // one line per outage, then one per slow retry
        if (failures <= 1 || slowly) this.options.log(`broadcast changes: ${problem}; reconnecting`);
        await sleep(slowly ? RETRY_SLOWLY_MS : RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.service?.stop().catch(() => undefined);
    await this.loop;
  }

  /** One replication connection, from the publication check to the end of its stream. */
  private async connect(): Promise<void> {
    await ensurePublication(this.options);
    const inUse = await withConnection(this.options.databaseUrl, (client) =>
      client.query("select 1 from pg_catalog.pg_replication_slots where slot_name = $1", [this.slotName]),
    );
    if (inUse.rowCount !== 0) throw new Error(`replication slot ${this.slotName} is in use`);
    if (this.stopping) return;
    const service = new LogicalReplicationService(
      { connectionString: this.options.databaseUrl, application_name: "realtime_replication_connection", options: "-c bytea_output=hex" },
      { acknowledge: { auto: true, timeoutSeconds: 10 } },
    );
    this.service = service;
    service.on("data", (_lsn: string, message: PgoutputMessage) => this.handle(message));
    service.on("error", () => undefined); // subscribe() rejects
    service.on("start", () => {
      if (this.everUp && !this.up) this.options.log("broadcast changes: streaming again");
      this.up = true;
      this.everUp = true;
      for (const waiter of this.waiters.splice(0)) waiter();
    });
    this.relations.clear();
    const slot = pg.escapeIdentifier(this.slotName);
    const plugin = {
      name: "pgoutput",
      options: {},
      parse: (buffer: Buffer) => decodePgoutput(buffer),
      start: async (client: pg.Client) => {
        await client.query(`CREATE_REPLICATION_SLOT ${slot} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
        return client.query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0 (proto_version '2', publication_names '${MESSAGES_PUBLICATION}')`);
      },
    };
    await service.subscribe(plugin as unknown as PgoutputPlugin, this.slotName);
  }

  private handle(message: PgoutputMessage): void {
    if (message.tag === "relation") {
      if (isMessagesRelation(message.relation)) this.relations.set(message.relation.oid, message.relation);
      else this.options.log(`broadcast changes: unexpected relation ${message.relation.schema}.${message.relation.name}`);
      return;
    }
    if (message.tag !== "insert") return;
    const relation = this.relations.get(message.relationOid);
    if (!relation) return;
    const broadcast = toBroadcast(relation, message.newTuple);
    if ("dropped" in broadcast) {
      this.options.log(`UnableToBroadcastChanges: ${broadcast.dropped}`);
      return;
    }
    try {
      this.options.onBroadcast(broadcast);
    } catch (error) {
      this.options.log(`UnableToBroadcastChanges: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Starts streaming; resolves once the stream is up (or, failing that for a while, keeps trying in the background). */
export async function startMessagesReplication(options: MessagesReplicationOptions): Promise<MessagesReplication> {
  const stream = new Stream(options, options.slotName ?? messagesSlotName(options.databaseUrl));
  stream.start();
  if (!(await stream.whenStreaming(FIRST_START_WAIT_MS)))
    options.log("broadcast changes: the replication stream is not up yet; still trying");
  return {
    streaming: () => stream.streaming(),
    whenStreaming: (timeoutMs) => stream.whenStreaming(timeoutMs),
    stop: () => stream.stop(),
  };
}
