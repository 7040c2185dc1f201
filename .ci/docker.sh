#!/usr/bin/env bash
# Makes a Docker daemon answer on this machine, for the Testcontainers tests. Idempotent: installs
# Debian's docker.io only if dockerd is missing, starts dockerd only if `docker version` does not
# answer. Nothing else would start it (no systemd here). Fails with a reason after a deadline.
set -euo pipefail

DEADLINE_SECONDS=${DOCKER_START_DEADLINE:-60}
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/dockerd.log}

log() { printf '[docker] %s\n' "$*" >&2; }
fail() { printf '[docker] ERROR: %s\n' "$*" >&2; exit 1; }
answering() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: cannot install or start dockerd"
  SUDO="sudo"
fi

# A docker client alone (some images ship one) is not enough: check for the daemon.
if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io from Debian"
  $SUDO apt-get update -qq || fail "apt-get update failed"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
    || fail "apt-get install docker.io failed"
fi

if answering; then
  log "dockerd already answering ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

# A pid file left by a daemon that no longer runs (e.g. a machine image) stops dockerd starting.
for pidfile in /var/run/docker.pid /run/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
    log "removing stale $pidfile"
    $SUDO rm -f "$pidfile"
  fi
done

if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd in the background, logging to $DOCKERD_LOG"
  # setsid: the daemon outlives this script and the CI step's process group.
  $SUDO setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
fi

deadline=$((SECONDS + DEADLINE_SECONDS))
until answering; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
    fail "dockerd did not answer within ${DEADLINE_SECONDS}s (log: $DOCKERD_LOG)"
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
    fail "dockerd exited (log: $DOCKERD_LOG)"
  fi
  sleep 0.5
done
log "dockerd answering ($(docker version --format '{{.Server.Version}}'))"
