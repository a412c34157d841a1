-- The sandbox's own community: its id is the sandbox id, the tenant its DATABASE_URL selects.
SELECT set_tenant_context({{sandbox_id}}, true);
INSERT INTO communities (id, name) VALUES ({{sandbox_id}}, {{sandbox_name}});
