#!/usr/bin/env bash
# Holds the dependency direction of docs/architecture.md with `go list`:
# domain imports only the standard library; nothing under app/ imports
# storage; the service layer (app/service) and the libraries beside it
# (importers, exporters, webhook signing) import no Fiber and no surface.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
bad=$(go list -f '{{join .Imports "\n"}}' ./domain/... | grep '\.' || true)
if [ -n "$bad" ]; then echo "domain imports beyond the standard library:"; echo "$bad"; fail=1; fi
bad=$(go list -f '{{.ImportPath}}: {{join .Imports " "}}' ./app/... | grep 'planboard/storage' || true)
if [ -n "$bad" ]; then echo "app imports storage:"; echo "$bad"; fail=1; fi
# Packages under app/ other than the web surface itself (package app) and
# its test helpers: no Fiber, and no import of the web surface. The JSON
# API (app/api) is a surface of its own: it may use Fiber, never package app.
core=$(go list ./app/... | grep -v -e "^planboard/app$" -e "^planboard/app/web$" || true)
for pkg in $core; do
  deps=$(go list -deps -f '{{.ImportPath}}' "$pkg")
  if [ "$pkg" != planboard/app/api ] && grep -q '^github.com/gofiber/' <<<"$deps"; then echo "$pkg depends on Fiber"; fail=1; fi
  if grep -qx -e planboard/app -e planboard/app/web <<<"$deps"; then echo "$pkg depends on the web surface planboard/app"; fail=1; fi
done
exit $fail
