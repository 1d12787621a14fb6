#!/usr/bin/env bash
# augmentation-gallery.sh — regenerates the before/after spectrograms of docs/augmentations.md:
# a short espeak-ng sentence at 16 kHz, a babble-plus-pink-noise clip for background-noise and a
# synthetic 0.4 s room response for impulse-response (all under $WORK, default /tmp/gallery), then
# `augment` (seed 1; seed 5 for gain-transition, whose seed-1 levels differ by under 7 dB) and
# `spectrogram` per transform into docs/images/augment/.
# Needs: the built jar (mvn -q -B package -pl examples -am -DskipTests; or JAR=path), espeak-ng,
# sox, /usr/bin/python3 with numpy.
# Usage: examples/scripts/augmentation-gallery.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=${JAR:-$root/examples/target/reactive-audio.jar}
work=${WORK:-/tmp/gallery}
images=$root/docs/images/augment
mkdir -p "$work" "$images"

espeak-ng -v en-us -w "$work/speech-22k.wav" "The quick brown fox jumps over the lazy dog."
sox -R -D "$work/speech-22k.wav" -r 16000 -c 1 "$work/speech.wav"
espeak-ng -v en-gb+f3 -s 200 -w "$work/babble-22k.wav" "Two more coffees please, and could we see the menu again?"
sox -R -D "$work/babble-22k.wav" -r 16000 -c 1 "$work/babble.wav"
sox -R -D -n -r 16000 -c 1 "$work/pink.wav" synth 3 pinknoise vol 0.05
sox -R -D -m "$work/babble.wav" "$work/pink.wav" "$work/noise.wav" trim 0 3
/usr/bin/python3 - "$work/room-ir.wav" <<'PY'
import sys, wave
import numpy as np
rate, seconds, rt60 = 16000, 0.4, 0.35
t = np.arange(int(rate * seconds)) / rate
ir = np.random.default_rng(1).standard_normal(t.size) * 10 ** (-3 * t / rt60)
ir[0] = 1.0
ir /= np.abs(ir).max()
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
    w.writeframes((ir * 32767).astype("<i2").tobytes())
PY

picture() { # IN OUT TITLE
  java -jar "$jar" spectrogram "$1" --out "$2" --title "$3" --n-fft 400 --hop-length 160 --n-mels 80 \
      --width 480 --height 200 --scaling nearest
}

picture "$work/speech.wav" "$images/before.png" "before: espeak-ng speech, 16 kHz"
for t in gain gain-transition gaussian-snr colored-noise background-noise shift polarity time-mask speed \
         time-stretch pitch-shift low-pass high-pass band-pass impulse-response clip normalize; do
  seed=1
  [ "$t" = gain-transition ] && seed=5
  java -jar "$jar" augment "$work/speech.wav" --out "$work/$t.wav" --transform "$t" --seed "$seed" \
      --noise "$work/noise.wav" --ir "$work/room-ir.wav"
  picture "$work/$t.wav" "$images/$t.png" "after: $t (seed $seed)"
done
du -ch "$images"/*.png | tail -1
