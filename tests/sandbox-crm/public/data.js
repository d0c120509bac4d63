// The Sandbox CRM's records: a small, realistic pipeline for demos and end-to-end tests.
export const STAGES = ["New", "Qualified", "Meeting Booked", "Proposal Sent", "Negotiation", "Closed Won", "Closed Lost"];

export const OWNERS = { riley: "Riley Rep", quinn: "Quinn Rep", morgan: "Morgan Manager" };

/** @type {Array<{id: string, name: string, title: string, company: string, owner: keyof typeof OWNERS, amount: number, currency: string, stage: string, email: string, createdAt: string, activity: string[]}>} */
export const LEADS = [
  { id: "L-1001", name: "Dana Whitfield", title: "CFO", company: "Brightline Logistics", owner: "riley", amount: 48000, currency: "USD", stage: "Proposal Sent", email: "dana@brightline.example", createdAt: "2026-09-02", activity: ["Intro call — discussed reporting delays", "Sent proposal v1"] },
  { id: "L-1002", name: "Marcus Oyelaran", title: "Head of IT", company: "Northgate Health", owner: "riley", amount: 125000, currency: "USD", stage: "Negotiation", email: "marcus@northgate.example", createdAt: "2026-08-14", activity: ["Security review passed", "Procurement asked for a 15% discount"] },
  { id: "L-1003", name: "Priya Natarajan", title: "Operations Director", company: "Kestrel Manufacturing", owner: "quinn", amount: 32500, currency: "USD", stage: "Qualified", email: "priya@kestrel.example", createdAt: "2026-10-20", activity: ["Inbound demo request"] },
  { id: "L-1004", name: "Tom Becker", title: "Owner", company: "Becker & Sons Bakery", owner: "riley", amount: 4800, currency: "USD", stage: "New", email: "tom@beckerbakery.example", createdAt: "2026-11-10", activity: [] },
  { id: "L-1005", name: "Lena Fischer", title: "VP Sales", company: "Aurora Retail Group", owner: "quinn", amount: 76000, currency: "EUR", stage: "Meeting Booked", email: "lena@aurora.example", createdAt: "2026-10-01", activity: ["Cold email replied after 2nd follow-up", "Discovery meeting booked for Thursday"] },
  { id: "L-1006", name: "Ava <b>Ng</b>", title: "CTO", company: "Quill & <Ink> Labs", owner: "riley", amount: 21000, currency: "USD", stage: "Qualified", email: "ava@quill.example", createdAt: "2026-09-28", activity: ["Asked for API documentation"] },
  { id: "L-1007", name: "Hector Ruiz", title: "Procurement Lead", company: "Pacific Freightways", owner: "morgan", amount: 210000, currency: "USD", stage: "Closed Lost", email: "hector@pacificfreight.example", createdAt: "2026-06-11", activity: ["Chose incumbent vendor on price"] },
  { id: "L-1008", name: "Sofia Marchetti", title: "Head of Finance", company: "Verdant Analytics", owner: "riley", amount: 64000, currency: "USD", stage: "Negotiation", email: "sofia@verdant.example", createdAt: "2026-09-15", activity: ["Board approved the budget", "Asked for a pilot before signing"] },
  { id: "L-1009", name: "Jonas Lindqvist", title: "COO", company: "Fjordline Shipping", owner: "riley", amount: 38000, currency: "EUR", stage: "Meeting Booked", email: "jonas@fjordline.example", createdAt: "2026-08-30", activity: ["Discovery call went well", "No reply to the follow-up since"] },
];
