#!/usr/bin/env bash
# Holds the dependency direction of docs/architecture.md with `go list`:
#   - domain imports only the standard library;
#   - nothing under app/ imports storage;
#   - the surfaces (app/web, app/public, app/api) depend neither on each
#     other nor on storage;
#   - the service layer (app/service) depends on no Fiber, no storage and
#     no surface;
#   - mail, exports and i18n depend on no Fiber; nor does any other package
#     under app/ except the root (package app), the surfaces and the
#     rendering they share (app/internal/render);
#   - nothing but the root package app and cmd depends on a surface.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
surfaces="planboard/app/web planboard/app/public planboard/app/api"
is_surface() { grep -qxF "$1" <<<"${surfaces// /$'\n'}"; }
deps_of() { go list -deps -f '{{.ImportPath}}' "$1"; }

bad=$(go list -f '{{join .Imports "\n"}}' ./domain/... | grep '\.' || true)
if [ -n "$bad" ]; then echo "domain imports beyond the standard library:"; echo "$bad"; fail=1; fi
bad=$(go list -f '{{.ImportPath}}: {{join .Imports " "}}' ./app/... | grep 'planboard/storage' || true)
if [ -n "$bad" ]; then echo "app imports storage:"; echo "$bad"; fail=1; fi

for s in $surfaces; do
  deps=$(deps_of "$s")
  for other in $surfaces; do
    if [ "$other" != "$s" ] && grep -qxF "$other" <<<"$deps"; then echo "surface $s depends on surface $other"; fail=1; fi
  done
  if grep -q '^planboard/storage' <<<"$deps"; then echo "surface $s depends on storage"; fail=1; fi
done

deps=$(deps_of planboard/app/service)
if grep -q '^github.com/gofiber/' <<<"$deps"; then echo "app/service depends on Fiber"; fail=1; fi
if grep -q '^planboard/storage' <<<"$deps"; then echo "app/service depends on storage"; fail=1; fi
for s in $surfaces planboard/app; do
  if grep -qxF "$s" <<<"$deps"; then echo "app/service depends on $s"; fail=1; fi
done

for pkg in $(go list ./app/...); do
  case "$pkg" in planboard/app | planboard/app/internal/render) continue ;; esac
  if is_surface "$pkg"; then continue; fi
  deps=$(deps_of "$pkg")
  if grep -q '^github.com/gofiber/' <<<"$deps"; then echo "$pkg depends on Fiber"; fail=1; fi
done
# The rendering the HTML surfaces share imports none of them.
deps=$(deps_of planboard/app/internal/render)
for s in $surfaces planboard/app; do
  if grep -qxF "$s" <<<"$deps"; then echo "app/internal/render depends on $s"; fail=1; fi
done

# Only the root package and cmd mount surfaces.
for pkg in $(go list ./...); do
  case "$pkg" in planboard/app | planboard/cmd/*) continue ;; esac
  deps=$(deps_of "$pkg")
  for s in $surfaces; do
    if [ "$s" != "$pkg" ] && grep -qxF "$s" <<<"$deps"; then echo "$pkg depends on surface $s"; fail=1; fi
  done
  if [ "$pkg" != planboard/app ] && grep -qxF planboard/app <<<"$deps"; then echo "$pkg depends on package app"; fail=1; fi
done
exit $fail
