-- Per-sandbox credentials. Passwords are never stored: they are derived from a server-side
-- secret (BD_SECRET, else the one kept here) and the sandbox id. What each backend enforces is
-- recorded per sandbox, so connect and status can say it.

CREATE TABLE bd.settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE bd.sandboxes
  ADD COLUMN isolation jsonb NOT NULL DEFAULT '{}',
  -- A NATS user JWT is a signed certificate, not a secret: without the derived seed it is useless.
  ADD COLUMN nats_user_jwt text;

CREATE TABLE bd.nats_revocations (
  user_public_key text PRIMARY KEY,
  sandbox_id uuid NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
