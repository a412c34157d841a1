-- The control plane: sandboxes, the guilds they hold, and who did what to them.

CREATE TABLE bd.sandboxes (
  id uuid PRIMARY KEY,
  name varchar(64) NOT NULL,
  owner varchar(64) NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'pending',
  schema_name varchar(64) NOT NULL UNIQUE,
  discord_token_id uuid,
  ttl_seconds integer NOT NULL CHECK (ttl_seconds > 0),
  step text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  destroyed_at timestamptz,
  CONSTRAINT valid_status CHECK (status IN ('pending', 'creating', 'running', 'expired', 'destroying', 'destroyed'))
);

-- Names are unique among sandboxes that are not destroyed, so a name can be used again.
CREATE UNIQUE INDEX sandboxes_live_name ON bd.sandboxes (name) WHERE status <> 'destroyed';
CREATE INDEX idx_sandboxes_status ON bd.sandboxes (status);
CREATE INDEX idx_sandboxes_expires ON bd.sandboxes (expires_at) WHERE status = 'running';
CREATE INDEX idx_sandboxes_owner_live ON bd.sandboxes (owner) WHERE status IN ('pending', 'creating', 'running', 'expired');

CREATE TABLE bd.sandbox_guild_mapping (
  guild_id varchar(20) PRIMARY KEY CHECK (guild_id ~ '^[0-9]{17,20}$'),
  sandbox_id uuid NOT NULL REFERENCES bd.sandboxes (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_sandbox_guild_mapping_sandbox ON bd.sandbox_guild_mapping (sandbox_id);

-- No foreign key: the audit trail outlives the rows it speaks of.
CREATE TABLE bd.audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor varchar(64) NOT NULL,
  action varchar(64) NOT NULL,
  sandbox_id uuid,
  outcome varchar(16) NOT NULL CHECK (outcome IN ('started', 'ok', 'failed')),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_audit_log_sandbox ON bd.audit_log (sandbox_id, at);
