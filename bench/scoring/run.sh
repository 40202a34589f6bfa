#!/usr/bin/env bash
# bench/scoring: scores a simulated organisation (default 5,000 people over 4 weeks, about ten million usage events)
# from an empty scoring database and prints events/s, wall time, peak RSS and scorecard latency, with ratios.
#
#   bench/scoring/run.sh [--people N] [--weeks N] [--queries N]
#
# The feed comes from the simulator's synthetic feed server (a stand-in for ingest-service's GET /v1/feed that renders
# contract-shaped pages on demand): ingesting ten million events first would take far longer than scoring them and
# would measure ingest-service, not scoring-service. Everything else is real: scoring-service's fast-jar, a private
# PostgreSQL, Keycloak for the client-credentials token of the consumer and the analyst token of the queries.
set -euo pipefail
source "$(dirname "$0")/../../bin/lib/stack.sh"
cd "$GOODHART_ROOT"

people=5000
weeks=4
queries=400
while [ $# -gt 0 ]; do
  case "$1" in
    --people) people=$2; shift 2 ;;
    --weeks) weeks=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    *) die "unknown option $1 (use --people N --weeks N --queries N)" ;;
  esac
done

work="$GOODHART_ROOT/.goodhart/bench-scoring"
mkdir -p "$work"
key="bench-only-pseudonymisation-key-0123456789"
pg_port=$(free_port)
feed_port=$(free_port)
service_port=$(free_port)
pg_data=""
feed_pid=""
service_pid=""

cleanup() {
  local status=$?
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  [ -n "$feed_pid" ] && kill "$feed_pid" 2>/dev/null && wait "$feed_pid" 2>/dev/null || true
  stop_pid_file "$work/keycloak.pid" 30
  # The cluster holds several GB after a full run; logs and results stay in $work.
  [ -n "$pg_data" ] && pg_stop "$pg_data" && find "$pg_data" -mindepth 1 -delete
  exit $status
}
trap cleanup EXIT INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "Building scoring-service and the simulator"
./mvnw -B -q -pl scoring-service,simulator -am package -DskipTests >&2

# Simulation ends a week before this one's Monday, so every week is settled when the feed is received now.
monday=$(python3 -c 'import datetime as d; t=d.date.today(); print(t - d.timedelta(days=t.weekday()))')
start=$(python3 -c "import datetime as d; print(d.date.fromisoformat('$monday') - d.timedelta(weeks=$weeks + 1))")
simulator=(java -jar simulator/target/goodhart-simulator.jar)
org=(--people "$people" --weeks "$weeks" --start "$start" --seed 42 --team-size 25)

log "Counting the simulated organisation ($people people, $weeks weeks from $start)"
summary=$("${simulator[@]}" summary "${org[@]}")
echo "$summary" >&2
usage_events=$(echo "$summary" | sed -n 's/^events: \([0-9]*\) usage.*/\1/p')
outcome_events=$(echo "$summary" | sed -n 's/.*tokens), \([0-9]*\) outcomes.*/\1/p')
total_events=$((usage_events + outcome_events))

pg_data=$(pg_data_dir "$work/pg")
pg_stop "$pg_data"
find "$pg_data" -mindepth 1 -delete
pg_start "$pg_data" "$pg_port"
# Settings for a bulk load of ten million rows (see README): a larger buffer cache for the event-id index, and WAL
# room so that checkpoints (and the full-page images after each) do not dominate. Durability settings stay default.
pg_sql "$pg_data" "$pg_port" "alter system set shared_buffers = '1GB'" >/dev/null
pg_sql "$pg_data" "$pg_port" "alter system set max_wal_size = '8GB'" >/dev/null
pg_sql "$pg_data" "$pg_port" "alter system set checkpoint_timeout = '15min'" >/dev/null
pg_stop "$pg_data"
pg_start "$pg_data" "$pg_port"
pg_ensure_databases "$pg_data" "$pg_port"

if [ -n "${GOODHART_BENCH_KEYCLOAK_URL:-}" ]; then
  keycloak_url=$GOODHART_BENCH_KEYCLOAK_URL
else
  keycloak_port=$(free_port)
  keycloak_install "$work/keycloak"
  keycloak_start "$work/keycloak" "$keycloak_port" "$(free_port)" dev-mem "$work/keycloak.pid" "$work/keycloak.log"
  keycloak_url="http://localhost:$keycloak_port"
  keycloak_wait "$keycloak_port" 240 "$work/keycloak.log"
fi
issuer="$keycloak_url/realms/goodhart"

log "Starting the synthetic feed (held until the service is ready)"
"${simulator[@]}" feed-server "${org[@]}" --port "$feed_port" --held true --pseudonymisation-key "$key" \
  >"$work/feed-server.log" 2>&1 &
feed_pid=$!
wait_http_status() { for _ in $(seq 1 60); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; die "$1 not up"; }
wait_http_status "http://127.0.0.1:$feed_port/v1/feed"

# Transport ceiling: how fast a client that only reads bytes gets pages from this feed server (first ~1M records).
log "Measuring the feed server alone"
python3 - "$feed_port" >"$work/ceiling.txt" <<'PY'
import http.client, json, sys, time
port = int(sys.argv[1])
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("POST", "/control/release"); c.getresponse().read()
after, records, started = "", 0, time.perf_counter()
while records < 1_000_000:
    c.request("GET", f"/v1/feed?limit=10000&after={after}", headers={"Authorization": "Bearer ceiling"})
    body = c.getresponse().read()
    tail = body[-200:].decode()
    records += body.count(b'"type":')
    after = tail.split('"next":"')[1].split('"')[0]
    if '"hasMore":false' in tail:
        break
print(f"{records / (time.perf_counter() - started):.0f}")
PY
ceiling=$(cat "$work/ceiling.txt")
kill "$feed_pid"; wait "$feed_pid" 2>/dev/null || true
"${simulator[@]}" feed-server "${org[@]}" --port "$feed_port" --held true --pseudonymisation-key "$key" \
  >"$work/feed-server.log" 2>&1 &
feed_pid=$!
wait_http_status "http://127.0.0.1:$feed_port/v1/feed"

log "Starting scoring-service on an empty database"
env QUARKUS_HTTP_PORT="$service_port" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/goodhart_scoring" \
  QUARKUS_DATASOURCE_USERNAME=goodhart_scoring GOODHART_DB_PASSWORD=goodhart_scoring \
  QUARKUS_OIDC_AUTH_SERVER_URL="$issuer" GOODHART_INGEST_URL="http://127.0.0.1:$feed_port" \
  GOODHART_OIDC_CLIENT_ID=scoring-service GOODHART_OIDC_CLIENT_SECRET=scoring-service-secret \
  GOODHART_PSEUDONYMISATION_KEY="$key" GOODHART_SCORING_FEED_POLL_INTERVAL=1s \
  java ${GOODHART_BENCH_JAVA_OPTS:-} -jar scoring-service/target/quarkus-app/quarkus-run.jar >"$work/scoring-service.log" 2>&1 &
service_pid=$!
wait_http "http://127.0.0.1:$service_port/q/health/ready" 120 scoring-service "$work/scoring-service.log"
token=$(curl -fsS -d grant_type=password -d client_id=goodhart-cli -d username=hana -d password=hana-pw \
  "$issuer/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

log "Releasing the feed: $total_events events ($usage_events usage, $outcome_events outcomes and context)"
postmaster=$(head -n 1 "$pg_data/postmaster.pid")
python3 - "$feed_port" "$service_port" "$token" "$total_events" "$service_pid" "$queries" "$start" "$weeks" \
  "$ceiling" "$people" "$feed_pid" "$postmaster" >"$work/result.txt" <<'PY'
import datetime, http.client, json, os, random, statistics, sys, time
feed_port, service_port, token, total, pid, queries, start, weeks, ceiling, people, feed_pid, postmaster = sys.argv[1:]
total, queries, weeks, ceiling = int(total), int(queries), int(weeks), float(ceiling)
TICKS = os.sysconf("SC_CLK_TCK")

def cpu_seconds(process, children=False):
    fields = open(f"/proc/{process}/stat").read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / TICKS

def postgres_cpu():
    # The postmaster's reaped children plus the live ones (backends, WAL writer, checkpointer).
    total = cpu_seconds(postmaster, children=True)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1] == postmaster:
                    total += cpu_seconds(entry)
            except OSError:
                pass
    return total

def cpu():
    return {"feed server": cpu_seconds(feed_pid), "scoring-service": cpu_seconds(pid), "PostgreSQL": postgres_cpu()}

def rss_peak_mib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

service = http.client.HTTPConnection("127.0.0.1", int(service_port))
def get(path):
    service.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = service.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status} {body[:300]}")
    return json.loads(body)

feed = http.client.HTTPConnection("127.0.0.1", int(feed_port))
cpu_before = cpu()
started = time.perf_counter()
feed.request("POST", "/control/release"); feed.getresponse().read()
applied_at = None
while True:
    status = get("/v1/status")
    now = time.perf_counter()
    if applied_at is None and status["eventsApplied"] >= total:
        applied_at = now
        cpu_applied = cpu()
    if applied_at is not None and status["caughtUp"] and status["weeksPendingScoring"] == 0:
        done = now
        break
    if now - started > 3 * 3600:
        raise SystemExit(f"not done after 3 hours: {status}")
    time.sleep(0.25)

wall = done - started
cpu_done = cpu()
cpu_used = {name: seconds - cpu_before[name] for name, seconds in cpu_done.items()}
cpu_feed = {name: cpu_applied[name] - cpu_before[name] for name in cpu_done}
cpu_scoring = {name: cpu_done[name] - cpu_applied[name] for name in cpu_done}
first_week = datetime.date.fromisoformat(start)
last_week = first_week + datetime.timedelta(weeks=weeks - 1)
until = f"{last_week.isocalendar()[0]}-W{last_week.isocalendar()[1]:02d}"
org = get(f"/v1/org/scorecard?weeks={weeks}&until={until}")
teams = sorted({f"team-{i:03d}" for i in range(16, max(16, int(people) // 25))} |
               {"payments", "platform", "search", "mobile", "data", "growth", "infra", "support", "identity",
                "checkout", "billing", "risk", "design", "security", "analytics", "web"})
latencies = {"team": [], "org": []}
for i in range(queries):
    kind = "org" if i % 10 == 0 else "team"
    path = (f"/v1/org/scorecard?weeks={weeks}&until={until}" if kind == "org"
            else f"/v1/teams/{random.choice(teams)}/scorecard?weeks={weeks}&until={until}")
    t = time.perf_counter(); get(path); latencies[kind].append((time.perf_counter() - t) * 1000)

def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
all_latencies = latencies["team"] + latencies["org"]
rate = total / wall
ingest_rate = total / (applied_at - started)
week = org["weeks"][-1]
print(f"events                      {total} ({status['eventsApplied']} applied, {status['duplicates']} duplicates)")
print(f"wall time                   {wall:.1f} s (feed applied after {applied_at - started:.1f} s, scoring {done - applied_at:.1f} s)")
print(f"events/s end to end         {rate:,.0f}")
print(f"events/s feed applied       {ingest_rate:,.0f}")
print(f"feed server alone           {ceiling:,.0f} events/s (a client that only reads the pages)")
print(f"peak RSS scoring-service    {rss_peak_mib():,.0f} MiB")
def per_million(used):
    return ", ".join(f"{name} {seconds * 1e6 / total:.1f}" for name, seconds in used.items())
print(f"CPU s per 1M events         {per_million(cpu_used)} ({sum(cpu_used.values()) / wall:.2f} cores busy on average)")
print(f"  while applying the feed   {per_million(cpu_feed)}")
print(f"  while scoring             {per_million(cpu_scoring)}")
print(f"scorecard p50 / p99         {p(all_latencies, .5):.1f} / {p(all_latencies, .99):.1f} ms ({queries} queries: team p99 {p(latencies['team'], .99):.1f} ms, org p99 {p(latencies['org'], .99):.1f} ms)")
print(f"ratio end-to-end / target   {rate / 100_000:.2f}  (target 100,000 events/s)")
print(f"ratio end-to-end / feed     {rate / ceiling:.2f}  (share of the feed server's own speed)")
print(f"ratio p99 / target          {p(all_latencies, .99) / 50:.2f}  (target 50 ms)")
print(f"org, last week              people {week['people']}, tokens {week['tokens']}, meaningful adoption {week['meaningfulAdoption']}, busywork share {week['busyworkShare']}, flags {week['flags']['byDetector'] if week['flags'] else None}")
PY
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$work/result.txt"

# The detectors against the simulator's ground truth, at this scale (any flag in any week counts).
as_pg_owner "$(pg_bin_dir)/psql" -h "$pg_data" -p "$pg_port" -U postgres -d goodhart_scoring -qAt -c \
  "select f.detector, coalesce(p.person_key, ''), coalesce(f.agent, '') from flag f left join person p on p.id = f.person_id" \
  >"$work/flags.txt"
"${simulator[@]}" labels "${org[@]}" >"$work/labels.json"
python3 - "$work/flags.txt" "$work/labels.json" "$key" <<'PY'
import collections, hashlib, hmac, json, sys
flags_file, labels_file, key = sys.argv[1:]
labels = json.load(open(labels_file))
truth = {email: set(v["behaviours"]) for email, v in labels["people"].items()}
truth.update({agent: set(v["behaviours"]) for agent, v in labels["agents"].items()})
email_of = {hmac.new(key.encode(), email.lower().encode(), hashlib.sha256).hexdigest(): email for email in labels["people"]}
flagged = collections.defaultdict(set)
for line in open(flags_file):
    detector, person_key, agent = line.rstrip("\n").split("|")
    flagged[detector].add(agent or email_of[person_key])
print("detector at this scale      flagged / labelled  precision  recall")
for detector in sorted({b for behaviours in truth.values() for b in behaviours}):
    actual = {s for s, behaviours in truth.items() if detector in behaviours}
    found = flagged.get(detector, set())
    hits = len(found & actual)
    print(f"  {detector:26s}{len(found):6d} / {len(actual):<8d}  {hits / len(found) if found else 0:8.3f}  {hits / len(actual):6.3f}")
power = {email for email, v in labels["people"].items() if v["archetype"] == "HONEST_POWER"}
print(f"  honest power users flagged  {len(power & set().union(*flagged.values()))} of {len(power)}")
PY
echo "machine                     $(nproc) cores, load average before ${load_before}, after ${load_after}, $(date -u +%Y-%m-%dT%H:%MZ)"
