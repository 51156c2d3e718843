// Where each column of a view comes from: the table (or view) and column that Postgres recorded
// for it when the view was defined (resorigtbl and resorigcol in the view's stored query tree,
// pg_rewrite.ev_action). PostgREST and the Supabase type generator derive a view's relationships
// from these: a view that shows a table's key columns has that table's foreign keys.

type NodeValue = string | NodeValue[] | TreeNode;
interface TreeNode {
  type: string;
  fields: Map<string, NodeValue[]>;
}

export interface ColumnOrigin {
  /** the view's column (attnum) */
  column: number;
  /** the relation (oid) and its column (attnum) the view's column shows */
  relation: string;
  relationColumn: number;
}

// tokens as Postgres's pg_strtok reads them: ( ) { } alone, else a run up to a blank or one of
// those, a backslash keeping the next character in the run
function tokenize(tree: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < tree.length) {
    const c = tree[i]!;
    if (c === " " || c === "\n" || c === "\t") {
      i += 1;
    } else if ("(){}".includes(c)) {
      tokens.push(c);
      i += 1;
    } else {
      const start = i;
      while (i < tree.length && !" \n\t(){}".includes(tree[i]!)) i += tree[i] === "\\" ? 2 : 1;
      tokens.push(tree.slice(start, i));
    }
  }
  return tokens;
}

function parse(tokens: string[]): NodeValue {
  let at = 0;
  const value = (): NodeValue => {
    const token = tokens[at++]!;
    if (token === "(") {
      const items: NodeValue[] = [];
      while (tokens[at] !== ")" && at < tokens.length) items.push(value());
      at += 1;
      return items;
    }
    if (token === "{") {
      const node: TreeNode = { type: tokens[at++]!, fields: new Map() };
      let field: NodeValue[] = [];
      while (tokens[at] !== "}" && at < tokens.length) {
        if (tokens[at]!.startsWith(":")) node.fields.set(tokens[at++]!.slice(1), (field = []));
        else field.push(value());
      }
      at += 1;
      return node;
    }
    return token;
  };
  return value();
}

const isNode = (v: NodeValue | undefined): v is TreeNode => typeof v === "object" && !Array.isArray(v);
const atom = (node: TreeNode, field: string): string | undefined => {
  const v = node.fields.get(field)?.[0];
  return typeof v === "string" ? v : undefined;
};

/** The origins of the columns of a view from its `pg_rewrite.ev_action`; computed columns have none. */
export function viewColumnOrigins(evAction: string): ColumnOrigin[] {
  const tree = parse(tokenize(evAction));
  const query = Array.isArray(tree) ? tree.find(isNode) : undefined;
  const targets = query?.fields.get("targetList")?.[0];
  if (!Array.isArray(targets)) return [];
  return targets.filter(isNode).flatMap((entry) => {
    const relation = atom(entry, "resorigtbl");
    if (relation === undefined || relation === "0" || atom(entry, "resjunk") === "true") return [];
    return [{ column: Number(atom(entry, "resno")), relation, relationColumn: Number(atom(entry, "resorigcol")) }];
  });
}
