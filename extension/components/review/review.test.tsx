// @vitest-environment happy-dom
// The review queue: a manager's (or a rep's own) drafts, edited and published through the background.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { draft } from "../../background/loop.test-helpers.ts";
import { MessageError } from "../../lib/messaging.ts";
import { background, button, cleanup, click, field, fresh, render, type } from "../loop-ui.test-helpers.tsx";

vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (m: { type: string }) => (await import("../loop-ui.test-helpers.tsx")).fakeSend(m)),
}));
vi.mock("wxt/browser", async () => ({ browser: (await import("../fake-browser.test-helpers.ts")).fakeBrowser }));

const member = (role: "rep" | "manager") => ({ member: { id: "m1", teamId: "t1", name: "Morgan", email: "m@x.io", role, createdAt: "2026-01-01T00:00:00.000Z" }, team: { id: "t1", name: "Northwind" } });
const fromDeal = { ...draft("sc_d1"), unsynced: [] as Array<"save" | "publish"> };
const fromCasebook = { ...draft("sc_d2", { source: "casebook", authorId: null, authorName: null, title: "Casebook: the champion who left" }), unsynced: ["save"] as Array<"save" | "publish"> };

beforeEach(() => {
  background.reset({
    "me.get": () => fresh(member("manager")),
    "drafts.list": () => fresh([fromDeal, fromCasebook]),
    "draft.save": (m) => ({ status: "done", id: `save-${m.id}` }),
    "draft.publish": (m) => ({ status: "done", id: `publish-${m.id}` }),
  });
});
afterEach(cleanup);

async function openQueue() {
  const { ReviewQueue } = await import("./ReviewQueue.tsx");
  const view = await render(<ReviewQueue />);
  const card = view.host.querySelector('[data-source="deal"]')!;
  await click(button(card, "Review"));
  return { ...view, card, form: card.querySelector("form")! };
}

describe("the review queue", () => {
  it("lists the team's drafts for a manager, with their source and author", async () => {
    const { ReviewQueue } = await import("./ReviewQueue.tsx");
    const { host } = await render(<ReviewQueue />);
    expect(host.querySelector("h1")?.textContent).toBe("Review queue");
    expect(background.of("drafts.list")).toEqual([{ type: "drafts.list", scope: "team" }]);
    const cards = [...host.querySelectorAll('[data-testid="draft"]')];
    expect(cards.map((c) => c.getAttribute("data-source"))).toEqual(["deal", "casebook"]);
    expect(cards[0]!.textContent).toContain("From a won deal");
    expect(cards[0]!.textContent).toContain("by Riley Rep");
    expect(cards[1]!.textContent).toContain("drafted by Deal Quest");
    expect(cards[1]!.textContent).toContain("Your edits are saved here and wait to sync.");
  });

  it("a rep sees their own drafts", async () => {
    background.answers["me.get"] = () => fresh(member("rep"));
    const { ReviewQueue } = await import("./ReviewQueue.tsx");
    const { host } = await render(<ReviewQueue />);
    expect(host.querySelector("h1")?.textContent).toBe("Your drafts");
    expect(background.of("drafts.list")).toEqual([{ type: "drafts.list", scope: "mine" }]);
  });

  it("opens the draft's fields for editing, with what the score looks for", async () => {
    const { form, card } = await openQueue();
    expect(button(card, "Close")?.getAttribute("aria-expanded")).toBe("true");
    expect(field(form, "Title")?.value).toBe(fromDeal.title);
    expect(field(form, "Category")?.value).toBe("pricing");
    expect(field(form, "Difficulty")?.value).toBe("medium");
    expect(field(form, "Buyer type")?.value).toBe("executive");
    expect(field(form, "Situation")?.value).toBe(fromDeal.situation);
    expect(field(form, "What the buyer says")?.value).toBe(fromDeal.buyerLine);
    expect(field(form, "Ideal response")?.value).toBe(fromDeal.idealResponse);
    expect(form.textContent).toContain("Reframe the price as cost per shipment");
    expect(button(form, "Save changes")?.disabled).toBe(true);
    expect(button(form, "Publish to team")).toBeDefined();
  });

  it("checks edits at their field before sending anything, then saves only what changed", async () => {
    const { form } = await openQueue();
    await type(field(form, "Title"), "Hi");
    await click(button(form, "Save changes"));
    expect(background.of("draft.save")).toEqual([]);
    expect(field(form, "Title")?.getAttribute("aria-invalid")).toBe("true");
    expect(form.querySelector(".field-error")?.textContent).toBe("Write at least 5 characters.");

    await type(field(form, "Title"), "Freight exec: price as cost per shipment");
    await type(field(form, "Difficulty"), "hard");
    await click(button(form, "Save changes"));
    expect(background.of("draft.save")).toEqual([{ type: "draft.save", id: "sc_d1", patch: { title: "Freight exec: price as cost per shipment", difficulty: "hard" } }]);
    expect(form.querySelector('[role="status"]')?.textContent).toBe("Saved.");
    expect(button(form, "Save changes")?.disabled).toBe(true);
  });

  it("says when a save only waits in the outbox", async () => {
    background.answers["draft.save"] = (m) => ({ status: "queued", id: `save-${m.id}` });
    const { form } = await openQueue();
    await type(field(form, "Situation"), `${fromDeal.situation} They have a rival bid in hand.`);
    await click(button(form, "Save changes"));
    expect(form.querySelector('[role="status"]')?.textContent).toBe("Saved here; it syncs as soon as the server answers.");
  });

  it("'Save and publish' saves the edits first, then publishes and says so", async () => {
    const { host, form } = await openQueue();
    await type(field(form, "Title"), "Freight exec: price as cost per shipment");
    await click(button(form, "Save and publish"));
    expect(background.sent.filter((m) => m.type.startsWith("draft.")).map((m) => m.type)).toEqual(["draft.save", "draft.publish"]);
    expect(host.querySelector('[data-testid="published"]')?.textContent).toBe("Published “Freight exec: price as cost per shipment”. Your team finds it under Train.");
  });

  it("a refused publish shows the worker's reasons at the fields", async () => {
    background.answers["draft.publish"] = (m) => ({
      status: "failed",
      id: `publish-${m.id}`,
      error: { status: 409, code: "conflict", message: "This draft still mentions details of the real deal (“Helios”).", issues: [{ path: ["situation"], message: "Mentions “Helios”." }] },
    });
    const { host, form } = await openQueue();
    await click(button(form, "Publish to team"));
    expect(form.querySelector('[role="alert"]')?.textContent).toBe("Not published: This draft still mentions details of the real deal (“Helios”).");
    expect(field(form, "Situation")?.getAttribute("aria-invalid")).toBe("true");
    expect(form.querySelector(".field-error")?.textContent).toBe("Mentions “Helios”.");
    expect(host.querySelector('[data-testid="published"]')).toBeNull();
  });

  it("a save the background refuses keeps the edits in the form and shows why", async () => {
    background.answers["draft.save"] = () => {
      throw new MessageError({ code: "invalid_message", message: "Deal Quest could not understand this request.", issues: [{ path: ["patch", "idealResponse"], message: "Too long." }] });
    };
    const { form } = await openQueue();
    await type(field(form, "Ideal response"), `${fromDeal.idealResponse} And more.`);
    await click(button(form, "Save changes"));
    expect(form.querySelector('[role="alert"]')?.textContent).toBe("Not saved: Deal Quest could not understand this request.");
    expect(form.querySelector(".field-error")?.textContent).toBe("Too long.");
    expect(field(form, "Ideal response")?.value).toBe(`${fromDeal.idealResponse} And more.`);
  });
});
