-- Tenant tables: every row belongs to a community, and row-level security (forced, so it holds
-- for the table owner too) lets a session see only its current tenant's rows.
CREATE TABLE profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  discord_user_id varchar(20) NOT NULL,
  wallet_address text,
  tier text,
  conviction_score numeric NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, discord_user_id)
);

CREATE TABLE badges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  profile_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  badge_type text NOT NULL,
  awarded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE eligibility_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  rule_type text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true
);

CREATE TABLE audit_entries (
  id bigserial PRIMARY KEY,
  community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  actor text NOT NULL,
  action text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX profiles_community ON profiles (community_id);
CREATE INDEX badges_community ON badges (community_id);
CREATE INDEX eligibility_rules_community ON eligibility_rules (community_id);
CREATE INDEX audit_entries_community ON audit_entries (community_id, created_at);

ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON profiles USING (community_id = current_tenant()) WITH CHECK (community_id = current_tenant());
ALTER TABLE badges ENABLE ROW LEVEL SECURITY;
ALTER TABLE badges FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON badges USING (community_id = current_tenant()) WITH CHECK (community_id = current_tenant());
ALTER TABLE eligibility_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE eligibility_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON eligibility_rules USING (community_id = current_tenant()) WITH CHECK (community_id = current_tenant());
ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_entries USING (community_id = current_tenant()) WITH CHECK (community_id = current_tenant());
