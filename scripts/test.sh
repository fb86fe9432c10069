#!/usr/bin/env bash
# The whole test run, from a fresh machine: installs what the tests need
# (tmux for the end-to-end tests, PostgreSQL for the team history), starts
# a throwaway PostgreSQL, then format, lints, tests and a smoke run of the
# benchmarks. README's "Test it" and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs a Debian/Ubuntu package as root, or through sudo, or says how.
need_package() {
  local package=$1 sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "error: the tests need the $package package: install it (as root: apt-get install $package)" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the tests need $package: install it with your package manager, then run this again" >&2
    exit 1
  fi
  echo "installing $package (the tests need it)" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

# A command the tests run, from its package when missing.
need() {
  command -v "$1" >/dev/null 2>&1 || need_package "$2"
}

need tmux tmux
# The PDF report is read back with poppler: pdftotext, pdfinfo, pdftoppm.
need pdftotext poppler-utils
# The team history's hostile-address test makes a network namespace.
need ip iproute2
# The team history's tests run on a real PostgreSQL: one throwaway cluster
# for the run, stopped when this script ends however it ends.
source scripts/throwaway-postgres.sh
throwaway_postgres_start

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
# Benchmarks run once each in smoke mode, so they keep compiling and running.
cargo bench --locked --bench core -- --test
