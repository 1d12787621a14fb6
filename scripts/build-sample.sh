#!/usr/bin/env bash
# Builds samples/consumer, a Maven project outside the reactor build, the way a user's project
# uses reactive-audio: it installs the core artifact (and the parent pom) into the local Maven
# repository, builds the sample against them, and runs it on a small corpus it generates (two
# label folders of WAV files: tones and noise). Fails if any step fails, or if the sample's output
# lacks its summary line. Extra arguments go to both Maven runs (e.g. -o for offline).
#
#   scripts/build-sample.sh [-o]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$root/pom.xml" install -DskipTests -pl reactive-audio -am "$@"

sample=$root/samples/consumer
mvn -B -q -f "$sample/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt "$@"

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
python3 - "$corpus" <<'PY'
import math, os, random, struct, sys, wave
root = sys.argv[1]
rate = 22050
for label in ("noise", "tone"):
    os.makedirs(os.path.join(root, label))
    for i in range(3):
        rnd = random.Random(i)
        frames = int(rate * (2.5 + i * 0.4))
        with wave.open(os.path.join(root, label, "%02d.wav" % i), "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
            if label == "tone":
                samples = (0.3 * math.sin(2 * math.pi * (220 + 110 * i) * n / rate) for n in range(frames))
            else:
                samples = (0.3 * (2 * rnd.random() - 1) for _ in range(frames))
            w.writeframes(b"".join(struct.pack("<h", int(32767 * s)) for s in samples))
PY

out=$(java -cp "$sample/target/classes:$(cat "$sample/target/classpath.txt")" com.example.audio.Quickstart "$corpus")
echo "$out"
echo "$out" | grep -q "segments of \[noise, tone\]; decoded 6 files" || { echo "samples/consumer: no summary line" >&2; exit 1; }
