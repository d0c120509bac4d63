-- Practice scoring v2 (issue 9). Scenarios carry pitfalls: the moves a coach marks down in that
-- situation (JSON array of RubricPitfall, empty for scenarios written before). Attempts record which
-- scorer and version scored them, so analytics can tell scores apart; every earlier attempt was
-- scored by the first rubric scorer.
ALTER TABLE scenarios ADD COLUMN pitfalls TEXT NOT NULL DEFAULT '[]';
ALTER TABLE attempts ADD COLUMN scorer TEXT NOT NULL DEFAULT 'rubric-v1';
