-- The kill switch for when a CRM redesigns: record-page features operators switched off per CRM
-- (PUT /v1/crm-features with the admin secret). Served to every member inside GET /v1/me; the
-- extension skips a switched-off feature on the next record visit. A row is a feature that is off.
CREATE TABLE crm_feature_switches (
  crm TEXT NOT NULL,
  feature TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  switched_off_at TEXT NOT NULL,
  PRIMARY KEY (crm, feature)
);
