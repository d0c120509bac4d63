// Dexie schema versions: each shipped version opens, and its tables and indexes are what the code
// relies on. A new version gets a new test here (with its upgrade), never an edit of an old one.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { openDb } from "./db.ts";

describe("extension database", () => {
  it("version 1: outbox ordered by seq with id, state, due time and lead indexes", async () => {
    const db = openDb("schema-test", { indexedDB: new IDBFactory(), IDBKeyRange }, 1);
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

  it("version 2: outbox items indexed by the account that queued them; version 1 items are kept, untagged", async () => {
    const deps = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v1 = openDb("upgrade-test", deps, 1);
    const item = { id: "queued-before", kind: "outcome.record", body: "{}", leadKey: "sandbox:L-1", lead: null, label: "Outcome", state: "waiting", attempts: 0, createdAt: "", nextAttemptAt: 0, lastError: null, sentAt: null, result: null } as const;
    await v1.outbox.add({ ...item });
    await v1.leads.put({ key: "sandbox:L-1" } as never);
    v1.close();

    const db = openDb("upgrade-test", deps);
    await db.open();
    expect(db.verno).toBe(2);
    expect(db.table("outbox").schema.indexes.map((i) => i.name).sort()).toEqual(["account", "id", "leadKey", "nextAttemptAt", "state"]);
    const [kept] = await db.outbox.toArray();
    expect(kept).toMatchObject(item);
    expect(kept!.account).toBeUndefined();
    expect(await db.leads.count()).toBe(1);
    await db.outbox.add({ ...item, id: "tagged", account: "a1", server: "http://127.0.0.1:8787" });
    expect((await db.outbox.where("account").equals("a1").toArray()).map((i) => i.id)).toEqual(["tagged"]);
    db.close();
  });

  it("rejects a duplicate idempotency key (an item is never queued twice)", async () => {
    const db = openDb("dup-test", { indexedDB: new IDBFactory(), IDBKeyRange });
    const item = { id: "k1", kind: "lead.upsert", body: "{}", leadKey: null, lead: null, label: "x", state: "waiting", attempts: 0, createdAt: "", nextAttemptAt: 0, lastError: null, sentAt: null, result: null } as const;
    await db.outbox.add({ ...item });
    await expect(db.outbox.add({ ...item })).rejects.toThrow();
  });
});
