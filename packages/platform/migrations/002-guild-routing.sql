-- Guild routing: a pool of test guilds that sandboxes can lease, and a notification whenever
-- the guild → sandbox map that routers hold in memory may have changed.

CREATE TABLE bd.guild_pool (
  guild_id varchar(20) PRIMARY KEY CHECK (guild_id ~ '^[0-9]{17,20}$'),
  label text NOT NULL DEFAULT '',
  added_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION bd.notify_guild_map() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bd_guild_map', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER guild_mapping_changed
  AFTER INSERT OR UPDATE OR DELETE ON bd.sandbox_guild_mapping
  FOR EACH STATEMENT EXECUTE FUNCTION bd.notify_guild_map();

-- Routers route only to running or expired sandboxes, so a status change can change the map.
CREATE TRIGGER sandbox_status_changed
  AFTER UPDATE OF status ON bd.sandboxes
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION bd.notify_guild_map();
