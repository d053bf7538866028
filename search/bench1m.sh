#!/usr/bin/env bash
# bench1m.sh DATA N — the second half of shared/bench/compare.sh for a directory already
# imported into DATA, to measure search again without importing again (a quarter of an
# hour at 1,000,000 services). It times `handoff reindex`, then serves and replays the
# query set at 2 and 8 clients beside pgbase, exactly as compare.sh does. compare.sh itself
# runs at any size now that import builds the index. See BENCHMARKS.md.
#
# Needs: HANDOFF (the binary), the compare.sh work folder with its generated files and
# built tools (BENCH_DIR, default /tmp/handoff-bench), PostgreSQL + PostGIS as compare.sh.
set -euo pipefail
DATA=${1:?data folder}
N=${2:-1000000}
W=${BENCH_DIR:-/tmp/handoff-bench}
SEED=${SEED:-42}
PGDSN=${PGDSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
: "${HANDOFF:?set HANDOFF to the handoff binary}"
QUERIES="$W/queries-$N-$SEED.jsonl"

echo "loading $N services into PostgreSQL + PostGIS"
"$W/bin/pgbase" -dsn "$PGDSN" -load "$W/services-$N-$SEED.ndjson"

rm -rf "$DATA/index" "$DATA/index.next"
/usr/bin/time -f "handoff reindex: %e s wall, %M KB max RSS" "$HANDOFF" reindex --data "$DATA"

"$W/bin/pgbase" -dsn "$PGDSN" -addr 127.0.0.1:9100 >"$W/pgbase.log" 2>&1 &
PG=$!
start=$(date +%s.%N)
"$HANDOFF" serve --data "$DATA" --addr 127.0.0.1:9300 --seed=off >"$W/handoff.log" 2>&1 &
HO=$!
trap 'kill $PG $HO 2>/dev/null || true' EXIT
for i in $(seq 1 600); do
  curl -fs http://127.0.0.1:9300/readyz >/dev/null 2>&1 && curl -fs 'http://127.0.0.1:9100/search?q=food&lat=42&lon=-72&radius_km=5' >/dev/null 2>&1 && break
  sleep 1
done
echo "handoff serve ready after $(echo "$(date +%s.%N) - $start" | bc) s"
ps -o rss= -p "$HO" | awk '{printf "handoff serve RSS when ready: %.0f MB\n", $1/1024}'

for c in ${CLIENTS:-2 8}; do
  "$W/bin/load" -url http://127.0.0.1:9100/search -queries "$QUERIES" -c "$c" -d "${SECONDS_EACH:-10}s" -label "pgbase  c=$c" | tee "$W/pg-$c.txt"
  "$W/bin/load" -url http://127.0.0.1:9300/api/v1/search -queries "$QUERIES" -c "$c" -d "${SECONDS_EACH:-10}s" \
    -params "q=q,lat=lat,lon=lon,radius_km=radius_km,category=need,language=language" -label "handoff c=$c" | tee "$W/ho-$c.txt"
  awk -v c="$c" 'FNR==1{for(i=1;i<=NF;i++){split($i,kv,"="); v[FILENAME,kv[1]]=kv[2]}; f[++n]=FILENAME}
    END{printf "ratio c=%s: rps handoff/pgbase=%.2f  p99 handoff/pgbase=%.2f\n", c, v[f[2],"rps"]/v[f[1],"rps"], v[f[2],"p99_ms"]/v[f[1],"p99_ms"]}' "$W/pg-$c.txt" "$W/ho-$c.txt"
done
ps -o rss= -p "$HO" | awk '{printf "handoff serve RSS: %.0f MB\n", $1/1024}'
