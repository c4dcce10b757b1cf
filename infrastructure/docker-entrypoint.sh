#!/bin/sh
# Starts one Dalal process by name; exec, so that node is PID 1 and receives SIGTERM to drain and stop.
set -eu
cd "$(dirname "$0")/.."
service="${1:-gateway}"
node_flags="--max-semi-space-size=32 -r ./tools/register.js"
case "$service" in
  gateway | market-data | strategy-engine | risk-manager | order-execution)
    exec node $node_flags "apps/$service/src/main.ts" ;;
  embedded)
    exec node $node_flags apps/embedded/src/main.ts ;;
  migrate)
    exec node -r ./tools/register.js libs/persistence/src/migrate.main.ts ;;
  *)
    echo "unknown service '$service': one of gateway, market-data, strategy-engine, risk-manager," \
      "order-execution, migrate, embedded" >&2
    exit 64 ;;
esac
