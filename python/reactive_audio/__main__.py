"""``python -m reactive_audio HOST:PORT ...``: receives a stream and prints its rate and checksum."""
import sys

from .client import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m reactive_audio"))
