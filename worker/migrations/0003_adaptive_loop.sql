-- The adaptive loop: when a lead last moved (for "quiet for N days"), nudges, company knowledge,
-- one deal-derived scenario per lead, and a record of scheduled runs.

-- `updated_at` changes whenever the extension sees a lead (every visit to its CRM page), so it
-- cannot tell a quiet deal from a busy one. `activity_at` changes only when the deal moves: it is
-- set on insert and when stage, status or amount change (triggers below, whoever writes the row).
-- `stale_since` is set by the scheduled job when an open lead has been quiet too long.
ALTER TABLE leads ADD COLUMN activity_at TEXT;
ALTER TABLE leads ADD COLUMN stale_since TEXT;
UPDATE leads SET activity_at = coalesce(closed_at, updated_at);
CREATE INDEX leads_team_status_activity ON leads(team_id, status, activity_at);

CREATE TRIGGER leads_activity_on_insert AFTER INSERT ON leads WHEN new.activity_at IS NULL
BEGIN
  UPDATE leads SET activity_at = new.updated_at WHERE id = new.id;
END;

CREATE TRIGGER leads_activity_on_move AFTER UPDATE OF stage, status, amount ON leads
WHEN old.stage IS NOT new.stage OR old.status IS NOT new.status OR old.amount IS NOT new.amount
BEGIN
  UPDATE leads SET activity_at = new.updated_at, stale_since = NULL WHERE id = new.id;
END;

-- Contextual training nudges. `dedupe_key` names the situation (a lead's quiet spell, a practice
-- gap, an outcome): the same situation never nudges the same rep twice. A nudge means nothing
-- without its rep, lead or scenario, so it goes when they go.
CREATE TABLE nudges (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('no_meeting', 'stale_lead', 'practice_gap', 'lost_on_price')),
  dedupe_key TEXT NOT NULL,
  lead_id TEXT REFERENCES leads(id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  message TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acted', 'dismissed')),
  snoozed_until TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  acted_at TEXT,
  dismissed_at TEXT,
  UNIQUE (member_id, dedupe_key)
);
CREATE INDEX nudges_member_created ON nudges(member_id, created_at);
CREATE INDEX nudges_lead ON nudges(lead_id, member_id);

-- What the team knows: product facts, common objections (with the team's answer), competitors.
CREATE TABLE knowledge (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('product_fact', 'objection', 'competitor')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  answer TEXT,
  author_id TEXT REFERENCES members(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX knowledge_team ON knowledge(team_id, kind, created_at);

-- A won deal becomes at most one scenario.
CREATE UNIQUE INDEX scenarios_deal_lead ON scenarios(lead_id) WHERE source = 'deal';
CREATE INDEX scenarios_team_status ON scenarios(team_id, status, updated_at);

-- Each scheduled job's run per team: when, by what trigger, and what it did (JSON counts).
CREATE TABLE schedule_runs (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  job TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('cron', 'manual')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  summary TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX schedule_runs_team ON schedule_runs(team_id, job, started_at);
