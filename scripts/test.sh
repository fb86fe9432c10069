#!/usr/bin/env bash
# The whole test run, from a fresh machine: installs what the tests need
# (tmux for the end-to-end tests), then format, lints, tests and a smoke run
# of the benchmarks. README's "Test it" and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs Debian/Ubuntu packages as root, or through sudo, or says how.
need() {
  local cmd=$1 package=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "error: the tests need $cmd: install the $package package (as root: apt-get install $package)" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the tests need $cmd: install $package with your package manager, then run this again" >&2
    exit 1
  fi
  echo "installing $package (the tests need $cmd)" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

need tmux tmux

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
# Benchmarks run once each in smoke mode, so they keep compiling and running.
cargo bench --locked --bench core -- --test
