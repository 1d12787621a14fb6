"""What the tests share: hand-made safetensors blobs, and the real server PythonClientTest starts.

The tests against a real server need REACTIVE_AUDIO_TEST_SERVER: the path of a JSON file that
the Java test PythonClientTest (reactive-audio-netty) writes after starting a server on loopback:

    {"address": "127.0.0.1:PORT", "token": "...", "stream": "train",
     "plain_stream": {"name": "plain", "epochs": 2, "batches_per_epoch": 5},
     "features_stream": {"name": "features", "epochs": 1},
     "shared_stream": {"name": "shared", "seed": 5, "epochs": 2},
     "shared_stream_for_workers": {"name": "shared-workers", "seed": 5, "epochs": 2},
     "tls": {"address": "127.0.0.1:PORT", "ca": "server.crt"},
     "cases": [{"seed": 42, "rank": 0, "world_size": 1, "epochs": 2,
                "batches": [{"epoch": 0, "crc32": N}, ...]}, ...]}

where each case lists the batches the local pipeline makes for that seed and shard, with the
CRC-32 of each batch's data area. Each shared stream serves its epochs once, to the members
connected while it runs: one test uses each.
"""
from __future__ import annotations

import json
import os
import struct
import unittest
import zlib
from typing import Any, Dict, Iterable, List, Sequence, Tuple

import numpy as np

import reactive_audio as ra

SERVER = os.environ.get("REACTIVE_AUDIO_TEST_SERVER")
NEEDS_SERVER = "needs a server: REACTIVE_AUDIO_TEST_SERVER (run by PythonClientTest)"

WIRE_ORDER = ("indices", "ordinals", "labels", "lengths", "frame_lengths", "audio", "features")
"""The tensors in the order of a BATCH's data area (docs/protocol.md section 6)."""


def blob(tensors: Sequence[Tuple[str, np.ndarray]], metadata: Dict[str, str]) -> bytes:
    """A safetensors blob laid out as docs/protocol.md section 6 says."""
    header: Dict[str, Any] = {"__metadata__": metadata}
    offset = 0
    for name, array in tensors:
        header[name] = {"dtype": {"<f4": "F32", "<i4": "I32", "<i8": "I64"}[array.dtype.str],
                        "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(array.tobytes() for _, array in tensors)


SMALL = [("indices", np.array([3, 1], "<i8")), ("ordinals", np.array([0, 2], "<i8")),
         ("labels", np.array([1, -1], "<i4")), ("lengths", np.array([4, 2], "<i4")),
         ("audio", np.arange(8, dtype="<f4").reshape(2, 4, 1))]


def crc32_in_wire_order(arrays: Dict[str, Any]) -> int:
    """The CRC-32 of a batch's tensors (numpy arrays or CPU torch tensors) in wire order."""
    crc = 0
    for name in WIRE_ORDER:
        if name in arrays:
            array = arrays[name]
            crc = zlib.crc32(np.ascontiguousarray(array if isinstance(array, np.ndarray) else array.numpy()), crc)
    return crc


@unittest.skipUnless(SERVER, NEEDS_SERVER)
class ServerTestCase(unittest.TestCase):
    """A test against the server PythonClientTest started; ``self.server`` is its JSON."""

    server: Dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        with open(SERVER or "") as f:
            cls.server = json.load(f)

    def expected(self, seed: int, rank: int = 0, world_size: int = 1, epochs: int = 2) -> List[Tuple[int, int]]:
        """``(epoch, crc32)`` of each batch the local pipeline makes for that seed and shard."""
        for case in self.server["cases"]:
            if (case["seed"], case["rank"], case["world_size"], case["epochs"]) == (seed, rank, world_size, epochs):
                return [(b["epoch"], b["crc32"]) for b in case["batches"]]
        raise KeyError("no case for seed %d, rank %d/%d, %d epochs" % (seed, rank, world_size, epochs))

    def options(self, **options: Any) -> Dict[str, Any]:
        """Client options: the server's stream and token unless given, and a 60 s read timeout."""
        options.setdefault("stream", self.server["stream"])
        options.setdefault("token", self.server["token"])
        options.setdefault("timeout", 60)
        return options

    def client(self, address: Any = None, **options: Any) -> ra.Client:
        return ra.Client(address or self.server["address"], **self.options(**options))

    @staticmethod
    def received(batches: Iterable[ra.Batch]) -> List[Tuple[int, int]]:
        return [(b.epoch, b.crc32()) for b in batches]
