#!/usr/bin/env bash
# A CMS's pre-publish check: send the draft to `disclosure-lint serve` and refuse to publish when a
# finding fails the run (the answer's "failed"). Prints one line per finding, with where it is.
#
#   disclosure-lint serve --profile eu &                        # on the CMS host, 127.0.0.1:8765
#   examples/cms/pre-publish-check.sh drafts/story.html          # exit 0: publish; 1: fix first
#
# Environment: DISCLOSURE_LINT_URL (default http://127.0.0.1:8765), DISCLOSURE_LINT_TOKEN when the
# service was started with one, DISCLOSURE_LINT_PROFILE to ask for another profile.
# Needs curl and jq. Exit 2 when the service cannot be asked or refuses the draft.
set -euo pipefail

draft="${1:?usage: pre-publish-check.sh DRAFT.html|DRAFT.md}"
service="${DISCLOSURE_LINT_URL:-http://127.0.0.1:8765}"
case "$draft" in
  *.md|*.markdown) type="text/markdown; charset=utf-8" ;;
  *.txt) type="text/plain; charset=utf-8" ;;
  *) type="text/html" ;;
esac
auth=()
if [ -n "${DISCLOSURE_LINT_TOKEN:-}" ]; then
  auth=(-H "Authorization: Bearer ${DISCLOSURE_LINT_TOKEN}")
fi

query="source=$(jq -rn --arg v "$draft" '$v|@uri')"
if [ -n "${DISCLOSURE_LINT_PROFILE:-}" ]; then
  query="${query}&profile=$(jq -rn --arg v "$DISCLOSURE_LINT_PROFILE" '$v|@uri')"
fi
answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT
status="$(curl --silent --show-error --output "$answer" --write-out '%{http_code}' --max-time 60 \
  "${auth[@]}" -H "Content-Type: ${type}" --data-binary "@${draft}" "${service}/v1/check?${query}")" ||
  { echo "cannot reach ${service}" >&2; exit 2; }

if [ "$status" != 200 ]; then
  echo "disclosure-lint refused the draft (HTTP ${status}): $(jq -r '.error.kind + ": " + .error.message' "$answer")" >&2
  exit 2
fi
jq -r '.documents[0].findings[] |
  "\(.span.start.line):\(.span.start.column) \(.severity) \(.code) \(.name): \(.message)\n    fix: \(.fix)"' "$answer"
if [ "$(jq -r .failed "$answer")" = true ]; then
  echo "not ready to publish: fix the findings above" >&2
  exit 1
fi
echo "disclosure check passed (profile $(jq -r .profile "$answer"))"
