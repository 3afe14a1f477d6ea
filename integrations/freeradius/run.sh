#!/bin/sh
# Starts FreeRADIUS (Debian's freeradius and freeradius-rest packages) in the foreground with the
# configuration in raddb/, logging to stdout. The environment variables are listed at the top of
# raddb/radiusd.conf. Extra arguments go to freeradius (e.g. -C to check the configuration).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
: "${RADIUS_RUN_DIR:=$(mktemp -d)}"
export RADIUS_RUN_DIR
exec freeradius -f -l stdout -d "$here/raddb" "$@"
