#!/usr/bin/env bash
# ChatGuard vs. open-source JavaScript profanity filters on the same labelled lines and the same
# evasion-perturbed copies. Prints one Markdown table per set; writes results.json/results.md to --out.
#
#   rules/baselines/compare.sh [--out DIR] [--seed N] [--dev DIR] [--no-build]
#
# Needs node >= 20 + npm (registry reachable for `npm ci`). Builds ChatGuard first (`mvn -B -q -DskipTests
# package` at the repository root) so the numbers are those of the rule pack in the tree; --no-build
# skips that when the build is known to be current. Prints ids and
# numbers only; the perturbed copies (message text) live in a temp dir that is deleted on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
own="$root/rules/src/test/resources/eval"

out="$here/out"
seed=20261127          # chatguard eval's default seed
dev="${EVAL_DEV:-/work/shared/eval-dev}"
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --dev) dev="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------------------------------------------
# What "ChatGuard flagged" means per set, matched to what the set labels (the JS filters have one
# output: profane or not). Empty = chatguard eval's default (--flag-on any). ChatGuard is ALSO always
# run with the default on every set (row "ChatGuard (any)").
#   name (file name without .jsonl) | gold file                          | ChatGuard criterion
SETS=(
  "davidson_hate_offensive         | $dev/davidson_hate_offensive.jsonl  | "
  "suicidal_tweets                 | $dev/suicidal_tweets.jsonl          | --flag-on alert --only self_harm"
  "formspring_cyberbullying        | $dev/formspring_cyberbullying.jsonl | --only insult,hate,violence"
  "pan12_grooming_segments         | $dev/pan12_grooming_segments.jsonl  | --flag-on alert --only grooming"
  "personal-info                   | $own/personal-info.jsonl            | "
  "evasion                         | $own/evasion.jsonl                  | "
  "innocent-lookalikes             | $own/innocent-lookalikes.jsonl      | "
)
# ---------------------------------------------------------------------------------------------------

start=$(date +%s)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/chatguard-baselines.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/perturbed" "$tmp/chatguard" "$out"

echo "== npm ci" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)

echo "== scorer unit tests" >&2
(cd "$here" && node --test test/ >"$tmp/node-test.log" 2>&1) || { cat "$tmp/node-test.log" >&2; exit 1; }

if [[ $build == 1 ]] || ! ls "$root"/pipeline/target/chatguard-pipeline-*.jar >/dev/null 2>&1 || [[ ! -f "$root/pipeline/target/launcher-classpath.txt" ]]; then
  echo "== building ChatGuard (mvn -B -q -DskipTests package)" >&2
  (cd "$root" && mvn -B -q -DskipTests package >&2)
fi

trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

manifest="$tmp/sets.tsv"
: >"$manifest"
for row in "${SETS[@]}"; do
  IFS='|' read -r name gold crit <<<"$row"
  name="$(trim "$name")"; gold="$(trim "$gold")"; crit="$(trim "$crit")"
  [[ -f "$gold" ]] || { echo "compare.sh: missing gold file $gold" >&2; exit 1; }
  [[ "$(basename "$gold" .jsonl)" == "$name" ]] || { echo "compare.sh: set name $name must be the gold file's name" >&2; exit 1; }
  echo "== chatguard eval $name ${crit:-(default)}" >&2
  # shellcheck disable=SC2086  # the criterion is a list of options
  "$root/bin/chatguard" eval --gold "$gold" $crit --perturb --seed "$seed" --json --write-perturbed "$tmp/perturbed" \
    >"$tmp/chatguard/$name.criterion.json"
  if [[ -n "$crit" ]]; then
    "$root/bin/chatguard" eval --gold "$gold" --perturb --seed "$seed" --json >"$tmp/chatguard/$name.any.json"
  else
    cp "$tmp/chatguard/$name.criterion.json" "$tmp/chatguard/$name.any.json"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$gold" "$crit" "$tmp/chatguard/$name.criterion.json" "$tmp/chatguard/$name.any.json" >>"$manifest"
done

echo "== scoring JS filters" >&2
node "$here/score.mjs" --manifest "$manifest" --perturbed "$tmp/perturbed" --out "$out" --seed "$seed"
# ChatGuard's own reports (numbers, rule ids, message ids; no text without --worst) next to results.json.
mkdir -p "$out/chatguard"
cp "$tmp"/chatguard/*.json "$out/chatguard/"
echo "compare.sh: done in $(( $(date +%s) - start )) s" >&2
