-- Experiment mode (randomized nudge holdout): each (rep × category × 4-week block) is assigned once to
-- "nudge" or "holdout" and the assignment is never changed afterwards (INSERT OR IGNORE on the key), so the
-- analysis can be audited and re-run. `seed` is the team's experiment seed the arm was drawn from, and
-- `holdout_share` the share in force when it was drawn.
CREATE TABLE experiment_assignments (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  block_start TEXT NOT NULL,
  arm TEXT NOT NULL CHECK (arm IN ('nudge', 'holdout')),
  seed TEXT NOT NULL,
  holdout_share REAL NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (team_id, block_start, member_id, category)
) WITHOUT ROWID;
-- A rep's arms in the current block (nudges, recommendations): by member.
CREATE INDEX experiment_assignments_member ON experiment_assignments(member_id, block_start);
