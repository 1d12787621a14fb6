#!/usr/bin/env bash
# Makes (or brings up to date) a Python virtual environment at DIR with this folder's package,
# reactive-audio-client, installed by pip without the network. Two kinds:
#
#   python/setup-venv.sh DIR
#       current libraries: a venv of `python3` (or $PYTHON) with numpy 2.x, torch (CPU) and
#       safetensors (and matplotlib, for the training example), installed with the package's
#       [torch,test,examples] extras from the wheel directories
#       $WHEELS (default: this machine image's /opt/wheels /opt/pypi/files /opt/pypi-more/files);
#       torch as $TORCH (default torch==2.13.0+cpu, the CPU wheel the image ships for Python 3.11).
#   python/setup-venv.sh --debian DIR
#       Debian's: a venv of /usr/bin/python3 that sees Debian's packages (python3-numpy, and
#       python3-torch when installed) and gets the package alone, built with Debian's setuptools
#       and wheel (python3-venv, python3-setuptools, python3-wheel); pip installs nothing else.
#
# The venv is made once; every run reinstalls the package from this folder (pip always rebuilds a
# local folder), so DIR/bin/python imports the current source, and checks the dependencies. Exits 3, having installed nothing, when none of $WHEELS
# exists (a machine without the image's wheels), 1 on any other failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
debian=false
if [ "${1:-}" = "--debian" ]; then
  debian=true
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--debian] DIR" >&2
  exit 1
fi
dir=$1

if $debian; then
  if [ ! -x "$dir/bin/python" ]; then
    /usr/bin/python3 -m venv --system-site-packages "$dir"
  fi
  "$dir/bin/python" -m pip install --quiet --no-index --no-build-isolation "$here"
  exit 0
fi

links=()
for wheels in ${WHEELS:-/opt/wheels /opt/pypi/files /opt/pypi-more/files}; do
  if [ -d "$wheels" ]; then
    links+=(--find-links "$wheels")
  fi
done
if [ ${#links[@]} -eq 0 ]; then
  echo "none of the wheel directories exists: ${WHEELS:-/opt/wheels /opt/pypi/files /opt/pypi-more/files}" >&2
  exit 3
fi
if [ ! -x "$dir/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$dir"
fi
"$dir/bin/python" -m pip install --quiet --no-index "${links[@]}" "${TORCH:-torch==2.13.0+cpu}" "$here[torch,test,examples]"
