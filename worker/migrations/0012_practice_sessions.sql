-- Practice conversations (up to three buyer turns). A session is open until the conversation ends or goes idle
-- for 30 minutes (then it expires and counts the turns done); either way it then records exactly one attempt
-- (attempt_id), so XP, weak areas and analytics count a conversation once. Turns are immutable: (session, n).
ALTER TABLE scenarios ADD COLUMN closing_line TEXT;

CREATE TABLE practice_sessions (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'expired')),
  max_turns INTEGER NOT NULL,
  turns_done INTEGER NOT NULL DEFAULT 0,
  -- The buyer line awaiting an answer, and what it pushes on ({kind, id} JSON; NULL for the first turn).
  next_line TEXT,
  next_target TEXT,
  -- Set when it ends: the buyer's last line, whether it ended strong, the total, the attempt it recorded.
  end_line TEXT,
  strong INTEGER,
  score INTEGER,
  xp INTEGER,
  attempt_id TEXT,
  started_at TEXT NOT NULL,
  last_turn_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX practice_sessions_member ON practice_sessions(member_id, status, last_turn_at);
-- The expiry job finds idle open sessions without reading finished ones.
CREATE INDEX practice_sessions_open ON practice_sessions(status, last_turn_at);

CREATE TABLE session_turns (
  session_id TEXT NOT NULL REFERENCES practice_sessions(id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  buyer_line TEXT NOT NULL,
  target TEXT,
  response TEXT NOT NULL,
  score INTEGER NOT NULL,
  summary TEXT NOT NULL,
  criteria TEXT NOT NULL,
  gate TEXT,
  duration_sec INTEGER NOT NULL,
  scorer TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (session_id, n)
) WITHOUT ROWID;
