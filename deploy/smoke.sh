#!/usr/bin/env bash
# The compose topology without containers: two `handoff serve` on one PostgreSQL, behind
# Caddy with this folder's Caddyfile (only the upstream addresses and ports differ), with
# TLS from Caddy's internal authority. It checks, with curl, that:
#   - both instances start together on an empty database (one migrates, under the lock);
#   - the proxy serves HTTPS with a certificate that verifies, and redirects HTTP;
#   - requests are spread over both instances (each one's own /metrics);
#   - /metrics is not served through the proxy;
#   - sign-in works through the proxy, the session cookie is Secure, HSTS is sent, and the
#     session works on both instances;
#   - the audit log has the client's address through the proxy even when the client sends
#     its own X-Forwarded-For, and the peer's address when a client that is not the proxy
#     sends one straight to an instance;
#   - with one instance stopped, every request through the proxy is still answered;
#   - deploy/nightly.sh writes a backup and a verified audit head, with their metrics.
#
#   bash deploy/smoke.sh          (from the repository's root)
#
# Needs go, caddy, curl, jq, psql and pg_dump of the server's major version, and a
# PostgreSQL where SMOKE_ADMIN_URL may create and drop a scratch database. Without caddy
# it says so and exits 0.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
admin_url=${SMOKE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
base=${SMOKE_PORT_BASE:-18080}
http_port=$base https_port=$((base + 363)) port1=$((base + 1)) port2=$((base + 2)) admin_port=$((base + 19))

for tool in caddy go curl jq psql pg_dump; do
	if ! command -v "$tool" >/dev/null; then
		echo "smoke: SKIP: $tool is not installed (apt-get install -y caddy jq postgresql-client)"
		exit 0
	fi
done

work=$(mktemp -d)
db=handoff_smoke_$$
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
	if [ "${SMOKE_KEEP:-}" = "" ]; then rm -rf "$work"; else echo "smoke: kept $work"; fi
}
trap cleanup EXIT

checks=0
pass() { checks=$((checks + 1)); echo "ok   $*"; }
fail() {
	echo "FAIL $*" >&2
	echo "--- logs in $work (kept)" >&2
	SMOKE_KEEP=1
	exit 1
}

echo "smoke: building handoff as the Dockerfile does (static, CGO off)"
(cd "$root" && CGO_ENABLED=0 go build -trimpath -o "$work/handoff" ./cmd/handoff)
handoff=$work/handoff

psql -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null
db_url=$(printf '%s' "$admin_url" | sed "s#/postgres?#/$db?#")

# What deploy/compose.yaml sets for each instance.
export DATABASE_URL=$db_url
export HANDOFF_PUBLIC_URL=https://localhost:$https_port
export HANDOFF_TRUSTED_PROXIES=127.0.0.1
export HANDOFF_DATA_KEY_FILE=$work/secrets/data.key
export HANDOFF_SEED=off HANDOFF_LOG_FORMAT=json HANDOFF_SHUTDOWN_GRACE=30s

# The data key, as `docker compose run --rm tools key new` makes it.
install -d -m 0700 "$work/secrets"
"$handoff" key new >/dev/null
[ "$(stat -c %a "$HANDOFF_DATA_KEY_FILE")" = 600 ] || fail "the data key file is not 0600"
pass "handoff key new made the data key file, 0600"

# Run as root (CI), the instances run as the image does: user 65532, no passwd entry, no
# environment but the image's and compose's variables.
run=(env) as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 0755 "$work"
	install -d -m 0700 -o 65532 -g 65532 "$work/data1" "$work/data2"
	chown -R 65532:65532 "$work/secrets"
	run=(env -i) as_user=(setpriv --reuid 65532 --regid 65532 --clear-groups)
	echo "smoke: the instances run as user 65532 with only the image's and compose's environment"
fi

# Both instances start at once on the empty database.
start_instance() { # N PORT
	"${run[@]}" HANDOFF_ADDR=127.0.0.1:$2 HANDOFF_DATA=$work/data$1 DATABASE_URL="$DATABASE_URL" \
		HANDOFF_PUBLIC_URL="$HANDOFF_PUBLIC_URL" HANDOFF_TRUSTED_PROXIES="$HANDOFF_TRUSTED_PROXIES" \
		HANDOFF_DATA_KEY_FILE="$HANDOFF_DATA_KEY_FILE" HANDOFF_SEED=off HANDOFF_LOG_FORMAT=json HANDOFF_SHUTDOWN_GRACE=30s \
		"${as_user[@]}" "$handoff" serve >"$work/handoff$1.log" 2>&1 &
	pids+=($!)
	eval "pid$1=$!"
}
start_instance 1 "$port1"
start_instance 2 "$port2"
for n in 1 2; do
	port=$((base + n))
	for _ in $(seq 1 600); do
		HANDOFF_ADDR=127.0.0.1:$port "$handoff" health --ready >/dev/null 2>&1 && break
		sleep 0.2
	done
	HANDOFF_ADDR=127.0.0.1:$port "$handoff" health --ready >/dev/null || fail "instance $n not ready: $(tail -5 "$work/handoff$n.log")"
done
migrated=$(grep -l '"database migrated"' "$work/handoff1.log" "$work/handoff2.log" | wc -l)
[ "$migrated" = 1 ] || fail "$migrated instances say they migrated the empty database; want exactly 1"
pass "two instances started together on an empty database; one migrated it, both ready"
if [ ${#as_user[@]} -gt 0 ]; then
	for n in 1 2; do
		eval "pid=\$pid$n"
		[ "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" = 65532 ] || fail "instance $n does not run as user 65532"
	done
	[ "$(stat -c %u "$work/data1/handoff.db.lock" 2>/dev/null || stat -c %u "$work/data1/index")" = 65532 ] || fail "instance 1's data folder files are not user 65532's"
	pass "both instances run as user 65532 (no passwd entry) with only the image's environment"
fi

# The first admin, as `docker compose run --rm tools user add` makes it.
password='a long passphrase for the smoke test'
printf '%s\n' "$password" | "$handoff" user add --role admin --email admin@example.org --name Admin --password-stdin >/dev/null
pass "handoff user add made the first admin"

# Caddy with the compose file's Caddyfile.
export XDG_DATA_HOME=$work/caddy-data XDG_CONFIG_HOME=$work/caddy-config CADDY_ADMIN=localhost:$admin_port
HANDOFF_HOST=localhost HANDOFF_TLS=internal HANDOFF_HTTP_PORT=$http_port HANDOFF_HTTPS_PORT=$https_port \
	HANDOFF_UPSTREAMS="127.0.0.1:$port1 127.0.0.1:$port2" \
	caddy run --config "$root/deploy/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
ca=$XDG_DATA_HOME/caddy/pki/authorities/local/root.crt
site=https://localhost:$https_port
for _ in $(seq 1 100); do
	[ -f "$ca" ] && curl -sf --cacert "$ca" "$site/readyz" >/dev/null 2>&1 && break
	sleep 0.2
done
# -f: fail on 4xx/5xx; --cacert: the certificate must verify against Caddy's authority.
curl -sf --cacert "$ca" "$site/readyz" >/dev/null || fail "no verified HTTPS answer from the proxy: $(tail -3 "$work/caddy.log")"
pass "the proxy answers over HTTPS with a certificate that verifies against its internal authority"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$http_port/search")
[[ $code == 308\ https://localhost* ]] || fail "plain HTTP answered '$code', want a 308 redirect to HTTPS"
pass "plain HTTP is redirected to HTTPS ($code)"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$ca" "$site/metrics")
[ "$code" = 404 ] || fail "/metrics through the proxy answered $code, want 404"
pass "/metrics is not served through the proxy"

# Spread: count GET /hsds/ on each instance's own /metrics, before and after.
hsds_count() { # PORT
	curl -sf "http://127.0.0.1:$1/metrics" |
		awk '/^handoff_http_requests_total\{/ && /method="GET"/ && /route="\/hsds\/"/ && /status="200"/ {s += $NF} END {print s + 0}'
}
a1=$(hsds_count "$port1") a2=$(hsds_count "$port2")
for _ in $(seq 1 20); do curl -sf --cacert "$ca" "$site/hsds/" >/dev/null || fail "GET /hsds/ through the proxy failed"; done
b1=$(hsds_count "$port1") b2=$(hsds_count "$port2")
d1=$((b1 - a1)) d2=$((b2 - a2))
[ $((d1 + d2)) = 20 ] && [ "$d1" -gt 0 ] && [ "$d2" -gt 0 ] || fail "20 requests through the proxy: $d1 reached instance 1, $d2 instance 2"
pass "20 requests through the proxy were spread: $d1 to instance 1, $d2 to instance 2"

# Sign-in through the proxy, from 127.0.0.3, with a forged X-Forwarded-For.
login='{"email":"admin@example.org","password":"'$password'"}'
res=$(curl -sf -D "$work/login.headers" --interface 127.0.0.3 --cacert "$ca" -H 'Content-Type: application/json' \
	-H 'X-Forwarded-For: 203.0.113.66' --data "$login" "$site/api/v1/auth/login") || fail "sign-in through the proxy failed"
token=$(jq -r .token <<<"$res")
grep -qi '^set-cookie: handoff_session=.*; secure' "$work/login.headers" || fail "the session cookie through the TLS proxy is not Secure: $(grep -i set-cookie "$work/login.headers")"
grep -qi '^strict-transport-security: max-age=' "$work/login.headers" || fail "no HSTS through the proxy"
pass "sign-in through the proxy: a token, a Secure session cookie, HSTS"
for _ in 1 2 3 4; do
	curl -sf --cacert "$ca" -H "Authorization: Bearer $token" "$site/api/v1/me" >/dev/null || fail "the session did not work on every instance"
done
for port in "$port1" "$port2"; do
	curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" >/dev/null || fail "the session does not work on the instance at $port"
done
pass "the session works through the proxy and on each instance"

# Straight to instance 1 from 127.0.0.2, which is not the proxy, with a forged header.
curl -sf --interface 127.0.0.2 -H 'Content-Type: application/json' -H 'X-Forwarded-For: 198.51.100.7' \
	--data "$login" "http://127.0.0.1:$port1/api/v1/auth/login" >/dev/null || fail "direct sign-in failed"
ips=$(curl -sf --cacert "$ca" -H "Authorization: Bearer $token" "$site/api/v1/audit?action=login" |
	jq -r '[.items[] | .client_ip] | join(" ")')
[ "$ips" = "127.0.0.2 127.0.0.3" ] || fail "audit log client addresses of the two sign-ins (newest first): '$ips', want '127.0.0.2 127.0.0.3'"
pass "the audit log has 127.0.0.3 through the proxy (its forged 203.0.113.66 ignored) and 127.0.0.2 direct (its forged 198.51.100.7 ignored)"

# One instance stopped: the service still answers.
kill -TERM "$pid1"
wait "$pid1" 2>/dev/null || true
curl -s -o /dev/null "http://127.0.0.1:$port1/healthz" && fail "instance 1 still answers after SIGTERM"
grep -q '"requests in flight finished"' "$work/handoff1.log" || fail "instance 1 did not drain on SIGTERM"
for i in $(seq 1 20); do
	curl -sf --cacert "$ca" "$site/hsds/" >/dev/null || fail "request $i through the proxy failed with instance 1 stopped"
	curl -sf --cacert "$ca" -H "Authorization: Bearer $token" "$site/api/v1/me" >/dev/null || fail "signed-in request $i failed with instance 1 stopped"
done
pass "instance 1 stopped (drained on SIGTERM): 40 requests through the proxy all answered"

# The nightly job, with this binary in place of the tools container.
install -d -m 0700 "$work/backups" "$work/textfile"
HANDOFF=$handoff BACKUP_DIR=$work/backups TEXTFILE_DIR=$work/textfile "$root/deploy/nightly.sh" >"$work/nightly.log" 2>&1 ||
	fail "deploy/nightly.sh failed: $(tail -5 "$work/nightly.log")"
ls "$work"/backups/handoff-*.backup >/dev/null 2>&1 || fail "no backup file written"
grep -q '^handoff_audit_verify_ok 1$' "$work/textfile/handoff.prom" || fail "no audit verify result in the textfile"
grep -q '^handoff_backup_last_success_timestamp_seconds [0-9]' "$work/textfile/handoff.prom" || fail "no backup time in the textfile"
pass "deploy/nightly.sh wrote a backup ($(du -h "$work"/backups/*.backup | cut -f1)) and the metrics node_exporter reads"

echo "smoke: all $checks checks passed"
