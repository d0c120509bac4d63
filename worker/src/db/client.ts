// A thin wrapper over D1 that counts round trips and their time, for the Server-Timing header
// and for keeping hot routes within budget. Every query of a request goes through one Db.
export type Param = string | number | boolean | null | undefined;

export class Db {
  roundTrips = 0;
  ms = 0;

  constructor(readonly d1: D1Database) {}

  /** A bound statement for `batch` (no round trip until executed). `undefined` binds as NULL. */
  stmt(sql: string, ...params: Param[]): D1PreparedStatement {
    return this.d1.prepare(sql).bind(...params.map((p) => (p === undefined ? null : typeof p === "boolean" ? Number(p) : p)));
  }

  async all<T>(sql: string, ...params: Param[]): Promise<T[]> {
    const res = await this.timed(() => this.stmt(sql, ...params).all<T>());
    return res.results;
  }

  async first<T>(sql: string, ...params: Param[]): Promise<T | null> {
    return this.timed(() => this.stmt(sql, ...params).first<T>());
  }

  async run(sql: string, ...params: Param[]): Promise<D1Result> {
    return this.timed(() => this.stmt(sql, ...params).run());
  }

  /** One round trip, one transaction: all statements commit or none do. */
  async batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    if (statements.length === 0) return [];
    return this.timed(() => this.d1.batch<T>(statements));
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
