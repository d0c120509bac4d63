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

  it("edits the buyer's pushbacks, the model answer and the closing line, and saves them in the PATCH", async () => {
    const talking = {
      ...draft("sc_d1", {
        rubric: [
          { id: "reframe", point: "Reframe the price as cost per shipment", weight: 3, phrases: ["cost per shipment"], synonyms: [], tip: "Put the price in their units.", pushback: "You still haven't told me what this costs us.", idealFollowUp: "Fair question. Per shipment it comes to under a dollar, less than the delays cost you today." },
        ],
        pitfalls: [{ id: "dodges_price", move: "Dodging a direct price question", penalty: 4, phrases: ["hard to say"], why: "A dodge costs trust." }],
        closingLine: "OK, that makes the cost easier to defend.",
      }),
      unsynced: [] as Array<"save" | "publish">,
    };
    background.answers["drafts.list"] = () => fresh([talking]);
    const { form } = await openQueue();
    const point = [...form.querySelectorAll('[data-testid="key-point"]')][0]!;
    const pitfall = form.querySelector('[data-testid="pitfall"]')!;
    // Each field is a labelled control inside its point's group (legend), reachable from the keyboard.
    expect(point.querySelector("legend")?.textContent).toBe("Reframe the price as cost per shipment");
    expect(field(point, "Buyer pushes back with")?.value).toBe("You still haven't told me what this costs us.");
    expect(field(point, "A good answer to that")?.value).toBe(talking.rubric[0]!.idealFollowUp);
    expect(field(pitfall, "Buyer pushes back with")?.value).toBe("");
    expect(field(form, "Buyer's closing line (after a strong answer)")?.value).toBe("OK, that makes the cost easier to defend.");
    expect(field(point, "Buyer pushes back with")?.tagName).toBe("TEXTAREA");

    // Too short: refused at the field, with what to do; nothing is sent.
    await type(field(point, "Buyer pushes back with"), "No");
    await click(button(form, "Save changes"));
    expect(background.of("draft.save")).toEqual([]);
    expect(field(point, "Buyer pushes back with")?.getAttribute("aria-invalid")).toBe("true");
    expect(point.querySelector(".field-error")?.textContent).toBe("Write at least 3 characters, or leave it empty for none.");

    await type(field(point, "Buyer pushes back with"), "So what does it cost per shipment, in plain numbers?");
    await type(field(pitfall, "Buyer pushes back with"), "That's a dodge. Give me a range.");
    await type(field(form, "Buyer's closing line (after a strong answer)"), "");
    await click(button(form, "Save changes"));
    const { rubric, pitfalls } = talking;
    expect(background.of("draft.save")).toEqual([
      {
        type: "draft.save",
        id: "sc_d1",
        patch: {
          rubric: [{ ...rubric[0], pushback: "So what does it cost per shipment, in plain numbers?" }],
          pitfalls: [{ ...pitfalls[0], pushback: "That's a dodge. Give me a range." }],
          closingLine: null,
        },
      },
    ]);
    expect(form.querySelector('[role="status"]')?.textContent).toBe("Saved.");
    expect(button(form, "Save changes")?.disabled).toBe(true);
  });

  it("shows the worker's refusal of a pushback at that pushback", async () => {
    background.answers["draft.save"] = (m) => ({
      status: "failed",
      id: `save-${m.id}`,
      error: { status: 409, code: "conflict", message: "This scenario still mentions details of the real deal (“Helios”).", issues: [{ path: ["closingLine"], message: "Mentions “Helios”." }] },
    });
    const { form } = await openQueue();
    await type(field(form, "Buyer's closing line (after a strong answer)"), "Fine, Helios will sign.");
    await click(button(form, "Save changes"));
    expect(field(form, "Buyer's closing line (after a strong answer)")?.getAttribute("aria-invalid")).toBe("true");
    expect(form.querySelector(".field-error")?.textContent).toBe("Mentions “Helios”.");
  });
});
