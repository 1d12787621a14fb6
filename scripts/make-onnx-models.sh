#!/usr/bin/env bash
# Rebuilds reactive-audio-onnx's test models and reference outputs (make-onnx-models.py) into
# reactive-audio-onnx/src/test/resources/models, in a test-only venv at VENV (default
# /tmp/reactive-audio-onnx-venv): Debian's /usr/bin/python3 with its site packages (python3-onnx,
# python3-numpy) plus onnxruntime, installed by pip without the network from the wheel directories
# $WHEELS (default: this machine image's /opt/wheels /opt/pypi/files /opt/pypi-more/files).
# Only needed to change the models: their outputs are committed (energy.onnx also in examples' tests).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
venv=${1:-/tmp/reactive-audio-onnx-venv}
/usr/bin/python3 -c 'import onnx, numpy' || { echo "needs Debian's python3-onnx and python3-numpy" >&2; exit 1; }
links=()
for wheels in ${WHEELS:-/opt/wheels /opt/pypi/files /opt/pypi-more/files}; do
  if [ -d "$wheels" ]; then
    links+=(--find-links "$wheels")
  fi
done
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
"$venv/bin/python" -m pip install --quiet --no-index "${links[@]}" onnxruntime
models="$here/../reactive-audio-onnx/src/test/resources/models"
"$venv/bin/python" "$here/make-onnx-models.py" "$models"
# the embed command's test (examples) runs the energy model too
mkdir -p "$here/../examples/src/test/resources/models"
cp "$models/energy.onnx" "$here/../examples/src/test/resources/models/"
