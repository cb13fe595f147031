#!/usr/bin/env bash
# Runs `pnpm <args>` after the idempotent set-up: `bash scripts/run.sh anyk demo`.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec pnpm "$@"
