-- Running totals (issue 11): what analytics and the rep's weak areas read so that a request's rows do not grow with how
-- busy the team's history is. A period's count is the running total at its end less the running total before its start:
-- two index seeks per (rep, key), however many deals or attempts the period holds. Kept current by triggers (on `deals`,
-- itself kept by migration 0011's triggers, and on `attempts`), in the writer's own statement; backfilled below.
-- A from-scratch recomputation of each table is in worker/src/db/rollups.ts (the consistency test compares them).
-- A write adds to its day's row and every later row of its key: a deal closed today touches one row per key, a deal
-- back-dated by a year up to a year of that key's rows (rare: imports).

-- Each practice attempt carries its scenario's category and difficulty (as the scenario has them: an edit of a
-- scenario's category follows to its attempts), so a rep's recent practice is read without a join per attempt.
ALTER TABLE attempts ADD COLUMN category TEXT;
ALTER TABLE attempts ADD COLUMN difficulty TEXT;

-- Writers other than the API's practice insert (seeds, tests, imports) leave them null: filled from the scenario.
CREATE TRIGGER attempts_scenario_kind AFTER INSERT ON attempts WHEN new.category IS NULL OR new.difficulty IS NULL
BEGIN
  UPDATE attempts SET (category, difficulty) = (SELECT s.category, s.difficulty FROM scenarios s WHERE s.id = new.scenario_id) WHERE id = new.id;
END;

-- Only members of the scenario's team (every member for a library scenario) can have practised it: their
-- (member_id, scenario_id) index finds the attempts. A new category also moves those reps' first three attempts
-- (practice_firsts, migration 0011, counted by the category the scenario has): rebuilt for both categories.
CREATE TRIGGER scenarios_attempts_kind AFTER UPDATE OF category, difficulty ON scenarios
WHEN old.category IS NOT new.category OR old.difficulty IS NOT new.difficulty
BEGIN
  UPDATE attempts SET category = new.category, difficulty = new.difficulty
  WHERE member_id IN (SELECT id FROM members WHERE new.team_id IS NULL OR team_id = new.team_id) AND scenario_id = new.id;
  DELETE FROM practice_firsts WHERE old.category IS NOT new.category AND category IN (old.category, new.category)
    AND member_id IN (SELECT a.member_id FROM attempts a WHERE a.member_id IN (SELECT id FROM members WHERE new.team_id IS NULL OR team_id = new.team_id) AND a.scenario_id = new.id);
  INSERT INTO practice_firsts (member_id, category, team_id, first_at, second_at, third_at)
  SELECT member_id, category, team_id, min(CASE WHEN rn = 1 THEN created_at END), min(CASE WHEN rn = 2 THEN created_at END), min(CASE WHEN rn = 3 THEN created_at END)
  FROM (SELECT a.member_id, a.category, a.team_id, a.created_at, row_number() OVER (PARTITION BY a.member_id, a.category ORDER BY a.created_at) AS rn
    FROM attempts a WHERE old.category IS NOT new.category AND a.category IN (old.category, new.category)
      AND a.member_id IN (SELECT b.member_id FROM attempts b WHERE b.member_id IN (SELECT id FROM members WHERE new.team_id IS NULL OR team_id = new.team_id) AND b.scenario_id = new.id))
  WHERE rn <= 3 GROUP BY member_id, category;
END;

-- Deals (each lead's latest answer, table `deals`) counted from the first day up to and including `day`, per rep and
-- dim: 'all' (key ''), 'strategy' (key = strategy id, '' = none), 'tactic' (key = tactic id); and per team (member_id
-- '') for dim 'tally' (key = responded|meeting_booked|result|lost_reason). A row exists for each day a deal of that key
-- closed on (date(closed_at), UTC); the total at any moment is the latest row on or before it. A deal that moves
-- (a re-answer) leaves its old day's row in place, holding the total of the days before it.
CREATE TABLE deal_running (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  key TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  responded INTEGER NOT NULL,
  meeting_booked INTEGER NOT NULL,
  won INTEGER NOT NULL,
  lost INTEGER NOT NULL,
  ghosted INTEGER NOT NULL,
  PRIMARY KEY (team_id, member_id, dim, key, day)
) WITHOUT ROWID;

-- The keys each rep (or the team, member_id '') has running totals for: what a read walks, one row per (rep, key).
CREATE TABLE deal_keys (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY (team_id, member_id, dim, key)
) WITHOUT ROWID;

-- Practice per rep from the first day up to and including `day`: attempts and seconds (each attempt counts at most
-- 1800 s, as practice_rollup). A row for each day the rep practised on.
CREATE TABLE practice_running (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL,
  day TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  seconds INTEGER NOT NULL,
  PRIMARY KEY (team_id, member_id, day)
) WITHOUT ROWID;

CREATE TRIGGER attempts_running AFTER INSERT ON attempts
BEGIN
  INSERT INTO practice_running (team_id, member_id, day, attempts, seconds)
  SELECT new.team_id, new.member_id, date(new.created_at), coalesce(p.attempts, 0), coalesce(p.seconds, 0)
  FROM (SELECT 1) x LEFT JOIN practice_running p ON p.team_id = new.team_id AND p.member_id = new.member_id
    AND p.day = (SELECT max(q.day) FROM practice_running q WHERE q.team_id = new.team_id AND q.member_id = new.member_id AND q.day < date(new.created_at))
  WHERE true
  ON CONFLICT (team_id, member_id, day) DO NOTHING;
  UPDATE practice_running SET attempts = attempts + 1, seconds = seconds + min(new.duration_sec, 1800)
  WHERE team_id = new.team_id AND member_id = new.member_id AND day >= date(new.created_at);
END;

-- A deal enters its keys' totals (its day's row made from the day before's total first) …
CREATE TRIGGER deals_running_insert AFTER INSERT ON deals
BEGIN
  INSERT INTO deal_keys (team_id, member_id, dim, key)
  SELECT new.team_id, k.member, k.dim, k.key FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k WHERE true
  ON CONFLICT (team_id, member_id, dim, key) DO NOTHING;
  INSERT INTO deal_running (team_id, member_id, dim, key, day, n, responded, meeting_booked, won, lost, ghosted)
  SELECT new.team_id, k.member, k.dim, k.key, date(new.closed_at), coalesce(p.n, 0), coalesce(p.responded, 0), coalesce(p.meeting_booked, 0),
    coalesce(p.won, 0), coalesce(p.lost, 0), coalesce(p.ghosted, 0)
  FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k LEFT JOIN deal_running p ON p.team_id = new.team_id AND p.member_id = k.member AND p.dim = k.dim AND p.key = k.key
    AND p.day = (SELECT max(q.day) FROM deal_running q WHERE q.team_id = new.team_id AND q.member_id = k.member AND q.dim = k.dim AND q.key = k.key AND q.day < date(new.closed_at))
  WHERE true
  ON CONFLICT (team_id, member_id, dim, key, day) DO NOTHING;
  UPDATE deal_running SET (n, responded, meeting_booked, won, lost, ghosted) = (
      SELECT n + m, responded + m * new.responded, meeting_booked + m * new.meeting_booked, won + m * (new.result = 'won'),
        lost + m * (new.result = 'lost'), ghosted + m * (new.result = 'ghosted')
      FROM (SELECT CASE deal_running.dim WHEN 'tactic' THEN (SELECT count(*) FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j
        WHERE j.type = 'text' AND j.value = deal_running.key) ELSE 1 END AS m))
  WHERE team_id = new.team_id AND (member_id, dim, key) IN (SELECT k.member, k.dim, k.key FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k) AND day >= date(new.closed_at);
END;

-- … a changed deal (a re-answer; migration 0011's trigger updates the row) leaves the old keys and enters the new …
CREATE TRIGGER deals_running_update AFTER UPDATE ON deals
WHEN old.team_id IS NOT new.team_id OR old.member_id IS NOT new.member_id OR old.responded IS NOT new.responded OR old.meeting_booked IS NOT new.meeting_booked OR old.result IS NOT new.result OR old.strategy IS NOT new.strategy OR old.tactics IS NOT new.tactics OR old.lost_reason IS NOT new.lost_reason OR date(old.closed_at) IS NOT date(new.closed_at)
BEGIN
  UPDATE deal_running SET (n, responded, meeting_booked, won, lost, ghosted) = (
      SELECT n - m, responded - m * old.responded, meeting_booked - m * old.meeting_booked, won - m * (old.result = 'won'),
        lost - m * (old.result = 'lost'), ghosted - m * (old.result = 'ghosted')
      FROM (SELECT CASE deal_running.dim WHEN 'tactic' THEN (SELECT count(*) FROM json_each(CASE WHEN json_valid(old.tactics) THEN old.tactics ELSE '[]' END) j
        WHERE j.type = 'text' AND j.value = deal_running.key) ELSE 1 END AS m))
  WHERE team_id = old.team_id AND (member_id, dim, key) IN (SELECT k.member, k.dim, k.key FROM (SELECT old.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT old.member_id, 'strategy', coalesce(old.strategy, '')
    UNION ALL SELECT old.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(old.tactics) THEN old.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', old.responded || '|' || old.meeting_booked || '|' || old.result || '|' || coalesce(old.lost_reason, '')) k) AND day >= date(old.closed_at);
  INSERT INTO deal_keys (team_id, member_id, dim, key)
  SELECT new.team_id, k.member, k.dim, k.key FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k WHERE true
  ON CONFLICT (team_id, member_id, dim, key) DO NOTHING;
  INSERT INTO deal_running (team_id, member_id, dim, key, day, n, responded, meeting_booked, won, lost, ghosted)
  SELECT new.team_id, k.member, k.dim, k.key, date(new.closed_at), coalesce(p.n, 0), coalesce(p.responded, 0), coalesce(p.meeting_booked, 0),
    coalesce(p.won, 0), coalesce(p.lost, 0), coalesce(p.ghosted, 0)
  FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k LEFT JOIN deal_running p ON p.team_id = new.team_id AND p.member_id = k.member AND p.dim = k.dim AND p.key = k.key
    AND p.day = (SELECT max(q.day) FROM deal_running q WHERE q.team_id = new.team_id AND q.member_id = k.member AND q.dim = k.dim AND q.key = k.key AND q.day < date(new.closed_at))
  WHERE true
  ON CONFLICT (team_id, member_id, dim, key, day) DO NOTHING;
  UPDATE deal_running SET (n, responded, meeting_booked, won, lost, ghosted) = (
      SELECT n + m, responded + m * new.responded, meeting_booked + m * new.meeting_booked, won + m * (new.result = 'won'),
        lost + m * (new.result = 'lost'), ghosted + m * (new.result = 'ghosted')
      FROM (SELECT CASE deal_running.dim WHEN 'tactic' THEN (SELECT count(*) FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j
        WHERE j.type = 'text' AND j.value = deal_running.key) ELSE 1 END AS m))
  WHERE team_id = new.team_id AND (member_id, dim, key) IN (SELECT k.member, k.dim, k.key FROM (SELECT new.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT new.member_id, 'strategy', coalesce(new.strategy, '')
    UNION ALL SELECT new.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(new.tactics) THEN new.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', new.responded || '|' || new.meeting_booked || '|' || new.result || '|' || coalesce(new.lost_reason, '')) k) AND day >= date(new.closed_at);
END;

-- … and a deleted one (its lead deleted) leaves them.
CREATE TRIGGER deals_running_delete AFTER DELETE ON deals
BEGIN
  UPDATE deal_running SET (n, responded, meeting_booked, won, lost, ghosted) = (
      SELECT n - m, responded - m * old.responded, meeting_booked - m * old.meeting_booked, won - m * (old.result = 'won'),
        lost - m * (old.result = 'lost'), ghosted - m * (old.result = 'ghosted')
      FROM (SELECT CASE deal_running.dim WHEN 'tactic' THEN (SELECT count(*) FROM json_each(CASE WHEN json_valid(old.tactics) THEN old.tactics ELSE '[]' END) j
        WHERE j.type = 'text' AND j.value = deal_running.key) ELSE 1 END AS m))
  WHERE team_id = old.team_id AND (member_id, dim, key) IN (SELECT k.member, k.dim, k.key FROM (SELECT old.member_id AS member, 'all' AS dim, '' AS key
    UNION ALL SELECT old.member_id, 'strategy', coalesce(old.strategy, '')
    UNION ALL SELECT old.member_id, 'tactic', j.value FROM json_each(CASE WHEN json_valid(old.tactics) THEN old.tactics ELSE '[]' END) j WHERE j.type = 'text'
    UNION ALL SELECT '', 'tally', old.responded || '|' || old.meeting_booked || '|' || old.result || '|' || coalesce(old.lost_reason, '')) k) AND day >= date(old.closed_at);
END;

-- A rep's won deals of a period (the cycle-time medians of GET /v1/me/analytics), without their other deals.
CREATE INDEX deals_member_result_closed ON deals(member_id, result, closed_at);

-- Backfill from what is stored (the same definitions as the recomputation in worker/src/db/rollups.ts).
UPDATE attempts SET (category, difficulty) = (SELECT s.category, s.difficulty FROM scenarios s WHERE s.id = attempts.scenario_id)
WHERE category IS NULL OR difficulty IS NULL;

INSERT INTO deal_keys (team_id, member_id, dim, key)
SELECT DISTINCT team_id, member, dim, key FROM (SELECT d.team_id, CASE k.dim WHEN 'tally' THEN '' ELSE d.member_id END AS member, k.dim, j.value AS key, d.closed_at, d.responded, d.meeting_booked, d.result
    FROM deals d, (SELECT 'all' AS dim UNION ALL SELECT 'strategy' UNION ALL SELECT 'tactic' UNION ALL SELECT 'tally') k,
      json_each(CASE k.dim WHEN 'tactic' THEN CASE WHEN json_valid(d.tactics) THEN d.tactics ELSE '[]' END
        ELSE json_array(CASE k.dim WHEN 'all' THEN '' WHEN 'strategy' THEN coalesce(d.strategy, '')
          ELSE d.responded || '|' || d.meeting_booked || '|' || d.result || '|' || coalesce(d.lost_reason, '') END) END) j
    WHERE j.type = 'text');

INSERT INTO deal_running (team_id, member_id, dim, key, day, n, responded, meeting_booked, won, lost, ghosted)
SELECT team_id, member, dim, key, day,
  sum(n) OVER w, sum(responded) OVER w, sum(meeting_booked) OVER w, sum(won) OVER w, sum(lost) OVER w, sum(ghosted) OVER w
FROM (SELECT team_id, member, dim, key, date(closed_at) AS day, count(*) AS n, sum(responded) AS responded, sum(meeting_booked) AS meeting_booked,
    sum(result = 'won') AS won, sum(result = 'lost') AS lost, sum(result = 'ghosted') AS ghosted
  FROM (SELECT d.team_id, CASE k.dim WHEN 'tally' THEN '' ELSE d.member_id END AS member, k.dim, j.value AS key, d.closed_at, d.responded, d.meeting_booked, d.result
    FROM deals d, (SELECT 'all' AS dim UNION ALL SELECT 'strategy' UNION ALL SELECT 'tactic' UNION ALL SELECT 'tally') k,
      json_each(CASE k.dim WHEN 'tactic' THEN CASE WHEN json_valid(d.tactics) THEN d.tactics ELSE '[]' END
        ELSE json_array(CASE k.dim WHEN 'all' THEN '' WHEN 'strategy' THEN coalesce(d.strategy, '')
          ELSE d.responded || '|' || d.meeting_booked || '|' || d.result || '|' || coalesce(d.lost_reason, '') END) END) j
    WHERE j.type = 'text')
  GROUP BY team_id, member, dim, key, day)
WINDOW w AS (PARTITION BY team_id, member, dim, key ORDER BY day ROWS UNBOUNDED PRECEDING);

INSERT INTO practice_running (team_id, member_id, day, attempts, seconds)
SELECT team_id, member_id, day, sum(attempts) OVER w, sum(seconds) OVER w
FROM (SELECT team_id, member_id, date(created_at) AS day, count(*) AS attempts, sum(min(duration_sec, 1800)) AS seconds FROM attempts GROUP BY team_id, member_id, day)
WINDOW w AS (PARTITION BY team_id, member_id ORDER BY day ROWS UNBOUNDED PRECEDING);
