#!/usr/bin/env bash
# Holds the dependency direction of docs/architecture.md: domain imports only
# the standard library; app never imports storage.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
bad=$(go list -f '{{join .Imports "\n"}}' ./domain | grep '\.' || true)
if [ -n "$bad" ]; then echo "domain imports beyond the standard library:"; echo "$bad"; fail=1; fi
bad=$(go list -f '{{.ImportPath}}: {{join .Imports " "}}' ./app/... | grep 'planboard/storage' || true)
if [ -n "$bad" ]; then echo "app imports storage:"; echo "$bad"; fail=1; fi
exit $fail
