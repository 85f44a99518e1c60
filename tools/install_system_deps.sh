#!/usr/bin/env bash
# Install what the tests need beyond Python packages, when missing (Debian/Ubuntu, as root):
# headless Chromium, to render the monthly 通报, and a CJK font (fonts-noto-cjk, SIL Open
# Font License 1.1) for the Chinese text of the charts.
set -euo pipefail
need=()
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    need+=(chromium)
fi
fonts="$(fc-list : family 2>/dev/null || true)"   # not piped into grep -q: pipefail
if ! grep -qi "Noto Sans CJK" <<<"$fonts"; then
    need+=(fonts-noto-cjk)
fi
if [ ${#need[@]} -eq 0 ]; then
    echo "system dependencies present: chromium, fonts-noto-cjk"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "missing ${need[*]}: run as root (or: sudo apt-get install ${need[*]})" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${need[@]}" fontconfig
fc-cache -f >/dev/null 2>&1 || true
