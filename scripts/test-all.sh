#!/bin/sh
# The one test command (`npm test`): installs what is missing, then runs every check in order and
# prints a summary. A failing step does not stop the later ones, except that the compat suite needs
# a successful build. Exit code 0 only when every step passed.
# Environment: FERRYMQ_SKIP_COMPAT=1 skips the real-client suite (reported as skipped, exit stays 0
#   only if everything else passed); see scripts/install-test-deps.sh for its variables.
set -eu

cd "$(dirname "$0")/.."
root=$(pwd)
report_dir="$root/.tmp/test-reports"
mkdir -p "$report_dir"
rm -f "$report_dir"/*.json

started_all=$(date +%s)
failed_steps=""
summary=""

# run_step NAME COMMAND...: runs a step, records its status and duration.
run_step() {
  name=$1
  shift
  printf '\n==== %s: %s\n' "$name" "$*"
  started=$(date +%s)
  if "$@"; then
    status=ok
  else
    status=FAILED
    failed_steps="$failed_steps $name"
  fi
  took=$(($(date +%s) - started))
  summary="$summary$(printf '  %-14s %-8s %4ss' "$name" "$status" "$took")
"
  [ "$status" = ok ]
}

skip_step() {
  printf '\n==== %s: skipped (%s)\n' "$1" "$2"
  summary="$summary$(printf '  %-14s %-8s (%s)' "$1" skipped "$2")
"
}

run_step install sh scripts/install-test-deps.sh || {
  printf '\ntest-all: cannot continue without the test dependencies\n'
  printf '0 passed, 1 failed\n'
  exit 1
}
run_step codegen-check npm run --silent codegen:check || true
run_step lint npm run --silent lint || true
run_step typecheck npm run --silent typecheck || true
if run_step build npm run --silent build; then built=1; else built=0; fi
run_step unit npx vitest run --project unit --reporter=default --reporter=json \
  --outputFile.json="$report_dir/unit.json" || true
if [ "${FERRYMQ_SKIP_COMPAT:-0}" = 1 ]; then
  skip_step compat 'FERRYMQ_SKIP_COMPAT=1'
elif [ "$built" = 1 ]; then
  rm -rf "$root/.tmp/compat-logs"
  run_step compat npx vitest run --project compat --reporter=default --reporter=json \
    --outputFile.json="$report_dir/compat.json" || true
else
  skip_step compat 'build failed'
  failed_steps="$failed_steps compat"
fi

# Test counts from vitest's JSON reports; a step failure without a report counts as one failed test.
# Tests titled "[known gap]" passed only because an allow-listed check still fails
# (compat-tests/known-gaps.ts); they are counted apart from the passed ones.
counts=$(node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0, gaps = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const s of r.testResults ?? []) {
      for (const a of s.assertionResults ?? []) {
        if (a.status === "passed" && a.title.includes("[known gap]")) { gaps += 1; passed -= 1; }
      }
      // a file that failed to load (syntax error, failing hook) has no failed test but failed anyway
      if (s.status === "failed" && (s.assertionResults ?? []).every((a) => a.status !== "failed")) failed += 1;
    }
  }
  console.log(passed, failed, skipped, gaps);
' "$report_dir/unit.json" "$report_dir/compat.json")
# shellcheck disable=SC2086 # split the four numbers
set -- $counts
passed=$1
failed=$2
skipped=$3
gaps=$4
for step in $failed_steps; do
  case $step in
    unit) [ -f "$report_dir/unit.json" ] || failed=$((failed + 1)) ;;
    compat) [ -f "$report_dir/compat.json" ] || failed=$((failed + 1)) ;;
    *) failed=$((failed + 1)) ;; # a failed non-test step counts as one failure
  esac
done

printf '\n==== summary (%ss in all)\n%s' "$(($(date +%s) - started_all))" "$summary"
if [ -n "$failed_steps" ]; then
  printf 'failed steps:%s\n' "$failed_steps"
fi
if [ "$gaps" != 0 ]; then
  printf 'known gaps: %s tests pass only because an allow-listed check still fails (compat-tests/FINDINGS.md)\n' "$gaps"
fi
printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
[ -z "$failed_steps" ] && [ "$failed" = 0 ]
