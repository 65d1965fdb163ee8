#!/usr/bin/env bash
# One clock (issue 11): rules and row stamps read the injected clock, tests
# the run's moment (pgtest.Now, moved by PLANBOARD_TEST_NOW). A direct
# time.Now() is allowed only where the real time is the point — measuring
# elapsed time, a timeout, a certificate's validity — and the line says so
# with a "wall clock:" comment.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(git ls-files -co --exclude-standard -- '*.go' | xargs grep -n 'time\.Now()' | grep -v '// wall clock:' || true)
if [ -n "$bad" ]; then
  echo "time.Now() without a '// wall clock: why' comment (use the injected clock, or pgtest.Now() in tests):"
  echo "$bad"
  exit 1
fi
