#!/bin/sh
# Runs once, when the PostgreSQL data directory is first initialised: one database and one owner role per service,
# with the password from that service's database secret; and the role policy-service runs as, which its migrations
# grant what it needs (never UPDATE or DELETE on the audit log).
set -eu
for service in ingest scoring policy; do
  role="goodhart_$service"
  case "$service" in
    ingest) password="$GOODHART_INGEST_DB_PASSWORD" ;;
    scoring) password="$GOODHART_SCORING_DB_PASSWORD" ;;
    policy) password="$GOODHART_POLICY_DB_PASSWORD" ;;
  esac
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$role" -v password="$password" <<'SQL'
create role :"role" login password :'password';
create database :"role" owner :"role";
SQL
done
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v role=goodhart_policy_app -v password="$GOODHART_POLICY_APP_DB_PASSWORD" <<'SQL'
create role :"role" login password :'password';
SQL
