#!/bin/sh
# Posts a Postfix queue snapshot to Inboxwatch: message counts per queue (active, deferred, hold,
# incoming) and the age of the oldest message, from `postqueue -j` (Postfix ≥ 3.1, one JSON object per
# queued message). Run it every minute from cron or a systemd timer:
#
#   * * * * * INBOXWATCH_URL=https://inboxwatch.example.com INBOXWATCH_API_KEY=iw_… /usr/local/bin/postqueue-snapshot.sh
#
# Needs: postqueue (Postfix), awk, curl. The API key needs the "ingest" scope.
# INBOXWATCH_SOURCE names this MTA (default: the short hostname); use the same name as for its logs.
set -eu

: "${INBOXWATCH_URL:?set INBOXWATCH_URL, e.g. https://inboxwatch.example.com}"
: "${INBOXWATCH_API_KEY:?set INBOXWATCH_API_KEY (an API key with the ingest scope)}"
SOURCE="${INBOXWATCH_SOURCE:-$(hostname -s)}"
POSTQUEUE="${POSTQUEUE:-postqueue}"
NOW="$(date +%s)"
NOW_ISO="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# postqueue -j prints e.g. {"queue_name": "deferred", "queue_id": "4BNk…", "arrival_time": 1709287200, …}
BODY="$("$POSTQUEUE" -j | awk -v now="$NOW" -v iso="$NOW_ISO" -v source="$SOURCE" '
  {
    q = ""; t = 0
    if (match($0, /"queue_name": *"[a-z]+"/)) { s = substr($0, RSTART, RLENGTH); sub(/.*: *"/, "", s); sub(/"$/, "", s); q = s }
    if (match($0, /"arrival_time": *[0-9]+/)) { s = substr($0, RSTART, RLENGTH); sub(/.*: */, "", s); t = s + 0 }
    if (q != "") n[q]++
    if (t > 0 && (oldest == 0 || t < oldest)) oldest = t
  }
  END {
    age = oldest > 0 ? now - oldest : 0
    if (age < 0) age = 0
    printf "{\"source\":\"%s\",\"time\":\"%s\",\"active\":%d,\"deferred\":%d,\"hold\":%d,\"incoming\":%d,\"oldestAgeSeconds\":%d}\n",
      source, iso, n["active"], n["deferred"], n["hold"], n["incoming"] + n["maildrop"], age
  }')"

if [ "${DRY_RUN:-}" = "1" ]; then
  printf '%s\n' "$BODY"
  exit 0
fi

curl --silent --show-error --fail --max-time 20 \
  -H "Authorization: Bearer ${INBOXWATCH_API_KEY}" \
  -H "Content-Type: application/json" \
  --data "$BODY" \
  "${INBOXWATCH_URL%/}/api/v1/ingest/queue" >/dev/null
