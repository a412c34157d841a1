-- A community is a tenant: one Discord server using Arrakis.
CREATE TABLE communities (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  discord_guild_id varchar(20),
  theme text NOT NULL DEFAULT 'basic',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE communities ENABLE ROW LEVEL SECURITY;
ALTER TABLE communities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON communities USING (id = current_tenant()) WITH CHECK (id = current_tenant());
