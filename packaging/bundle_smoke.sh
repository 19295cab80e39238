#!/usr/bin/env bash
# Smoke test of the PyInstaller bundle (make bundle-test), run the way a user would run it:
# from /tmp, with the venv off PATH and no Python environment variables, so that nothing in
# the checkout or the venv can stand in for something the bundle forgot to ship.
#
#   packaging/bundle_smoke.sh [BUNDLE_DIR]      (default: dist/tourmap next to this folder)
#
# Checks: --version, validate (good and bad file), geocode (offline), info --json, and export to PNG, JPEG and
# PDF. The PNG is decoded with the *system* python3's stdlib (zlib, struct) and must have the
# requested size and real content, not one flat colour.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bundle="$(cd "${1:-$root/dist/tourmap}" 2>/dev/null && pwd)" || {
    echo "bundle-test: no bundle at ${1:-$root/dist/tourmap}; run 'make bundle' first" >&2
    exit 1
}
exe="$bundle/tourmap"
[[ -x "$exe" ]] || { echo "bundle-test: $exe is missing or not executable" >&2; exit 1; }

# PATH without the venv (or any other virtualenv) and without Python overrides.
venv_dir="${VENV_DIR:-$root/.venv}"
clean_path=""
IFS=: read -r -a path_parts <<< "${PATH}"
for part in "${path_parts[@]}"; do
    case "$part" in
        "" | "$venv_dir"/* | "$venv_dir" | "${VIRTUAL_ENV:-/nonexistent}"/*) continue ;;
    esac
    clean_path="${clean_path:+$clean_path:}$part"
done
export PATH="$clean_path"
unset VIRTUAL_ENV PYTHONPATH PYTHONHOME PYTHONSTARTUP PYTHONUSERBASE

# The checker runs on the system Python, never the venv's.
syspy="$(command -v /usr/bin/python3 || command -v python3 || true)"
[[ -n "$syspy" ]] || { echo "bundle-test: no system python3 to check the output with" >&2; exit 1; }
case "$("$syspy" -c 'import sys; print(sys.prefix)')" in
    "$venv_dir"*) echo "bundle-test: python3 on PATH is the venv's ($syspy)" >&2; exit 1 ;;
esac

work="$(mktemp -d /tmp/tourmap-bundle-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# Keep the user's settings out of it.
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
cd /tmp

failures=0
last=""
pass() { printf '  ok   %s\n' "$1"; }
fail() {
    printf '  FAIL %s\n' "$1" >&2
    if [[ -n "$last" && -s "$work/$last.err" ]]; then
        tail -n 20 "$work/$last.err" | sed 's/^/       | /' >&2
    fi
    failures=$((failures + 1))
}
# run NAME TIMEOUT CMD... : runs CMD, keeps stdout/stderr in $work/NAME.{out,err}, sets $rc.
run() {
    last="$1"
    local limit="$2"
    shift 2
    rc=0
    timeout "$limit" $offline "$@" >"$work/$last.out" 2>"$work/$last.err" || rc=$?
}
# No network at all where a network namespace can be made (root, or user namespaces).
offline=""
if unshare -n true 2>/dev/null; then offline="unshare -n"; fi
# check NAME CMD... : runs a checker (system python), its stdout in $work/NAME.check; stderr to $work/NAME.err.
check() {
    local name="$1"
    shift
    "$@" >"$work/$name.check" 2>>"$work/$name.err"
}

echo "bundle-test: $bundle ($(du -sh "$bundle" | cut -f1)), checker $syspy, cwd $(pwd), network: $([[ -n "$offline" ]] && echo "none (unshare -n)" || echo "as is")"

# 1. --version
run version 60 "$exe" --version
if [[ $rc -eq 0 ]] && grep -Eq '^tourmap [0-9]+\.[0-9]+' "$work/version.out"; then
    pass "--version: $(head -n1 "$work/version.out")"
else
    fail "--version (exit $rc): $(head -c 200 "$work/version.out")"
fi

# 2. validate: the bundled tour, found inside the bundle (not the checkout).
run validate 60 "$exe" validate
if [[ $rc -eq 0 ]] && grep -q '^ok: ' "$work/validate.out"; then
    if grep -q "^ok: $bundle/" "$work/validate.out"; then
        pass "validate: $(head -n1 "$work/validate.out")"
    else
        fail "validate used a tour outside the bundle: $(head -n1 "$work/validate.out")"
    fi
else
    fail "validate (exit $rc)"
fi

# ... and a broken file must exit 2 with a one-line reason.
printf '{"format": "tourmap/1", "title": ' >"$work/broken.tour.json"
run validate-bad 60 "$exe" validate "$work/broken.tour.json"
if [[ $rc -eq 2 && -s "$work/validate-bad.err" ]]; then
    pass "validate rejects a broken file (exit 2): $(head -n1 "$work/validate-bad.err" | sed "s|$work/||")"
else
    fail "validate of a broken file: exit $rc, expected 2 and a message"
fi

# 2b. geocode: the offline place index built from the GeoNames data inside the bundle.
run geocode 120 "$exe" geocode "Sao Paulo" --limit 1
if [[ $rc -eq 0 ]] && grep -q '^1\. São Paulo, Brazil' "$work/geocode.out"; then
    pass "geocode: $(head -n1 "$work/geocode.out")"
else
    fail "geocode (exit $rc): $(head -c 200 "$work/geocode.out")"
fi

# 3. info --json
run info 60 "$exe" info --json
if [[ $rc -eq 0 ]] && check info "$syspy" - "$work/info.out" <<'PY'
import json, sys
info = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(info["title"], str) and info["title"], "no title"
assert len(info["stops"]) >= 2, "fewer than two stops"
assert len(info["legs"]) == len(info["stops"]) - 1, "legs do not join the stops"
assert info["total_km"] > 0, "no distance"
print("%r, %d stops, %.0f km" % (info["title"], len(info["stops"]), info["total_km"]))
PY
then
    pass "info --json: $(cat "$work/info.check")"
else
    fail "info --json (exit $rc)"
fi

# 4. export: PNG (decoded and inspected), JPEG and PDF (signatures).
run export-png 300 "$exe" export -o "$work/x.png" --size 800x500
if [[ $rc -eq 0 && -s "$work/x.png" ]] && check export-png "$syspy" - "$work/x.png" 800 500 <<'PY'
import struct, sys, zlib
from collections import Counter

path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
pos, chunks = 8, []
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
    assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in {kind!r}"
    chunks.append((kind, body))
    pos += 12 + length
assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND", "chunk order"
width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
# --size is in CSS pixels; the image is that times the device pixel ratio.
assert width % want_w == 0 and height % want_h == 0 and width // want_w == height // want_h, (
    f"image is {width}x{height}, expected a multiple of {want_w}x{want_h}")
raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
assert depth == 8 and channels and interlace == 0, f"unexpected PNG layout: depth {depth}, colour type {ctype}"
stride = width * channels
assert len(raw) == height * (stride + 1), "pixel data has the wrong length"

# Undo the scanline filters, then look at the pixels.
prev, rows = bytearray(stride), []
for y in range(height):
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - channels] if i >= channels else 0
        b, c = prev[i], (prev[i - channels] if i >= channels else 0)
        if kind == 1:
            line[i] = (line[i] + a) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + b) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 0xFF
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert kind == 0, f"bad filter type {kind}"
    rows.append(bytes(line))
    prev = line
pixels = Counter(
    row[x:x + channels] for row in rows[:: max(1, height // 200)] for x in range(0, stride, channels * max(1, width // 300))
)
total = sum(pixels.values())
top_share = pixels.most_common(1)[0][1] / total
assert len(pixels) >= 32, f"only {len(pixels)} distinct colours: a blank or flat image"
assert top_share < 0.9, f"one colour covers {top_share:.0%} of the image"
if channels in (2, 4):
    assert any(px[-1] > 0 for px in pixels), "fully transparent"
print(f"{width}x{height}, {len(pixels)} colours sampled, commonest {top_share:.0%}")
PY
then
    pass "export PNG: $(du -h "$work/x.png" | cut -f1), $(cat "$work/export-png.check")"
else
    fail "export PNG (exit $rc)"
fi

run export-jpg 300 "$exe" export -o "$work/x.jpg" --size 800x500
if [[ $rc -eq 0 ]] && check export-jpg "$syspy" -c '
import sys; d = open(sys.argv[1], "rb").read()
assert len(d) > 2000 and d[:3] == b"\xff\xd8\xff" and d.rstrip(b"\0")[-2:] == b"\xff\xd9"' "$work/x.jpg"; then
    pass "export JPEG: $(du -h "$work/x.jpg" | cut -f1)"
else
    fail "export JPEG (exit $rc)"
fi

run export-pdf 300 "$exe" export -o "$work/x.pdf"
if [[ $rc -eq 0 ]] && check export-pdf "$syspy" -c '
import sys; d = open(sys.argv[1], "rb").read()
assert len(d) > 2000 and d[:5] == b"%PDF-" and b"%%EOF" in d[-1024:]' "$work/x.pdf"; then
    pass "export PDF: $(du -h "$work/x.pdf" | cut -f1)"
else
    fail "export PDF (exit $rc)"
fi

if [[ $failures -ne 0 ]]; then
    echo "bundle-test: $failures check(s) failed" >&2
    exit 1
fi
echo "bundle-test: all checks passed"
