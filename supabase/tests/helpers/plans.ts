// Every plan a statement executes, nested ones included (policy helpers, views, functions): the
// auto_explain module logs each plan as JSON at NOTICE level, which reaches this client.
import type pg from "pg";

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

export interface ScanSummary {
  /** "Seq Scan on x", "Index Scan using i on x", ... for every scan of a table */
  scans: string[];
  indexes: Set<string>;
}

function walk(node: PlanNode, out: ScanSummary): void {
  const index = node["Index Name"];
  // a Bitmap Index Scan names its index but not its table (its Bitmap Heap Scan parent does)
  if (index) out.indexes.add(index);
  if (node["Relation Name"]) {
    out.scans.push(
      index ? `${node["Node Type"]} using ${index} on ${node["Relation Name"]}` : `${node["Node Type"]} on ${node["Relation Name"]}`,
    );
  } else if (index) {
    out.scans.push(`${node["Node Type"]} using ${index}`);
  }
  for (const child of node.Plans ?? []) walk(child, out);
}

/** Runs `fn` with auto_explain on for this connection and summarizes the scans of every plan. */
export async function capturePlans(client: pg.ClientBase, fn: () => Promise<unknown>): Promise<ScanSummary> {
  const plans: PlanNode[] = [];
  const unreadable: string[] = [];
  const onNotice = (msg: { message?: string }) => {
    const text = msg.message ?? "";
    const start = text.indexOf("{");
    if (!text.startsWith("duration:") || start < 0) return;
    // a throw here would be an uncaught exception in the connection's event handler, not a failure
    // of the test: keep what cannot be read, and fail below
    try {
      const parsed = JSON.parse(text.slice(start)) as { Plan?: PlanNode };
      if (parsed.Plan) plans.push(parsed.Plan);
    } catch {
      unreadable.push(text.slice(0, 200));
    }
  };
  client.on("notice", onNotice);
  try {
    await client.query("load 'auto_explain'");
    await client.query(`select set_config('auto_explain.log_min_duration', '0', false),
      set_config('auto_explain.log_nested_statements', 'on', false),
      set_config('auto_explain.log_format', 'json', false),
      set_config('auto_explain.log_level', 'notice', false),
      set_config('client_min_messages', 'notice', false)`);
    await fn();
  } finally {
    await client.query("select set_config('auto_explain.log_min_duration', '-1', false)");
    client.off("notice", onNotice);
  }
  if (unreadable.length) throw new Error(`auto_explain plans that are not JSON: ${unreadable.join(" | ")}`);
  const summary: ScanSummary = { scans: [], indexes: new Set() };
  for (const plan of plans) walk(plan, summary);
  return summary;
}
