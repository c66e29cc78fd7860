# shellcheck shell=bash
# Sourced by .ci/run (and by its test): a real Elasticsearch for the engine contract suite and the backend's own
# tests (issue 24). Exports CCTNS_ELASTICSEARCH_URL when one runs. When it cannot run on this machine (no Java or
# Maven, or the first fetch failed: .ci/elasticsearch start exits 3) it exports CCTNS_ELASTICSEARCH_UNAVAILABLE with
# the reason printed, and the Elasticsearch tests skip giving it. When it was there but did not start (exit 2) it
# returns 1: a broken server fails the run, it is not skipped. One it starts is stopped when the shell exits (one
# already running before is left running).
elasticsearch_for_tests() {
    local ci es_url es_status=0 es_errors es_started_here=1
    ci="$(dirname "${BASH_SOURCE[0]}")"
    "$ci/elasticsearch" status >/dev/null 2>&1 && es_started_here=0
    es_errors="$(mktemp)"
    es_url="$("$ci/elasticsearch" start 2>"$es_errors")" || es_status=$?
    cat "$es_errors" >&2
    case "$es_status" in
        0)
            export CCTNS_ELASTICSEARCH_URL="$es_url"
            echo "Tests use Elasticsearch at ${CCTNS_ELASTICSEARCH_URL}"
            if [[ "$es_started_here" == 1 ]]; then
                # shellcheck disable=SC2064  # the path is fixed now
                trap "'$ci/elasticsearch' stop || true" EXIT
            fi
            ;;
        3)
            unset CCTNS_ELASTICSEARCH_URL
            CCTNS_ELASTICSEARCH_UNAVAILABLE="$(grep 'cannot run here' "$es_errors" | tail -1 | sed 's/^elasticsearch: //' || true)"
            export CCTNS_ELASTICSEARCH_UNAVAILABLE="${CCTNS_ELASTICSEARCH_UNAVAILABLE:-Elasticsearch cannot run here}"
            echo "No Elasticsearch: ${CCTNS_ELASTICSEARCH_UNAVAILABLE}. Its test cases skip, saying so."
            ;;
        *)
            echo "Elasticsearch did not start (exit ${es_status}; see above): failing the run rather than skipping."
            rm -f "$es_errors"
            return 1
            ;;
    esac
    rm -f "$es_errors"
}
elasticsearch_for_tests
