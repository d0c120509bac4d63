-- Rollups (issue 11): what analytics and the team's deal tallies read instead of raw attempts and outcomes, so
-- those reads are bounded by the period (days and weeks × reps), never by the team's history. Kept current by
-- triggers on every insert into attempts and outcomes (the API, webhooks, seeds and tests alike), inside the
-- writer's own statement; the tables below are backfilled from what is already stored.
-- A from-scratch recomputation of each table is in worker/src/db/rollups.ts (the consistency test compares them).

-- The deal as it stands: each lead's latest answer (outcomes are append-only; latest = greatest (created_at, id)).
-- `cycle_days`: days from the lead's creation (CRM, else first seen) to closed_at, kept current if the lead's dates change.
CREATE TABLE deals (
  lead_id TEXT PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  outcome_id TEXT NOT NULL,
  answered_at TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  responded INTEGER NOT NULL,
  meeting_booked INTEGER NOT NULL,
  result TEXT NOT NULL,
  strategy TEXT,
  tactics TEXT NOT NULL,
  lost_reason TEXT,
  cycle_days REAL
);
CREATE INDEX deals_team_result_closed ON deals(team_id, result, closed_at);
CREATE INDEX deals_member_closed ON deals(member_id, closed_at);

-- Deals counted per bucket: grain 'd' = a UTC day (bucket YYYY-MM-DD of closed_at), 'w' = an ISO week (bucket = its
-- Monday). A period reads its whole weeks at grain 'w' and its edge days at grain 'd'.
-- dim 'all' (key ''), 'strategy' (key = strategy id, '' = none), 'tactic' (key = tactic id): per rep;
-- dim 'tally' (key = responded|meeting_booked|result|lost_reason; member_id ''): the team's, per calendar month
-- only (grain 'm', bucket = the month's first day): a year of tallies is 13 months × the combinations.
-- A re-answered outcome moves its deal: the superseded answer is subtracted, the new one added (rows may reach 0).
CREATE TABLE deal_rollup (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  dim TEXT NOT NULL,
  grain TEXT NOT NULL,
  bucket TEXT NOT NULL,
  member_id TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  responded INTEGER NOT NULL,
  meeting_booked INTEGER NOT NULL,
  won INTEGER NOT NULL,
  lost INTEGER NOT NULL,
  ghosted INTEGER NOT NULL,
  PRIMARY KEY (team_id, dim, grain, bucket, member_id, key)
) WITHOUT ROWID;
CREATE INDEX deal_rollup_member ON deal_rollup(member_id, dim, grain, bucket);

-- Practice per rep and bucket (grains as above): attempts and seconds (each attempt counts at most 1800 s,
-- MAX_ATTEMPT_SECONDS in worker/src/db/stats.ts).
CREATE TABLE practice_rollup (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  grain TEXT NOT NULL,
  bucket TEXT NOT NULL,
  member_id TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  seconds INTEGER NOT NULL,
  PRIMARY KEY (team_id, grain, bucket, member_id)
) WITHOUT ROWID;
CREATE INDEX practice_rollup_member ON practice_rollup(member_id, grain, bucket);

-- Each rep's first three attempts per category (their times), for the analytics lift pivots.
CREATE TABLE practice_firsts (
  member_id TEXT NOT NULL,
  category TEXT NOT NULL,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  first_at TEXT NOT NULL,
  second_at TEXT,
  third_at TEXT,
  PRIMARY KEY (member_id, category)
) WITHOUT ROWID;
CREATE INDEX practice_firsts_team_third ON practice_firsts(team_id, third_at);

CREATE TRIGGER attempts_rollup AFTER INSERT ON attempts
BEGIN
  INSERT INTO practice_rollup (team_id, grain, bucket, member_id, attempts, seconds)
  SELECT new.team_id, g.grain, CASE g.grain WHEN 'd' THEN date(new.created_at) ELSE date(new.created_at, '-6 days', 'weekday 1') END,
    new.member_id, 1, min(new.duration_sec, 1800)
  FROM (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE true
  ON CONFLICT (team_id, grain, bucket, member_id) DO UPDATE SET attempts = attempts + excluded.attempts, seconds = seconds + excluded.seconds;
  INSERT INTO practice_firsts (member_id, category, team_id, first_at)
  SELECT new.member_id, s.category, new.team_id, new.created_at FROM scenarios s WHERE s.id = new.scenario_id
  ON CONFLICT (member_id, category) DO UPDATE SET
    first_at = min(first_at, excluded.first_at),
    second_at = CASE WHEN excluded.first_at < first_at THEN first_at WHEN second_at IS NULL OR excluded.first_at < second_at THEN excluded.first_at ELSE second_at END,
    third_at = CASE WHEN second_at IS NULL THEN NULL WHEN excluded.first_at < second_at THEN second_at
      WHEN third_at IS NULL OR excluded.first_at < third_at THEN excluded.first_at ELSE third_at END;
END;

-- Only an answer later than the lead's current one changes the deal.
CREATE TRIGGER outcomes_rollup AFTER INSERT ON outcomes
WHEN NOT EXISTS (SELECT 1 FROM deals d WHERE d.lead_id = new.lead_id AND (d.answered_at > new.created_at OR (d.answered_at = new.created_at AND d.outcome_id > new.id)))
BEGIN
  -- The superseded answer leaves its buckets …
  INSERT INTO deal_rollup (team_id, dim, grain, bucket, member_id, key, n, responded, meeting_booked, won, lost, ghosted)
  SELECT d.team_id, k.dim, g.grain, CASE g.grain WHEN 'd' THEN date(d.closed_at) WHEN 'w' THEN date(d.closed_at, '-6 days', 'weekday 1') ELSE date(d.closed_at, 'start of month') END,
    CASE k.dim WHEN 'tally' THEN '' ELSE d.member_id END, j.value,
    -1, -d.responded, -d.meeting_booked, -(d.result = 'won'), -(d.result = 'lost'), -(d.result = 'ghosted')
  FROM deals d, (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 'm') g,
    (SELECT 'all' AS dim UNION ALL SELECT 'strategy' UNION ALL SELECT 'tactic' UNION ALL SELECT 'tally') k,
    json_each(CASE k.dim WHEN 'tactic' THEN CASE WHEN json_valid(d.tactics) THEN d.tactics ELSE '[]' END
      ELSE json_array(CASE k.dim WHEN 'all' THEN '' WHEN 'strategy' THEN coalesce(d.strategy, '')
        ELSE d.responded || '|' || d.meeting_booked || '|' || d.result || '|' || coalesce(d.lost_reason, '') END) END) j
  WHERE d.lead_id = new.lead_id AND j.type = 'text' AND (g.grain = 'm') = (k.dim = 'tally')
  ON CONFLICT (team_id, dim, grain, bucket, member_id, key) DO UPDATE SET n = n + excluded.n, responded = responded + excluded.responded,
    meeting_booked = meeting_booked + excluded.meeting_booked, won = won + excluded.won, lost = lost + excluded.lost, ghosted = ghosted + excluded.ghosted;
  -- … the new answer becomes the deal …
  INSERT INTO deals (lead_id, team_id, member_id, outcome_id, answered_at, closed_at, responded, meeting_booked, result, strategy, tactics, lost_reason, cycle_days)
  VALUES (new.lead_id, new.team_id, new.member_id, new.id, new.created_at, new.closed_at, new.responded, new.meeting_booked, new.result, new.strategy, new.tactics,
    new.lost_reason, (SELECT max(0, julianday(new.closed_at) - julianday(coalesce(l.crm_created_at, l.first_seen_at))) FROM leads l WHERE l.id = new.lead_id))
  ON CONFLICT (lead_id) DO UPDATE SET team_id = excluded.team_id, member_id = excluded.member_id, outcome_id = excluded.outcome_id, answered_at = excluded.answered_at,
    closed_at = excluded.closed_at, responded = excluded.responded, meeting_booked = excluded.meeting_booked, result = excluded.result, strategy = excluded.strategy,
    tactics = excluded.tactics, lost_reason = excluded.lost_reason, cycle_days = excluded.cycle_days;
  -- … and enters its buckets.
  INSERT INTO deal_rollup (team_id, dim, grain, bucket, member_id, key, n, responded, meeting_booked, won, lost, ghosted)
  SELECT d.team_id, k.dim, g.grain, CASE g.grain WHEN 'd' THEN date(d.closed_at) WHEN 'w' THEN date(d.closed_at, '-6 days', 'weekday 1') ELSE date(d.closed_at, 'start of month') END,
    CASE k.dim WHEN 'tally' THEN '' ELSE d.member_id END, j.value,
    1, d.responded, d.meeting_booked, d.result = 'won', d.result = 'lost', d.result = 'ghosted'
  FROM deals d, (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 'm') g,
    (SELECT 'all' AS dim UNION ALL SELECT 'strategy' UNION ALL SELECT 'tactic' UNION ALL SELECT 'tally') k,
    json_each(CASE k.dim WHEN 'tactic' THEN CASE WHEN json_valid(d.tactics) THEN d.tactics ELSE '[]' END
      ELSE json_array(CASE k.dim WHEN 'all' THEN '' WHEN 'strategy' THEN coalesce(d.strategy, '')
        ELSE d.responded || '|' || d.meeting_booked || '|' || d.result || '|' || coalesce(d.lost_reason, '') END) END) j
  WHERE d.lead_id = new.lead_id AND j.type = 'text' AND (g.grain = 'm') = (k.dim = 'tally')
  ON CONFLICT (team_id, dim, grain, bucket, member_id, key) DO UPDATE SET n = n + excluded.n, responded = responded + excluded.responded,
    meeting_booked = meeting_booked + excluded.meeting_booked, won = won + excluded.won, lost = lost + excluded.lost, ghosted = ghosted + excluded.ghosted;
END;

CREATE TRIGGER leads_deal_cycle AFTER UPDATE OF crm_created_at, first_seen_at ON leads
WHEN old.crm_created_at IS NOT new.crm_created_at OR old.first_seen_at IS NOT new.first_seen_at
BEGIN
  UPDATE deals SET cycle_days = max(0, julianday(closed_at) - julianday(coalesce(new.crm_created_at, new.first_seen_at))) WHERE lead_id = new.id;
END;

-- Open leads per team and day of their last move (coalesce(activity_at, updated_at), as the adaptive reads use it),
-- and the team's total under day '': the open count is one row; the stale count is the total less the days after the
-- cutoff's day and the cutoff day's leads moved after it — never every open lead.
CREATE TABLE open_lead_days (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (team_id, day)
) WITHOUT ROWID;

CREATE TRIGGER leads_open_days_insert AFTER INSERT ON leads WHEN new.status = 'open'
BEGIN
  INSERT INTO open_lead_days (team_id, day, n) VALUES (new.team_id, date(coalesce(new.activity_at, new.updated_at)), 1), (new.team_id, '', 1)
  ON CONFLICT (team_id, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER leads_open_days_update AFTER UPDATE ON leads
WHEN (old.status = 'open') <> (new.status = 'open') OR date(coalesce(old.activity_at, old.updated_at)) IS NOT date(coalesce(new.activity_at, new.updated_at))
BEGIN
  UPDATE open_lead_days SET n = n - 1 WHERE old.status = 'open' AND team_id = old.team_id AND day IN (date(coalesce(old.activity_at, old.updated_at)), '');
  INSERT INTO open_lead_days (team_id, day, n)
  SELECT new.team_id, x.day, 1 FROM (SELECT date(coalesce(new.activity_at, new.updated_at)) AS day UNION ALL SELECT '') x WHERE new.status = 'open'
  ON CONFLICT (team_id, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER leads_open_days_delete AFTER DELETE ON leads WHEN old.status = 'open'
BEGIN
  UPDATE open_lead_days SET n = n - 1 WHERE team_id = old.team_id AND day IN (date(coalesce(old.activity_at, old.updated_at)), '');
END;

-- Backfill from what is stored (the same definitions as the recomputation in worker/src/db/rollups.ts).
INSERT INTO deals (lead_id, team_id, member_id, outcome_id, answered_at, closed_at, responded, meeting_booked, result, strategy, tactics, lost_reason, cycle_days)
SELECT o.lead_id, o.team_id, o.member_id, o.id, o.created_at, o.closed_at, o.responded, o.meeting_booked, o.result, o.strategy, o.tactics, o.lost_reason,
  max(0, julianday(o.closed_at) - julianday(coalesce(l.crm_created_at, l.first_seen_at)))
FROM outcomes o JOIN leads l ON l.id = o.lead_id
WHERE NOT EXISTS (SELECT 1 FROM outcomes later WHERE later.lead_id = o.lead_id AND (later.created_at > o.created_at OR (later.created_at = o.created_at AND later.id > o.id)));

INSERT INTO deal_rollup (team_id, dim, grain, bucket, member_id, key, n, responded, meeting_booked, won, lost, ghosted)
SELECT d.team_id, k.dim, g.grain, CASE g.grain WHEN 'd' THEN date(d.closed_at) WHEN 'w' THEN date(d.closed_at, '-6 days', 'weekday 1') ELSE date(d.closed_at, 'start of month') END AS bucket,
  CASE k.dim WHEN 'tally' THEN '' ELSE d.member_id END AS member, j.value,
  count(*), sum(d.responded), sum(d.meeting_booked), sum(d.result = 'won'), sum(d.result = 'lost'), sum(d.result = 'ghosted')
FROM deals d, (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 'm') g,
  (SELECT 'all' AS dim UNION ALL SELECT 'strategy' UNION ALL SELECT 'tactic' UNION ALL SELECT 'tally') k,
  json_each(CASE k.dim WHEN 'tactic' THEN CASE WHEN json_valid(d.tactics) THEN d.tactics ELSE '[]' END
    ELSE json_array(CASE k.dim WHEN 'all' THEN '' WHEN 'strategy' THEN coalesce(d.strategy, '')
      ELSE d.responded || '|' || d.meeting_booked || '|' || d.result || '|' || coalesce(d.lost_reason, '') END) END) j
WHERE j.type = 'text' AND (g.grain = 'm') = (k.dim = 'tally')
GROUP BY d.team_id, k.dim, g.grain, bucket, member, j.value;

INSERT INTO practice_rollup (team_id, grain, bucket, member_id, attempts, seconds)
SELECT a.team_id, g.grain, CASE g.grain WHEN 'd' THEN date(a.created_at) ELSE date(a.created_at, '-6 days', 'weekday 1') END AS bucket, a.member_id,
  count(*), sum(min(a.duration_sec, 1800))
FROM attempts a, (SELECT 'd' AS grain UNION ALL SELECT 'w') g
GROUP BY a.team_id, g.grain, bucket, a.member_id;

INSERT INTO practice_firsts (member_id, category, team_id, first_at, second_at, third_at)
SELECT member_id, category, team_id, min(CASE WHEN rn = 1 THEN created_at END), min(CASE WHEN rn = 2 THEN created_at END), min(CASE WHEN rn = 3 THEN created_at END)
FROM (SELECT a.member_id, s.category, a.team_id, a.created_at, row_number() OVER (PARTITION BY a.member_id, s.category ORDER BY a.created_at) AS rn
  FROM attempts a JOIN scenarios s ON s.id = a.scenario_id)
WHERE rn <= 3 GROUP BY member_id, category;

INSERT INTO open_lead_days (team_id, day, n)
SELECT team_id, date(coalesce(activity_at, updated_at)) AS day, count(*) FROM leads WHERE status = 'open' GROUP BY team_id, day
UNION ALL SELECT team_id, '', count(*) FROM leads WHERE status = 'open' GROUP BY team_id;
