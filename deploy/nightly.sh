#!/bin/sh
# Nightly: a backup, and a check of the audit log's hash chain, with their results written
# for node_exporter's textfile collector (alerts.yml, group handoff-nightly). For cron:
#
#   15 2 * * *  /srv/handoff/deploy/nightly.sh >>/var/log/handoff-nightly.log 2>&1
#
# HANDOFF is how to run the handoff binary; by default the compose file's tools container,
# whose /backups is deploy/backups. deploy/smoke.sh runs it with a local binary instead.
set -u
here=$(cd "$(dirname "$0")" && pwd)
HANDOFF=${HANDOFF:-"docker compose -f $here/compose.yaml run --rm -T tools"}
BACKUP_DIR=${BACKUP_DIR:-/backups}                                # as the handoff command sees it
TEXTFILE_DIR=${TEXTFILE_DIR:-/var/lib/prometheus/node-exporter}   # node_exporter --collector.textfile.directory
# The audit head of each night goes here too: a chain cut short at its end still holds,
# so keep the heads somewhere the database's admins cannot rewrite (see README, Audit log).
AUDIT_HEADS=${AUDIT_HEADS:-$TEXTFILE_DIR/handoff-audit-heads.log}

status=0
now=$(date +%s)
metrics=$(mktemp)
trap 'rm -f "$metrics"' EXIT

# metric NAME VALUE HELP: one gauge, appended to the file node_exporter reads.
metric() {
	printf '# HELP %s %s\n# TYPE %s gauge\n%s %s\n' "$1" "$3" "$1" "$1" "$2" >>"$metrics"
}

# Keep the last success of a check that failed tonight, so that "too old" alerts fire.
previous() {
	grep "^$1 " "$TEXTFILE_DIR/handoff.prom" 2>/dev/null | cut -d' ' -f2
}

file="$BACKUP_DIR/handoff-$(date -u +%Y-%m-%dT%H%M%SZ).backup"
if $HANDOFF backup -o "$file"; then
	metric handoff_backup_last_success_timestamp_seconds "$now" "When the last handoff backup succeeded."
else
	echo "nightly: the backup failed" >&2
	status=1
	last=$(previous handoff_backup_last_success_timestamp_seconds)
	[ -n "$last" ] && metric handoff_backup_last_success_timestamp_seconds "$last" "When the last handoff backup succeeded."
fi

out=$($HANDOFF audit verify 2>&1)
echo "$out"
case "$out" in
*"audit log intact"*)
	metric handoff_audit_verify_ok 1 "1 if handoff audit verify found the chain intact, 0 if broken."
	metric handoff_audit_verify_last_run_timestamp_seconds "$now" "When handoff audit verify last ran to the end."
	echo "$(date -u +%FT%TZ) $out" >>"$AUDIT_HEADS"
	;;
*"BROKEN"*)
	metric handoff_audit_verify_ok 0 "1 if handoff audit verify found the chain intact, 0 if broken."
	metric handoff_audit_verify_last_run_timestamp_seconds "$now" "When handoff audit verify last ran to the end."
	status=1
	;;
*)
	echo "nightly: audit verify did not run to the end" >&2
	status=1
	last=$(previous handoff_audit_verify_last_run_timestamp_seconds)
	[ -n "$last" ] && metric handoff_audit_verify_last_run_timestamp_seconds "$last" "When handoff audit verify last ran to the end."
	;;
esac

# Renamed into place: node_exporter never reads half a file.
cp "$metrics" "$TEXTFILE_DIR/.handoff.prom.tmp" && mv "$TEXTFILE_DIR/.handoff.prom.tmp" "$TEXTFILE_DIR/handoff.prom"
exit $status
