-- Analytics (GET /v1/team/analytics, /v1/me/analytics): indexes for its two heaviest reads.

-- Each rep's first three attempts per scenario, in time order (the per-category lift pivots read at most
-- three index entries per rep and scenario instead of sorting every attempt the team ever made).
CREATE INDEX attempts_member_scenario_created ON attempts(member_id, scenario_id, created_at);

-- Practice time per rep and week: a covering index, so the period's attempts are read from the index alone.
CREATE INDEX attempts_team_created_cover ON attempts(team_id, created_at, member_id, duration_sec);
