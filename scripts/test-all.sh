#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs the Debian packages the tests use when they
# are missing (Debian's numpy, venv and setuptools for the Python package's tests, which also build a
# virtual environment of current numpy, torch and safetensors from the machine's wheels; lame, ffmpeg and flac, which make the
# other tools' files the decoder tests read; mpg123 and flac, the reference decoders the
# differential tests compare with; headless Chromium and its driver for the status page's browser test;
# Debian's onnx, which builds the small models the inference tests run), then `mvn -B verify` with
# any extra arguments given, then builds and runs samples/consumer (scripts/build-sample.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
/usr/bin/python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
/usr/bin/python3 -c 'import setuptools, wheel' 2>/dev/null || missing+=(python3-setuptools python3-wheel)
command -v lame >/dev/null || missing+=(lame)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v mpg123 >/dev/null || missing+=(mpg123)
command -v flac >/dev/null || missing+=(flac)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mvn -B verify "$@"

# A project outside the build that uses the installed core, as a user's project does.
scripts/build-sample.sh
