#!/usr/bin/env bash
# bench/scoring/through-ingest.sh: the same organisation as run.sh, smaller, through the real pipeline: the simulator
# sends it to ingest-service's native API (as demo-source), ingest-service serves its feed, scoring-service reads and
# scores it. Prints the send rate and the end-to-end rate side by side. Needs the local stack's fixed ports, so it
# takes the machine-wide stack lock and brings the stack down again.
#
#   bench/scoring/through-ingest.sh [--people 100] [--weeks 4]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
people=100
weeks=4
while [ $# -gt 0 ]; do
  case "$1" in
    --people) people=$2; shift 2 ;;
    --weeks) weeks=$2; shift 2 ;;
    *) echo "unknown option $1 (use --people N --weeks N)" >&2; exit 2 ;;
  esac
done

exec flock /tmp/goodhart-stack.lock bash -c '
set -euo pipefail
cd "$1"; people=$2; weeks=$3
trap "bin/goodhart down >&2" EXIT
load_before=$(cut -d" " -f1-3 /proc/loadavg)
bin/goodhart up >&2
issuer=http://localhost:8180/realms/goodhart
token=$(curl -fsS -d grant_type=password -d client_id=goodhart-cli -d username=hana -d password=hana-pw \
  $issuer/protocol/openid-connect/token | jq -r .access_token)
status() { curl -fsS -H "Authorization: Bearer $token" http://localhost:8082/v1/status; }
applied_before=$(status | jq -r .eventsApplied)
started=$(date +%s.%N)
sent=$(java -jar simulator/target/goodhart-simulator.jar send --people "$people" --weeks "$weeks" --seed 7 \
  --ingest http://localhost:8081 --issuer $issuer --client-id demo-source --client-secret demo-source-secret)
sent_at=$(date +%s.%N)
stored=$(echo "$sent" | sed -n "s/.*: \([0-9]*\) stored.*/\1/p")
while true; do
  s=$(status)
  if [ "$(echo "$s" | jq -r --argjson n $((applied_before + stored)) ".eventsApplied >= \$n and .caughtUp and .weeksPendingScoring == 0")" = true ]; then
    break
  fi
  sleep 0.5
done
done_at=$(date +%s.%N)
python3 - "$started" "$sent_at" "$done_at" "$stored" "$load_before" "$people" "$weeks" <<PY
import sys
started, sent_at, done_at, stored = (float(v) for v in sys.argv[1:5])
print(f"organisation                {sys.argv[6]} people, {sys.argv[7]} weeks: {int(stored)} events stored by ingest-service")
print(f"sent through ingest         {sent_at - started:.1f} s ({stored / (sent_at - started):,.0f} events/s, one client, 500 per request)")
print(f"scored end to end           {done_at - started:.1f} s ({stored / (done_at - started):,.0f} events/s from the first send to the last week scored)")
print(f"scoring behind the sender   {done_at - sent_at:.1f} s after the last batch was acknowledged")
print(f"ratio end-to-end / send     {(sent_at - started) / (done_at - started):.2f}")
print(f"machine                     load average before {sys.argv[5]}")
PY
' _ "$root" "$people" "$weeks"
