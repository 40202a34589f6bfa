-- Runs before every migration (a Flyway callback). When the service is configured to run as a separate role
-- (quarkus.flyway.placeholders.runtimeRole, i.e. its datasource user) and that role does not exist yet, migrating
-- would apply V2 without the grants the service needs, and V2 is never applied again. CloudNativePG creates managed
-- roles shortly after the cluster, so the deployment's migrate container may start first: it fails here, is
-- restarted, and migrates once the role exists.
do $runtime_role_exists$
begin
    if '${runtimeRole}' <> '' and '${runtimeRole}' <> current_user
            and not exists (select 1 from pg_roles where rolname = '${runtimeRole}') then
        raise exception 'the runtime role % does not exist yet: create it before migrating (README, "Deploy")',
            '${runtimeRole}';
    end if;
end
$runtime_role_exists$;
