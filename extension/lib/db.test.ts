// Dexie schema versions: each shipped version opens, and its tables and indexes are what the code
// relies on. A new version gets a new test here (with its upgrade), never an edit of an old one.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { openDb } from "./db.ts";

describe("extension database", () => {
  it("version 1: outbox ordered by seq with id, state, due time and lead indexes", async () => {
    const db = openDb("schema-test", { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(["cache", "kv", "leads", "outbox", "scenarios"]);
    const outbox = db.table("outbox").schema;
    expect(outbox.primKey.auto).toBe(true);
    expect(outbox.indexes.map((i) => i.name).sort()).toEqual(["id", "leadKey", "nextAttemptAt", "state"]);
    expect(outbox.indexes.find((i) => i.name === "id")!.unique).toBe(true);
    expect(db.table("leads").schema.primKey.keyPath).toBe("key");
    db.close();
  });

  it("rejects a duplicate idempotency key (an item is never queued twice)", async () => {
    const db = openDb("dup-test", { indexedDB: new IDBFactory(), IDBKeyRange });
    const item = { id: "k1", kind: "lead.upsert", body: "{}", leadKey: null, lead: null, label: "x", state: "waiting", attempts: 0, createdAt: "", nextAttemptAt: 0, lastError: null, sentAt: null, result: null } as const;
    await db.outbox.add({ ...item });
    await expect(db.outbox.add({ ...item })).rejects.toThrow();
  });
});
