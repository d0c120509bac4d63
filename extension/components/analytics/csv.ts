// CSV export of a dashboard table (Papa Parse writes the CSV: quoting, separators, line ends).
import Papa from "papaparse";
import type { Table } from "./tables.ts";

export function tableCsv<R>(table: Table<R>): string {
  return Papa.unparse({
    fields: table.columns.map((c) => c.label),
    data: table.rows.map((row) => table.columns.map((c) => c.value(row) ?? "")),
  });
}

/** Saves `csv` as a file through a temporary link (works on extension pages without extra permissions). */
export function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
