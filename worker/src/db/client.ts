// A thin wrapper over D1 that counts round trips, their time and the rows they read and wrote, for
// the Server-Timing header and for keeping hot routes within budget (on D1 the bill and the latency
// both follow rows read). Every query of a request goes through one Db.
export type Param = string | number | boolean | null | undefined;

export class Db {
  roundTrips = 0;
  ms = 0;
  /** From D1's result `meta` (`rows_read`, `rows_written`); local D1 (workerd) reports them too. */
  rowsRead = 0;
  rowsWritten = 0;

  constructor(private d1: D1Database) {}

  /**
   * Sends this Db's next queries to another database, keeping its counters (one request, one set of
   * figures): a request starts on the directory and moves to its team's database once the team is
   * known (db/placement.ts).
   */
  pointAt(d1: D1Database): void {
    this.d1 = d1;
  }

  /** A bound statement for `batch` (no round trip until executed). `undefined` binds as NULL. */
  stmt(sql: string, ...params: Param[]): D1PreparedStatement {
    return this.d1.prepare(sql).bind(...params.map((p) => (p === undefined ? null : typeof p === "boolean" ? Number(p) : p)));
  }

  async all<T>(sql: string, ...params: Param[]): Promise<T[]> {
    const res = await this.timed(() => this.stmt(sql, ...params).all<T>());
    this.count(res);
    return res.results;
  }

  /** The first row. Runs as `all` because D1's `first()` drops the result's meta (and reads the same rows). */
  async first<T>(sql: string, ...params: Param[]): Promise<T | null> {
    const res = await this.timed(() => this.stmt(sql, ...params).all<T>());
    this.count(res);
    return res.results[0] ?? null;
  }

  async run(sql: string, ...params: Param[]): Promise<D1Result> {
    const res = await this.timed(() => this.stmt(sql, ...params).run());
    this.count(res);
    return res;
  }

  /** One round trip, one transaction: all statements commit or none do. */
  async batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    if (statements.length === 0) return [];
    const results = await this.timed(() => this.d1.batch<T>(statements));
    for (const res of results) this.count(res);
    return results;
  }

  private count(res: D1Result<unknown>) {
    this.rowsRead += res.meta?.rows_read ?? 0;
    this.rowsWritten += res.meta?.rows_written ?? 0;
  }

  private async timed<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.roundTrips += 1;
      this.ms += performance.now() - started;
    }
  }
}
