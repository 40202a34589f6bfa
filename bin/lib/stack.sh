# shellcheck shell=bash
# Shared by bin/goodhart and bin/test: a private PostgreSQL cluster and a Keycloak, started from this checkout and
# stopped by pid. Nothing here assumes a server is already running, and nothing reaches outside the machine except
# Maven Central (Keycloak's distribution, Maven itself) and Debian's packages (PostgreSQL, if missing).

GOODHART_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KEYCLOAK_VERSION=26.5.6
REALM_FILE="$GOODHART_ROOT/k8s/overlays/dev/keycloak/goodhart-realm.json"
SERVICES=(ingest scoring policy)

declare -A SERVICE_PORT=([ingest]=8081 [scoring]=8082 [policy]=8083)

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops the process whose pid is in file $1: TERM, then KILL after $2 seconds.
stop_pid_file() {
  local file=$1 grace=${2:-20} pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$grace"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

wait_http() {
  local url=$1 timeout=$2 what=$3 log_file=${4:-}
  for _ in $(seq 1 "$timeout"); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 1
  done
  [ -n "$log_file" ] && [ -f "$log_file" ] && tail -n 40 "$log_file" >&2
  die "$what did not become ready within ${timeout}s ($url)"
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; install the 'postgresql' package"
    log "Installing PostgreSQL from Debian's packages"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
# It starts from / because the caller's directory (a mktemp -d checkout is mode 700) may be closed to that user.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Prints a data directory for $1 that the cluster's owner can reach. A checkout in a private directory (mktemp -d
# is mode 700) is closed to the postgres user, so the cluster then lives under /var/tmp with a link at $1.
pg_data_dir() {
  local wanted=$1 outside
  mkdir -p "$(dirname "$wanted")"
  if [ "$(id -u)" != 0 ]; then echo "$wanted"; return; fi
  if [ -L "$wanted" ]; then readlink "$wanted"; return; fi
  mkdir -p "$wanted" && chown postgres: "$wanted" && chmod 700 "$wanted"
  if runuser -u postgres -- test -w "$wanted"; then echo "$wanted"; return; fi
  rmdir "$wanted"
  outside="/var/tmp/goodhart-pg-$(printf '%s' "$wanted" | cksum | cut -d' ' -f1)"
  mkdir -p "$outside" && chown postgres: "$outside" && chmod 700 "$outside"
  ln -s "$outside" "$wanted"
  echo "$outside"
}

# pg_start DATA_DIR PORT: initialises the cluster on first use, starts it on 127.0.0.1:PORT (socket in DATA_DIR).
pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bin_dir)
  if [ -f "$data/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running ($data)"
    return 0
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Initialising a private PostgreSQL cluster in $data"
    # trust on the socket only: the socket sits in the 700 data directory, so only its owner reaches it.
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "Starting PostgreSQL on 127.0.0.1:$port"
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
}

pg_sql() {
  local data=$1 port=$2 sql=$3
  as_pg_owner "$(pg_bin_dir)/psql" -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$sql"
}

# pg_ensure_databases DATA_DIR PORT [SUFFIX]: one database (goodhart_<service><SUFFIX>) and one owner role
# (goodhart_<service>) per service; the password equals the role name (development only). The end-to-end stage uses
# a suffix so that it starts from empty databases beside the ones the module tests filled.
pg_ensure_databases() {
  local data=$1 port=$2 suffix=${3:-} svc role database
  for svc in "${SERVICES[@]}"; do
    role="goodhart_$svc"
    database="$role$suffix"
    pg_sql "$data" "$port" "do \$\$ begin
        if not exists (select from pg_roles where rolname = '$role') then
          create role $role login password '$role';
        end if; end \$\$;" >/dev/null
    if [ -z "$(pg_sql "$data" "$port" "select 1 from pg_database where datname = '$database'")" ]; then
      pg_sql "$data" "$port" "create database $database owner $role" >/dev/null
    fi
  done
  # policy-service runs as a role that can append to its audit log but never change it; goodhart_policy (the owner)
  # runs the migrations, which grant this role what it needs.
  pg_sql "$data" "$port" "do \$\$ begin
      if not exists (select from pg_roles where rolname = 'goodhart_policy_app') then
        create role goodhart_policy_app login password 'goodhart_policy_app';
      end if; end \$\$;" >/dev/null
}

pg_stop() {
  local data=$1
  [ -f "$data/postmaster.pid" ] || return 0
  as_pg_owner "$(pg_bin_dir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Keycloak ---------------------------------------------------------------------------------------------------

# Keycloak 26 needs Java 21 or newer; the build itself stays on the default JDK 17.
keycloak_java_home() {
  local candidate major
  for candidate in ${GOODHART_KEYCLOAK_JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  die "Keycloak needs a JDK 21 or newer under /usr/lib/jvm (or set GOODHART_KEYCLOAK_JAVA_HOME)"
}

# keycloak_install DIR: unpacks the Keycloak distribution (downloaded once into the local Maven repository).
keycloak_install() {
  local dir=$1 zip
  [ -x "$dir/bin/kc.sh" ] && return 0
  zip="${MAVEN_REPO:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "Downloading Keycloak $KEYCLOAK_VERSION from Maven Central"
    (cd "$GOODHART_ROOT" && ./mvnw -B -q dependency:get \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -Dtransitive=false) >&2
  fi
  log "Unpacking Keycloak into $dir"
  rm -rf "$dir" "$dir.unpack" && mkdir -p "$dir.unpack"
  unzip -q "$zip" -d "$dir.unpack"
  mv "$dir.unpack/keycloak-$KEYCLOAK_VERSION" "$dir" && rm -rf "$dir.unpack"
}

# keycloak_start DIR PORT MANAGEMENT_PORT DB PID_FILE LOG_FILE: start-dev with the goodhart realm imported.
# DB is dev-file (state kept across restarts) or dev-mem (fresh realm every start, for tests).
keycloak_start() {
  local dir=$1 port=$2 management_port=$3 db=$4 pid_file=$5 log_file=$6
  if pid_alive "$pid_file"; then
    log "Keycloak already running (pid $(cat "$pid_file"))"
    return 0
  fi
  mkdir -p "$dir/data/import" "$(dirname "$pid_file")" "$(dirname "$log_file")"
  cp "$REALM_FILE" "$dir/data/import/goodhart-realm.json"
  log "Starting Keycloak $KEYCLOAK_VERSION on port $port"
  # The bootstrap admin (admin/admin) is a development value, like the realm's identities.
  JAVA_HOME=$(keycloak_java_home) KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$dir/bin/kc.sh" start-dev --http-port="$port" --http-management-port="$management_port" \
    --db="$db" --import-realm --hostname-strict=false >"$log_file" 2>&1 &
  echo $! >"$pid_file"
}

keycloak_wait() {
  local port=$1 timeout=$2 log_file=$3
  wait_http "http://localhost:$port/realms/goodhart/.well-known/openid-configuration" "$timeout" Keycloak "$log_file"
}

# --- kubectl (the k8s module's tests render k8s/ with `kubectl kustomize`) -------------------------------------------

# Installs Debian's kubectl (package kubernetes-client, kustomize built in) where the machine has none.
kubectl_ensure() {
  command -v kubectl >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    log "kubectl is missing and only root installs it: the k8s module's tests will fail (apt-get install kubernetes-client)"
    return 0
  fi
  log "Installing kubectl from Debian's packages (kubernetes-client)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >&2
}

# wrk, the HTTP load generator of the benchmarks, from Debian's packages when missing.
wrk_ensure() {
  command -v wrk >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "the benchmark needs wrk (apt-get install wrk)"
  log "Installing wrk from Debian's packages"
  apt-get install -y -qq wrk >&2 || { apt-get update -qq >&2 && apt-get install -y -qq wrk >&2; }
}
