#!/usr/bin/env bash
# Regenerates every picture the README shows, with the commands the README
# shows beside them. Run from the repository root: bash docs/readme-pictures.sh
set -uo pipefail
cd "$(dirname "$0")/.."
out=docs/img/readme
rm -rf "$out" && mkdir -p "$out"
go build -o /tmp/tcpcheck-readme ./cmd/tcpcheck || exit 2
t=/tmp/tcpcheck-readme
# Exit code 1 (a property is violated) is the expected outcome of most of these.
run() { "$t" "$@" >/dev/null 2>&1; rc=$?; [ $rc -le 1 ] || { echo "failed ($rc): tcpcheck $*" >&2; exit 2; }; }
run explore --variant two-way-handshake --props P1s --out "$out/two-way-handshake"
run replay S3 --out "$out/s3"
run replay S1 --out "$out/s1"
run replay S7 --out "$out/s7"
run explore --variant three-segment-close --props D1 --out "$out/three-segment-close"
run replay S15 --out "$out/s15"
run explore --variant no-time-wait --props P4 --out "$out/no-time-wait"
run replay S8 --out "$out/s8"
run explore --props P4 --out "$out/assassination"
run explore --variant fixed-isn --props P1 --out "$out/fixed-isn"
run explore --props L1 --out "$out/l1"
run graph --out "$out/figure5"
run check capture/testdata/close-on-eof.pcap --out "$out/close-on-eof"
# Keep only the pictures (and their DOT sources); the README links the SVGs.
find "$out" -type f ! -name '*.svg' ! -name '*.dot' -delete
echo "pictures written to $out"
