// A dashboard card: title, what it shows, its CSV exports, the chart or table, and its caveats.
import type { ReactNode } from "react";
import { downloadCsv, tableCsv } from "./csv.ts";
import type { Table } from "./tables.ts";

export interface SectionProps {
  id: string;
  title: string;
  subtitle?: ReactNode;
  /** Plain-words caveats from the API (null ones are skipped). */
  caveats?: (string | null | undefined)[];
  // biome-ignore lint/suspicious/noExplicitAny: a list of tables of different row types; each is only exported as a whole
  exports?: { label?: string; table: Table<any>; filename: string }[];
  actions?: ReactNode;
  children: ReactNode;
}

export function Section(props: SectionProps) {
  const caveats = (props.caveats ?? []).filter((c): c is string => Boolean(c));
  return (
    <section className="dqa-card" aria-labelledby={`${props.id}-title`} data-testid={`section-${props.id}`}>
      <header className="dqa-card-head">
        <div>
          <h2 id={`${props.id}-title`}>{props.title}</h2>
          {props.subtitle && <p className="dqa-muted">{props.subtitle}</p>}
        </div>
        <div className="dqa-card-actions">
          {props.actions}
          {props.exports?.map((e) => (
            <button key={e.filename} type="button" className="dqa-button" onClick={() => downloadCsv(e.filename, tableCsv(e.table))} data-testid={`csv-${e.table.name}`}>
              {e.label ?? "CSV"}
            </button>
          ))}
        </div>
      </header>
      {props.children}
      {caveats.map((c) => (
        <p key={c} className="dqa-caveat" role="note">
          {c}
        </p>
      ))}
    </section>
  );
}

/** What a chart shows when there is nothing to draw: why, in plain words. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="dqa-empty" role="status">
      {children}
    </div>
  );
}
