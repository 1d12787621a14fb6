"""Reads a safetensors file with numpy only, as docs/protocol.md section 6 describes, and prints
every tensor (dtype, shape, values as a flat list) and the metadata as JSON on stdout."""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "I32": np.dtype("<i4"), "I64": np.dtype("<i8")}


def parse(buf):
    n = struct.unpack_from("<Q", buf, 0)[0]
    if (8 + n) % 8:
        raise ValueError("header not padded to 8 bytes: %d" % n)
    header = json.loads(bytes(buf[8:8 + n]))
    meta = header.pop("__metadata__", {})
    arrays = {}
    spans = []
    for name, info in header.items():
        dtype = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = (end - begin) // dtype.itemsize
        if count != int(np.prod(info["shape"])):
            raise ValueError("%s: offsets do not match its shape" % name)
        arrays[name] = np.frombuffer(buf, dtype=dtype, count=count, offset=8 + n + begin).reshape(info["shape"])
        spans.append((begin, end))
    spans.sort()
    position = 0
    for begin, end in spans:
        if begin != position:
            raise ValueError("gap or overlap at byte %d" % begin)
        position = end
    if 8 + n + position != len(buf):
        raise ValueError("data area is %d bytes, tensors cover %d" % (len(buf) - 8 - n, position))
    return arrays, meta


def main(path):
    with open(path, "rb") as f:
        buf = f.read()
    arrays, meta = parse(buf)
    out = {"metadata": meta, "tensors": {}}
    for name, array in arrays.items():
        out["tensors"][name] = {"dtype": str(array.dtype), "shape": list(array.shape),
                                "values": array.ravel().tolist()}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
