#!/bin/sh
# The purge test runs a real Varnish (with the xkey module). Install it when missing and we can;
# where we cannot, the test says so (tests/services.py).
if command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's varnish for the purge test..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; } \
    || echo "varnish could not be installed: the purge test will say so." >&2
elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules || true
fi
exit 0
