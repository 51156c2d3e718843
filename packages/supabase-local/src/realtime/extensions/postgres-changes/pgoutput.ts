// Decoder for the pgoutput logical replication protocol (version 1), keeping every value in the
// text form Postgres sent it in: the realtime payload is built from those texts, so no value goes
// through a JavaScript type parser. https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html

export type TupleValue = { kind: "null" } | { kind: "unchanged" } | { kind: "text"; text: string };

export interface RelationColumn {
  name: string;
  /** part of the replica identity */
  isKey: boolean;
  typeOid: number;
  typeMod: number;
}

export interface Relation {
  oid: number;
  schema: string;
  name: string;
  replicaIdentity: "default" | "nothing" | "full" | "index";
  columns: RelationColumn[];
}

export type PgoutputMessage =
  | { tag: "begin"; finalLsn: bigint; commitTime: Date; xid: number }
  | { tag: "commit"; commitLsn: bigint; endLsn: bigint; commitTime: Date }
  | { tag: "relation"; relation: Relation }
  | { tag: "insert"; relationOid: number; newTuple: TupleValue[] }
  | { tag: "update"; relationOid: number; keyTuple: TupleValue[] | null; oldTuple: TupleValue[] | null; newTuple: TupleValue[] }
  | { tag: "delete"; relationOid: number; keyTuple: TupleValue[] | null; oldTuple: TupleValue[] | null }
  | { tag: "other"; type: string };

/** Microseconds between the Unix epoch and Postgres' epoch (2000-01-01). */
const PG_EPOCH_MICROS = 946_684_800_000_000n;

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high ?? "0"}`) << 32n) | BigInt(`0x${low ?? "0"}`);
}

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  u8(): number {
    return this.buf.readUInt8(this.offset++);
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return v;
  }
  time(): Date {
    const micros = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return new Date(Number((micros + PG_EPOCH_MICROS) / 1000n));
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    const s = this.buf.toString("utf8", this.offset, end);
    this.offset = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
}

const IDENTITY: Record<string, Relation["replicaIdentity"]> = { d: "default", n: "nothing", f: "full", i: "index" };

function readTuple(r: Reader): TupleValue[] {
  const count = r.i16();
  const values: TupleValue[] = [];
  for (let i = 0; i < count; i++) {
    const kind = String.fromCharCode(r.u8());
    if (kind === "n") values.push({ kind: "null" });
    else if (kind === "u") values.push({ kind: "unchanged" });
    else if (kind === "t" || kind === "b") values.push({ kind: "text", text: r.bytes(r.i32()).toString("utf8") });
    else throw new Error(`unknown tuple value kind ${kind}`);
  }
  return values;
}

/** Decodes one pgoutput message (the payload of an XLogData frame). */
export function decodePgoutput(buf: Buffer): PgoutputMessage {
  const r = new Reader(buf);
  const tag = String.fromCharCode(r.u8());
  switch (tag) {
    case "B":
      return { tag: "begin", finalLsn: r.u64(), commitTime: r.time(), xid: r.u32() };
    case "C": {
      r.u8(); // flags
      return { tag: "commit", commitLsn: r.u64(), endLsn: r.u64(), commitTime: r.time() };
    }
    case "R": {
      const oid = r.u32();
      const schema = r.cstring();
      const name = r.cstring();
      const replicaIdentity = IDENTITY[String.fromCharCode(r.u8())] ?? "default";
      const count = r.i16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < count; i++) {
        const flags = r.u8();
        columns.push({ isKey: (flags & 1) === 1, name: r.cstring(), typeOid: r.u32(), typeMod: r.i32() });
      }
      return { tag: "relation", relation: { oid, schema, name, replicaIdentity, columns } };
    }
    case "I": {
      const relationOid = r.u32();
      r.u8(); // 'N'
      return { tag: "insert", relationOid, newTuple: readTuple(r) };
    }
    case "U": {
      const relationOid = r.u32();
      let keyTuple: TupleValue[] | null = null;
      let oldTuple: TupleValue[] | null = null;
      const marker = String.fromCharCode(r.u8());
      if (marker === "K") keyTuple = readTuple(r);
      else if (marker === "O") oldTuple = readTuple(r);
      if (marker !== "N") r.u8(); // the 'N' before the new tuple
      return { tag: "update", relationOid, keyTuple, oldTuple, newTuple: readTuple(r) };
    }
    case "D": {
      const relationOid = r.u32();
      const marker = String.fromCharCode(r.u8());
      const tuple = readTuple(r);
      return { tag: "delete", relationOid, keyTuple: marker === "K" ? tuple : null, oldTuple: marker === "O" ? tuple : null };
    }
    default:
      return { tag: "other", type: tag };
  }
}
