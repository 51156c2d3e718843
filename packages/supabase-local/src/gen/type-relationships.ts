// The relationships the generated types list for each table and view, as PostgREST derives them:
// every foreign key, and the same key again for each view that shows all of its columns (a view
// showing a table's foreign key columns references what the key references; a view showing the
// referenced columns is referenced by the key's table; a view showing both, by the other view).
import type { ForeignKey, Relation, TypesCatalog } from "./types-catalog";
import { viewColumnOrigins, type ColumnOrigin } from "./view-origins";

export interface Relationship {
  foreignKeyName: string;
  schema: string;
  relation: string;
  columns: string[];
  isOneToOne: boolean;
  referencedSchema: string;
  referencedRelation: string;
  referencedColumns: string[];
}

/** For a view: "relation id:attnum" of a table column → the names of the view's columns showing it. */
type ShownColumns = Map<string, string[]>;

// follows each view column through the views it reads until a table (or an unknown relation);
// `origins`: the column origins of every view, by view id
function shownColumns(view: Relation, origins: Map<string, ColumnOrigin[]>): ShownColumns {
  const originOf = (viewId: string, column: number) => origins.get(viewId)?.find((o) => o.column === column);
  const shown: ShownColumns = new Map();
  for (const column of view.columns) {
    let origin = originOf(view.id, column.attnum);
    const seen = new Set([view.id]);
    while (origin !== undefined && origins.has(origin.relation) && !seen.has(origin.relation)) {
      seen.add(origin.relation);
      origin = originOf(origin.relation, origin.relationColumn);
    }
    if (origin === undefined) continue;
    const key = `${origin.relation}:${origin.relationColumn}`;
    shown.set(key, [...(shown.get(key) ?? []), column.name]);
  }
  return shown;
}

// every way to pick, for each key column, one of the view's columns showing it; none unless all are shown
function viewColumnChoices(shown: ShownColumns, relationId: string, columnNumbers: number[]): string[][] {
  const options = columnNumbers.map((n) => shown.get(`${relationId}:${n}`) ?? []);
  return options.reduce<string[][]>((choices, names) => choices.flatMap((choice) => names.map((name) => [...choice, name])), [[]]);
}

function viewRelationships(key: ForeignKey, views: { view: Relation; shown: ShownColumns }[]): Relationship[] {
  const base = { foreignKeyName: key.name, isOneToOne: key.isOneToOne };
  const referencing = views.flatMap(({ view, shown }) =>
    viewColumnChoices(shown, key.relationId, key.columnNumbers).map((columns) => ({ view, columns })),
  );
  const referenced = views.flatMap(({ view, shown }) =>
    viewColumnChoices(shown, key.referencedRelationId, key.referencedColumnNumbers).map((columns) => ({ view, columns })),
  );
  return [
    ...referencing.map(({ view, columns }) => ({
      ...base,
      schema: view.schema,
      relation: view.name,
      columns,
      referencedSchema: key.referencedSchema,
      referencedRelation: key.referencedRelation,
      referencedColumns: key.referencedColumns,
    })),
    ...referenced.map(({ view, columns }) => ({
      ...base,
      schema: key.schema,
      relation: key.relation,
      columns: key.columns,
      referencedSchema: view.schema,
      referencedRelation: view.name,
      referencedColumns: columns,
    })),
    ...referencing.flatMap((from) =>
      referenced.map((to) => ({
        ...base,
        schema: from.view.schema,
        relation: from.view.name,
        columns: from.columns,
        referencedSchema: to.view.schema,
        referencedRelation: to.view.name,
        referencedColumns: to.columns,
      })),
    ),
  ];
}

/** Every relationship, in the generator's order: by key name, referenced relation and columns. */
export function relationships(catalog: TypesCatalog): Relationship[] {
  const viewList = catalog.relations.filter((r) => r.viewDefinition !== null);
  const origins = new Map(viewList.map((v) => [v.id, viewColumnOrigins(v.viewDefinition!)]));
  const withShown = viewList.map((view) => ({ view, shown: shownColumns(view, origins) }));
  const all = catalog.foreignKeys.flatMap((key): Relationship[] => [
    {
      foreignKeyName: key.name,
      schema: key.schema,
      relation: key.relation,
      columns: key.columns,
      isOneToOne: key.isOneToOne,
      referencedSchema: key.referencedSchema,
      referencedRelation: key.referencedRelation,
      referencedColumns: key.referencedColumns,
    },
    ...viewRelationships(key, withShown),
  ]);
  return all.sort(
    (a, b) =>
      a.foreignKeyName.localeCompare(b.foreignKeyName, "en") ||
      a.referencedRelation.localeCompare(b.referencedRelation, "en") ||
      JSON.stringify(a.referencedColumns).localeCompare(JSON.stringify(b.referencedColumns), "en"),
  );
}
