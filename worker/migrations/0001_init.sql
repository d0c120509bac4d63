-- Deal Quest core schema: teams, members, tokens, leads, outcomes, scenarios, attempts, XP, idempotency.
-- Timestamps are ISO-8601 UTC strings; booleans are 0/1; lists are JSON text.

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- team-extensible playbook and rule settings, JSON
  settings TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('rep', 'manager')),
  created_at TEXT NOT NULL,
  UNIQUE (team_id, email)
);

-- Only SHA-256 hashes of bearer tokens are stored; the token itself is shown once.
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members(id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX tokens_member ON tokens(member_id);

-- Running totals per member, updated in the same batch as the event that changes them,
-- so the hot routes (GET /v1/me, POST /v1/training/attempts) read one row.
CREATE TABLE member_stats (
  member_id TEXT PRIMARY KEY REFERENCES members(id),
  training_xp INTEGER NOT NULL DEFAULT 0,
  support_xp INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  practice_seconds INTEGER NOT NULL DEFAULT 0,
  outcomes INTEGER NOT NULL DEFAULT 0,
  streak INTEGER NOT NULL DEFAULT 0,
  last_practice_day TEXT,
  last_practiced_at TEXT
);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  owner_id TEXT REFERENCES members(id),
  crm TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name TEXT,
  company TEXT,
  stage TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost', 'ghosted')),
  amount REAL,
  currency TEXT,
  url TEXT,
  persona TEXT,
  industry TEXT,
  crm_created_at TEXT,
  first_seen_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  UNIQUE (team_id, crm, external_id)
);
CREATE INDEX leads_owner_created ON leads(owner_id, first_seen_at);
CREATE INDEX leads_team_status ON leads(team_id, status);

-- Append-only: every answer to the outcome popup is one row; the latest sets the lead's status.
CREATE TABLE outcomes (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  lead_id TEXT NOT NULL REFERENCES leads(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  responded INTEGER NOT NULL,
  meeting_booked INTEGER NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('won', 'lost', 'ghosted')),
  strategy TEXT,
  tactics TEXT NOT NULL DEFAULT '[]',
  lost_reason TEXT,
  winning_approach TEXT,
  scenario_consent INTEGER NOT NULL DEFAULT 0,
  notes TEXT,
  closed_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX outcomes_lead ON outcomes(lead_id, created_at);
CREATE INDEX outcomes_member_closed ON outcomes(member_id, closed_at);
CREATE INDEX outcomes_team_closed ON outcomes(team_id, closed_at);

-- team_id NULL = the global library; drafts never leave their team.
CREATE TABLE scenarios (
  id TEXT PRIMARY KEY,
  team_id TEXT REFERENCES teams(id),
  slug TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('library', 'deal', 'casebook', 'knowledge')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  difficulty TEXT NOT NULL,
  persona TEXT NOT NULL,
  industry TEXT,
  situation TEXT NOT NULL,
  buyer_line TEXT NOT NULL,
  ideal_response TEXT NOT NULL,
  rubric TEXT NOT NULL,
  author_id TEXT REFERENCES members(id),
  lead_id TEXT REFERENCES leads(id),
  library_version INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX scenarios_slug ON scenarios(ifnull(team_id, ''), slug);
CREATE INDEX scenarios_pool ON scenarios(team_id, status, category, difficulty);

CREATE TABLE attempts (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  scenario_id TEXT NOT NULL REFERENCES scenarios(id),
  response TEXT NOT NULL,
  duration_sec INTEGER NOT NULL,
  score INTEGER NOT NULL,
  feedback TEXT NOT NULL,
  xp INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attempts_member_created ON attempts(member_id, created_at);
CREATE INDEX attempts_member_scenario ON attempts(member_id, scenario_id);
CREATE INDEX attempts_team_created ON attempts(team_id, created_at);

-- One XP pool: training and support sources, each entry tied to what earned it.
CREATE TABLE xp_ledger (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  source TEXT NOT NULL CHECK (source IN ('training', 'support')),
  amount INTEGER NOT NULL,
  reason TEXT NOT NULL,
  ref_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX xp_member ON xp_ledger(member_id, created_at);

-- Replays of a mutation with the same Idempotency-Key return the stored response.
CREATE TABLE idempotency (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
