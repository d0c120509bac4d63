// A small sortable table over a `Table` definition (the same rows and columns the CSV export writes).
import { useState } from "react";
import { type Cell, isExportOnly, type Table } from "./tables.ts";

const compare = (a: Cell, b: Cell) => {
  if (a === b) return 0;
  if (a === null) return 1; // blanks last
  if (b === null) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
};

export function DataTable<R>({ table, testId, rowKey }: { table: Table<R>; testId?: string; rowKey(row: R): string }) {
  const columns = table.columns.filter((c) => !isExportOnly(c as never));
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const rows = column
    ? [...table.rows].sort((a, b) => {
        const va = column.value(a);
        const vb = column.value(b);
        // Blanks stay last whichever way the column is sorted.
        return va === null || vb === null ? compare(va, vb) : compare(va, vb) * sort!.dir;
      })
    : table.rows;
  return (
    <div className="dqa-table-wrap">
      <table className="dqa-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={active ? (sort!.dir === 1 ? "ascending" : "descending") : "none"}>
                  <button type="button" onClick={() => setSort({ key: c.key, dir: active && sort!.dir === -1 ? 1 : -1 })}>
                    {c.label}
                    {active ? (sort!.dir === 1 ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => {
                const v = c.value(row);
                return (
                  <td key={c.key} className={c.numeric ? "num" : undefined} title={c.title?.(row)}>
                    {c.display ? c.display(row) : v === null ? "—" : String(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
