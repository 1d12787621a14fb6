#!/usr/bin/env bash
# compare-with-mpg123.sh — decodes every MP3 under the given folders with reactive-audio and with
# `mpg123 --float` (gapless), and prints per file: frame counts of both and the
# signal-to-difference ratio (dB); then the minimum SDR and whether every count matched.
# Needs: the built jar (mvn -q -B package -DskipTests; or JAR=path), mpg123, /usr/bin/python3 with numpy.
# Usage: examples/scripts/compare-with-mpg123.sh /tmp/ra-corpus/mp3 /tmp/ra-corpus/speech
set -euo pipefail
jar=${JAR:-$(cd "$(dirname "$0")/.." && pwd)/target/reactive-audio.jar}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$@" -name '*.mp3' -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
  mpg123 -q --float -s "$f" > "$tmp/ref.f32"
  java -jar "$jar" decode "$f" --out "$tmp/ours.f32"
  /usr/bin/python3 - "$f" "$tmp/ours.f32" "$tmp/ref.f32" "$(java -jar "$jar" probe "$f")" <<'PY'
import json, sys
import numpy as np
name, ours, ref, probe = sys.argv[1], np.fromfile(sys.argv[2], "<f4"), np.fromfile(sys.argv[3], "<f4"), json.loads(sys.argv[4])
ch = probe["channels"]
n = min(ours.size, ref.size)
diff = ours[:n].astype(np.float64) - ref[:n]
sdr = 10 * np.log10(np.sum(ref[:n].astype(np.float64) ** 2) / max(np.sum(diff ** 2), 1e-300))
print(f"{name}\tframes={ours.size // ch}\tmpg123={ref.size // ch}\tsdr_db={sdr:.1f}")
PY
done | tee "$tmp/all.txt"
awk -F'\t' '{split($2,a,"=");split($3,b,"=");split($4,c,"="); if (a[2]!=b[2]) bad++; if (min==""||c[2]<min) min=c[2]}
  END {printf "files=%d frame_count_mismatches=%d min_sdr_db=%s\n", NR, bad+0, min}' "$tmp/all.txt"
