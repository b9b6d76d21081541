#!/usr/bin/env bash
# Regenerates the screenshots of `tcpcheck serve` that the README shows
# (docs/img/serve: English and Chinese, desktop and phone). It runs the
# browser test, which drives headless Chromium (Debian package chromium;
# for the Chinese pictures a CJK font such as fonts-wqy-microhei).
# Run from the repository root: bash docs/serve-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium fonts-wqy-microhei" >&2; exit 2; }
go test ./web -run '^TestBrowser$' -count=1 -v -args -screenshots "$PWD/docs/img/serve" | grep -E 'wrote|FAIL|ok|PASS'
