-- Tenant context, as Arrakis's TenantContext sets it: every tenant table's policies read
-- app.current_tenant. A sandbox's DATABASE_URL sets it at connect time; set_tenant_context()
-- changes it for the current session (or transaction, with is_local).
CREATE FUNCTION set_tenant_context(tenant_id uuid, is_local boolean DEFAULT false) RETURNS void
LANGUAGE sql AS $$
  SELECT set_config('app.current_tenant', tenant_id::text, is_local);
$$;

CREATE FUNCTION current_tenant() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.current_tenant', true), '')::uuid;
$$;
