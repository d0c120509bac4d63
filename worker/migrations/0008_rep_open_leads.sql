-- A rep's open leads (weak areas, recommendations and nudges read them on every call): through
-- (owner_id, status) the read stops at the open ones instead of walking every lead the rep ever had.
CREATE INDEX leads_owner_status_activity ON leads(owner_id, status, activity_at);
