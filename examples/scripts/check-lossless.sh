#!/usr/bin/env bash
# check-lossless.sh — checks that WAV and FLAC decode bit-exactly: for every 16-bit WAV of the
# corpus, reactive-audio's output must equal its PCM / 32768 read by Python's wave module, and
# the FLAC encoded from it (same relative path, .flac under the flac folder) must decode to the
# very same floats. Prints one line per file and a summary.
# Needs: the built jar (mvn -q -B package -DskipTests; or JAR=path), /usr/bin/python3 with numpy.
# Usage: examples/scripts/check-lossless.sh /tmp/ra-corpus
set -euo pipefail
jar=${JAR:-$(cd "$(dirname "$0")/.." && pwd)/target/reactive-audio.jar}
corpus=${1:-/tmp/ra-corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$corpus/wav" -name '*.wav' -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' wav; do
  rel=${wav#"$corpus/wav/"}
  flac=$corpus/flac/${rel%.wav}.flac
  java -jar "$jar" decode "$wav" --out "$tmp/wav.f32"
  java -jar "$jar" decode "$flac" --out "$tmp/flac.f32"
  /usr/bin/python3 - "$wav" "$tmp/wav.f32" "$tmp/flac.f32" <<'PY'
import sys, wave
import numpy as np
path, ours_wav, ours_flac = sys.argv[1], np.fromfile(sys.argv[2], "<f4"), np.fromfile(sys.argv[3], "<f4")
with wave.open(path) as w:
    assert w.getsampwidth() == 2
    pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
expected = (pcm.astype(np.float64) / 32768).astype(np.float32)
wav_ok = ours_wav.size == expected.size and np.array_equal(ours_wav.view(np.uint32), expected.view(np.uint32))
flac_ok = ours_flac.size == expected.size and np.array_equal(ours_flac.view(np.uint32), expected.view(np.uint32))
print(f"{path}\tsamples={expected.size}\twav_bit_exact={wav_ok}\tflac_bit_exact={flac_ok}")
PY
done | tee "$tmp/all.txt"
awk -F'\t' '{n++; if ($3 != "wav_bit_exact=True" || $4 != "flac_bit_exact=True") bad++}
  END {printf "files=%d not_bit_exact=%d\n", n, bad+0}' "$tmp/all.txt"
