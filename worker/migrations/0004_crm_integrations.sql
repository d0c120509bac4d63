-- CRM webhooks: per-team integration settings (secrets encrypted), delivery dedupe, the last
-- closure state each CRM reported per deal (ordering and deal+status dedupe), and the outcome
-- prompts those closures leave pending for the deal's owner.

-- One row per (team, CRM). `settings` holds what may be shown (portal id, stage ids, org id);
-- `secret` holds the credentials as AES-GCM ciphertext ("v1.<keyId>.<iv>.<ciphertext>"), and
-- `key_id` names the worker key that sealed it, so a key rotation can find what to re-encrypt.
CREATE TABLE team_integrations (
  team_id TEXT NOT NULL REFERENCES teams(id),
  crm TEXT NOT NULL CHECK (crm IN ('hubspot', 'pipedrive', 'salesforce')),
  settings TEXT NOT NULL DEFAULT '{}',
  secret TEXT NOT NULL,
  key_id TEXT NOT NULL,
  -- CRM user id -> member id, JSON
  user_map TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_delivery_at TEXT,
  PRIMARY KEY (team_id, crm)
);
CREATE INDEX team_integrations_key ON team_integrations(key_id);

-- Vendor event ids already processed: a retry or a duplicate delivery finds its key here and
-- changes nothing. Pruned after a week (vendors retry for at most a day).
CREATE TABLE webhook_deliveries (
  team_id TEXT NOT NULL,
  crm TEXT NOT NULL,
  event_key TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (team_id, crm, event_key)
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries(team_id, crm, received_at);

-- The newest deal state each CRM reported ('won', 'lost', or 'open' after a reopen) and when it
-- happened in the CRM: an older event arriving late is ignored, and the same status twice is one closure.
CREATE TABLE crm_deal_states (
  team_id TEXT NOT NULL,
  crm TEXT NOT NULL,
  external_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  occurred_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, crm, external_id)
);

-- A closure the CRM reported that still awaits the owner's outcome answers (one per lead; the
-- owner is the lead's owner, so a rep claiming an unassigned lead takes its prompt along).
-- Answering the outcome (POST /v1/leads/:id/outcomes) deletes the row.
CREATE TABLE pending_outcomes (
  lead_id TEXT PRIMARY KEY REFERENCES leads(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  status TEXT NOT NULL CHECK (status IN ('won', 'lost')),
  closed_at TEXT NOT NULL,
  reported_at TEXT NOT NULL
);
CREATE INDEX pending_outcomes_team ON pending_outcomes(team_id, reported_at);
