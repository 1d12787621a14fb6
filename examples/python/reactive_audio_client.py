#!/usr/bin/env python3
"""Receives batches from a reactive-audio server (docs/protocol.md, version 1) with numpy only.

This one module is the whole client. Installed as the package ``reactive-audio-client`` it is
``reactive_audio.client`` (everything below is also importable from ``reactive_audio``); copied
alone it is the script ``reactive_audio_client.py`` (``examples/python/`` in the repository holds
that copy, byte for byte). Iterating a :class:`Client` yields one :class:`Batch` per BATCH frame: a
``dict`` of numpy arrays (``audio`` or ``features``, ``labels``, ``lengths``, ``indices``,
``ordinals``, ...) that are views of the receive buffer, so the bytes the kernel hands over are
copied exactly once (by ``socket.recv_into``) and never again::

    from reactive_audio import Client              # the copied script: from reactive_audio_client import Client

    with Client("gpu-feeder:7070", stream="train", rank=0, world_size=1, seed=42,
                token=open("token").read().strip(), prefetch=4) as client:
        for batch in client:
            train(batch["audio"], batch["labels"])       # (B, T, C) float32, (B,) int32

**Buffers.** Frames are read into a ring of ``buffers`` receive buffers (numpy ``uint8`` arrays,
grown when a frame is larger, kept otherwise). A batch's arrays stay valid until ``buffers`` more
batches have been read: with the default ``buffers=1``, until the next batch is asked for. Keep a
batch longer with ``batch.copy()``, or pass ``buffers=0`` to receive every batch into a fresh
buffer that lives as long as its arrays.

**Flow control.** ``prefetch`` is the client's outstanding credit: the server sends at most that
many batches ahead of the one being used (it is capped by the server's ``max_credit``; default:
that cap). One credit goes back each time the next batch is asked for, so a trainer that pauses
pauses the server's pipeline.

**Resume.** When the connection drops (or the server reports ``STREAM_FAILED`` or
``SHUTTING_DOWN``), the client reconnects up to ``reconnects`` times in a row and resumes after
the last batch it yielded, from that batch's checkpoint: none lost, none repeated. After an
epoch's last batch (which carries no checkpoint) it asks for the next epoch; so on a stream whose
batches carry no checkpoint at all (hand-made batch sources) a reconnection skips the rest of the
epoch. :attr:`Client.position` is that place, to save with a training checkpoint and give back as
``epoch=``/``resume=``/``epochs=`` in a later process.

**Errors.** An ERROR frame the server will answer the same way again (bad token, unknown stream,
...) raises :class:`ServerError` with its ``code`` and ``name``; a server that breaks the protocol
raises :class:`ProtocolError`; too many lost connections in a row raise :class:`ConnectionLost`.

**Checksum.** :meth:`Batch.crc32` is the CRC-32 (zlib's, ``java.util.zip.CRC32``'s) of the batch's
data area: its tensors' bytes in wire order (``indices``, ``ordinals``, ``labels``, ``lengths``,
``frame_lengths`` if any, then ``audio`` or ``features``). Chained over batches, it equals the
Java side's checksum of the same batches from the local pipeline.

**Safetensors.** :attr:`Batch.payload` is the BATCH payload as it came: a safetensors blob, which
``safetensors.numpy.load(bytes(batch.payload))`` reads to the same tensors, and which written to a
file is a ``.safetensors`` file with the same metadata.

**TLS.** ``tls=`` (an ``ssl.SSLContext``, True, or a PEM file of certificates to trust) speaks
TLS 1.2 or 1.3 from the first byte, as a server configured with a certificate expects.

**Torch.** ``TorchStream`` (present when torch imports; importing this module never imports
torch) is a ``torch.utils.data.IterableDataset`` yielding dicts of tensors, for
``DataLoader(stream, batch_size=None)`` with any number of workers, each taking its own rank of
the stream; on CUDA it receives into pinned buffers and copies them to the device asynchronously.

Run as a program, it receives a stream and prints batches/s, MB/s (10^6 bytes of BATCH payload
per second) and the chained CRC-32 of the batches (with ``--json`` also the CPU seconds the process
spent receiving them, all threads)::

    python -m reactive_audio HOST:PORT --stream NAME --batches K \\
        [--token-file F] [--prefetch N] [--seed S] [--rank R --world-size W] [--tls-ca PEM]
    python3 reactive_audio_client.py HOST:PORT ...        # the copied script, same options

Not thread-safe: one thread iterates a client.
"""
from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import socket
import ssl
import struct
import sys
import time
import zlib
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

__version__ = "0.1.0.dev0"

PROTOCOL_VERSION = 1

HANDSHAKE = 0x01
CREDIT = 0x02
WELCOME = 0x81
BATCH = 0x82
END_OF_EPOCH = 0x83
END_OF_STREAM = 0x84
ERROR = 0xFF

ERROR_NAMES = {
    1: "BAD_MAGIC", 2: "UNSUPPORTED_VERSION", 3: "MALFORMED_HANDSHAKE", 4: "HANDSHAKE_TOO_LARGE",
    5: "HANDSHAKE_TIMEOUT", 6: "UNAUTHORIZED", 7: "UNKNOWN_STREAM", 8: "BAD_REQUEST",
    9: "BAD_CHECKPOINT", 10: "TOO_MANY_CONNECTIONS", 11: "PROTOCOL_VIOLATION",
    12: "CREDIT_OVERFLOW", 13: "STREAM_FAILED", 14: "SHUTTING_DOWN",
}
RETRYABLE = frozenset({5, 10, 13, 14})

DTYPES: Dict[str, np.dtype] = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U64": np.dtype("<u8"), "U32": np.dtype("<u4"), "U16": np.dtype("<u2"), "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}

Address = Union[str, Tuple[str, int]]
"""``"host:port"``, ``"[::1]:port"`` or a ``(host, port)`` pair."""

Allocate = Callable[[int], np.ndarray]
"""``allocate(nbytes)``: a writable, C-contiguous uint8 numpy array of at least ``nbytes``."""

_HEADER = struct.Struct("<IB3x")
_WELCOME = struct.Struct("<HIBQ")
_END_OF_EPOCH = struct.Struct("<QQ")
_MAX_SMALL_FRAME = 1 << 16
_MSG_WAITALL = getattr(socket, "MSG_WAITALL", 0)
_LOG = logging.getLogger("reactive_audio")


class ReactiveAudioError(Exception):
    """Base of the errors this client raises."""


class ServerError(ReactiveAudioError):
    """An ERROR frame (docs/protocol.md section 8): ``code`` (int), ``name`` and ``message``."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.name = ERROR_NAMES.get(code, "UNKNOWN_%d" % code)
        self.message = message
        super().__init__("%s (%d): %s" % (self.name, code, message))

    @property
    def retryable(self) -> bool:
        """Whether a later connection may succeed: the server's side failed (STREAM_FAILED,
        SHUTTING_DOWN) or refused for its state at that moment (HANDSHAKE_TIMEOUT, TOO_MANY_CONNECTIONS)."""
        return self.code in RETRYABLE


class ProtocolError(ReactiveAudioError):
    """The server sent something docs/protocol.md does not allow."""


class ConnectionLost(ReactiveAudioError):
    """The connection was lost more than ``reconnects`` times in a row; ``__cause__`` is the last reason."""


class EndOfEpoch(NamedTuple):
    """The end of ``epoch``, after ``batches`` batches of it yielded by this client."""

    epoch: int
    batches: int


class Position(NamedTuple):
    """Where a client stands: the next batch is in ``epoch``, after checkpoint ``resume`` (bytes, or
    None at the start of the epoch); ``epochs`` are left (0: until the stream ends; see
    :attr:`Client.ended` for a stream that has ended)."""

    epoch: int
    resume: Optional[bytes]
    epochs: int


class Batch(Dict[str, np.ndarray]):
    """One batch: its tensors by name, as numpy views of the BATCH payload, and its metadata.

    Attributes: ``metadata`` (the safetensors ``__metadata__`` strings), ``epoch``, ``number``
    (1-based in its epoch), ``checkpoint`` (bytes to resume after it, or None), ``nbytes`` (the
    payload's size in bytes); :attr:`item_metadata` parses each item's metadata JSON.
    """

    def __init__(self, blob: Any) -> None:
        """Reads ``blob``, a buffer holding exactly one BATCH payload (see :func:`parse_batch`)."""
        arrays, metadata, data = parse_batch(blob)
        super().__init__(arrays)
        self.metadata: Dict[str, str] = metadata
        try:
            encoded = metadata.get("checkpoint")
            self.checkpoint: Optional[bytes] = base64.b64decode(encoded, validate=True) if encoded else None
            self.epoch = int(metadata.get("epoch", 0))
            self.number = int(metadata.get("batch", 0))
        except ValueError as e:
            raise ProtocolError("bad batch metadata %r: %s" % (metadata, e)) from None
        self.nbytes: int = memoryview(blob).nbytes
        self._blob = blob
        self._data = data

    @property
    def item_metadata(self) -> List[Any]:
        """Each item's metadata in item order (a shard sample's ``.json`` member, parsed), ``None``
        for an item without; all ``None`` when the server sent none (``item_metadata``, protocol
        section 6). Parsed at each access; raises :class:`ProtocolError` for text that is not JSON."""
        items = len(self["labels"]) if "labels" in self else 0
        texts = self.metadata.get("item_metadata")
        if not texts:
            return [None] * items
        try:
            parsed = [json.loads(t) if t else None for t in json.loads(texts)]
        except (TypeError, ValueError) as e:
            raise ProtocolError("bad item_metadata %r: %s" % (texts, e)) from None
        if len(parsed) != items:
            raise ProtocolError("item_metadata has %d entries for %d items" % (len(parsed), items))
        return parsed

    @property
    def payload(self) -> memoryview:
        """The BATCH payload, a safetensors blob: a byte view of the receive buffer, valid as long as
        the arrays (``bytes(batch.payload)`` to keep it, or to write a ``.safetensors`` file)."""
        return memoryview(self._blob).cast("B")

    def crc32(self, value: int = 0) -> int:
        """CRC-32 of the data area (every tensor's bytes, in wire order), continuing from ``value``."""
        return zlib.crc32(self._data, value)

    def copy(self) -> "Batch":
        """A batch with its own copies of the arrays, valid whatever is received later."""
        return Batch(np.frombuffer(self._blob, dtype=np.uint8).copy())

    def __repr__(self) -> str:
        shapes = ", ".join("%s%s" % (name, list(array.shape)) for name, array in self.items())
        return "Batch(epoch=%d, number=%d, %s)" % (self.epoch, self.number, shapes)


def encode_handshake(stream: str, rank: int = 0, world_size: int = 1, seed: int = 0, epoch: int = 0,
                     epochs: int = 0, resume: Optional[bytes] = b"", token: Optional[bytes] = b"") -> bytes:
    """The HANDSHAKE frame (section 3), header included; ``resume`` and ``token`` are bytes."""
    name = stream.encode("utf-8")
    if not 1 <= len(name) <= 255:
        raise ValueError("a stream name takes 1..255 bytes of UTF-8: %r" % stream)
    resume = resume or b""
    token = token or b""
    body = b"".join((b"RAUD", struct.pack("<HH", PROTOCOL_VERSION, len(name)), name,
                     struct.pack("<IIqQQI", rank, world_size, seed, epoch, epochs, len(resume)), resume,
                     struct.pack("<H", len(token)), token))
    return _HEADER.pack(len(body), HANDSHAKE) + body


def encode_credit(n: int) -> bytes:
    """A CREDIT frame (section 5) granting ``n`` batches."""
    if n < 1:
        raise ValueError("a credit grants at least 1 batch: %d" % n)
    return _HEADER.pack(4, CREDIT) + struct.pack("<I", n)


def parse_batch(buf: Any) -> Tuple[Dict[str, np.ndarray], Dict[str, str], memoryview]:
    """Reads a safetensors blob (section 6) without copying its tensors.

    ``buf`` is a writable or read-only buffer (numpy uint8 array, bytearray, memoryview, bytes)
    holding exactly the blob. Returns ``(arrays, metadata, data)``: numpy views of ``buf`` by
    name, the metadata strings, and a memoryview of the data area.
    """
    view = memoryview(buf).cast("B")
    size = len(view)
    if size < 8:
        raise ProtocolError("a safetensors blob has at least 8 bytes, not %d" % size)
    n = struct.unpack_from("<Q", view, 0)[0]
    if n > size - 8:
        raise ProtocolError("header size %d does not fit a blob of %d bytes" % (n, size))
    try:
        header = json.loads(bytes(view[8:8 + n]))
    except ValueError as e:
        raise ProtocolError("the safetensors header is not JSON: %s" % e) from None
    if not isinstance(header, dict):
        raise ProtocolError("the safetensors header is not an object")
    metadata = header.pop("__metadata__", None) or {}
    start = 8 + n
    data_bytes = size - start
    arrays = {}
    for name, info in header.items():
        try:
            dtype = DTYPES[info["dtype"]]
            begin, end = info["data_offsets"]
            shape = tuple(info["shape"])
        except (KeyError, TypeError, ValueError):
            raise ProtocolError("tensor %s: bad or unknown dtype, shape or data_offsets: %r" % (name, info)) from None
        count = 1
        for dim in shape:
            count *= dim
        if not 0 <= begin <= end <= data_bytes or end - begin != count * dtype.itemsize:
            raise ProtocolError("tensor %s: data_offsets %r do not fit shape %r and %d data bytes"
                                % (name, [begin, end], list(shape), data_bytes))
        arrays[name] = np.frombuffer(view, dtype=dtype, count=count, offset=start + begin).reshape(shape)
    return arrays, metadata, view[start:]


class _Buffers:
    """A ring of ``count`` receive buffers (0: a fresh one each time), each a uint8 numpy array."""

    def __init__(self, count: int, allocate: Allocate) -> None:
        if count < 0:
            raise ValueError("buffers must not be negative: %d" % count)
        self._slots: List[Optional[np.ndarray]] = [None] * count
        self._next = 0
        self._allocate = allocate

    def take(self, nbytes: int) -> np.ndarray:
        if not self._slots:
            return self._allocate(nbytes)
        i = self._next
        self._next = (i + 1) % len(self._slots)
        slot = self._slots[i]
        if slot is None or slot.nbytes < nbytes:
            self._slots[i] = None  # frees the smaller buffer before allocating its successor
            slot = self._slots[i] = self._allocate(nbytes)
        return slot[:nbytes]


def _empty(nbytes: int) -> np.ndarray:
    return np.empty(nbytes, dtype=np.uint8)


def _tls_context(tls: Union[None, bool, str, "os.PathLike[str]", ssl.SSLContext]) -> Optional[ssl.SSLContext]:
    if tls is None or tls is False:
        return None
    if isinstance(tls, ssl.SSLContext):
        return tls
    context = ssl.create_default_context(cafile=None if tls is True else os.fspath(tls))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def parse_address(address: Address) -> Tuple[str, int]:
    """``(host, port)`` from ``"host:port"``, ``"[::1]:port"`` or a ``(host, port)`` pair."""
    if not isinstance(address, str):
        host, number = address
        return host, int(number)
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError("an address is HOST:PORT, not %r" % address)
    return host.strip("[]"), int(port)


class Client:
    """A stream of batches from a reactive-audio server; iterate it for :class:`Batch` es.

    :param address: ``"host:port"`` or ``(host, port)``
    :param stream: the stream's name
    :param rank: this trainer's rank, ``0 <= rank < world_size``
    :param world_size: trainers sharing each epoch (static sharding)
    :param seed: seed of every random draw
    :param epoch: first epoch to serve, from 0
    :param epochs: epochs to serve from ``epoch``, 0 until the stream ends
    :param resume: checkpoint bytes (``Batch.checkpoint`` or ``Position.resume``) to start after,
        within ``epoch``; None to start at the epoch's beginning
    :param token: bearer token, str or bytes, or None
    :param prefetch: outstanding credit (batches in flight), at most the server's ``max_credit``;
        None for that maximum
    :param buffers: receive buffers in the ring; a batch's arrays stay valid until that many more
        batches are read; 0 gives each batch its own buffer
    :param reconnects: reconnections in a row before :class:`ConnectionLost`; 0 never reconnects
    :param backoff: seconds before the n-th reconnection in a row, times n
    :param connect_timeout: seconds to connect and receive WELCOME
    :param timeout: seconds a read may wait before the connection counts as lost; None waits forever
    :param tls: None for plain TCP; for TLS an ``ssl.SSLContext``, True to trust the system's
        certificate authorities, or the path of a PEM file of certificates to trust (the server's
        own, when self-signed); the server's name or address is checked against its certificate
    :param allocate: ``allocate(nbytes)`` returns a writable, C-contiguous uint8 numpy array of at
        least ``nbytes`` (e.g. in pinned memory); default ``numpy.empty``

    Attributes besides the parameters: ``max_credit`` and ``shared`` (from the server's WELCOME;
    None before the first connection) and ``connections`` (opened so far, reconnections included).
    """

    def __init__(self, address: Address, stream: str = "train", *, rank: int = 0, world_size: int = 1,
                 seed: int = 0, epoch: int = 0, epochs: int = 0, resume: Optional[bytes] = None,
                 token: Union[None, str, bytes] = None, prefetch: Optional[int] = None, buffers: int = 1,
                 reconnects: int = 5, backoff: float = 0.2, connect_timeout: float = 10.0,
                 timeout: Optional[float] = None,
                 tls: Union[None, bool, str, "os.PathLike[str]", ssl.SSLContext] = None,
                 allocate: Optional[Allocate] = None) -> None:
        if world_size < 1:
            raise ValueError("world_size must be at least 1: %d" % world_size)
        if not 0 <= rank < world_size:
            raise ValueError("rank %d is not in 0..%d (world_size %d)" % (rank, world_size - 1, world_size))
        if epoch < 0 or epochs < 0:
            raise ValueError("epoch and epochs must not be negative: %d, %d" % (epoch, epochs))
        if prefetch is not None and prefetch < 1:
            raise ValueError("prefetch must be at least 1: %d" % prefetch)
        if reconnects < 0:
            raise ValueError("reconnects must not be negative: %d" % reconnects)
        self.host, self.port = parse_address(address)
        self.stream = stream
        self.rank = rank
        self.world_size = world_size
        self.seed = seed
        self.token: bytes = token.encode("utf-8") if isinstance(token, str) else (token or b"")
        self.prefetch = prefetch
        self.reconnects = reconnects
        self.backoff = backoff
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.max_credit: Optional[int] = None
        self.shared: Optional[bool] = None
        self.connections = 0
        self._buffers = _Buffers(buffers, allocate or _empty)
        self._tls = _tls_context(tls)
        self._epoch = epoch
        self._resume = bytes(resume) if resume else None
        self._epochs_left: Optional[int] = epochs if epochs else None
        self._after_last = False
        self._counted: Dict[int, int] = {}
        self._sock: Optional[socket.socket] = None
        self._header = bytearray(_HEADER.size)

    @property
    def ended(self) -> bool:
        """Whether the stream has ended (END_OF_STREAM, or the requested epochs are done)."""
        return self._epochs_left == 0 or (self._after_last and self._epochs_left == 1)

    @property
    def position(self) -> Position:
        """The :class:`Position` after the last batch yielded: where a new client would resume."""
        if self._after_last:
            return Position(self._epoch + 1, None, max((self._epochs_left or 0) - 1, 0))
        return Position(self._epoch, self._resume, self._epochs_left or 0)

    def __iter__(self) -> Iterator[Batch]:
        for event in self.events():
            if isinstance(event, Batch):
                yield event

    def events(self) -> Iterator[Union[Batch, EndOfEpoch]]:
        """Yields each :class:`Batch` and an :class:`EndOfEpoch` after each epoch, until the stream ends."""
        failures = 0
        while True:
            if self._after_last:
                # the connection ended between an epoch's last batch and its END_OF_EPOCH
                epoch = self._epoch
                self._next_epoch(epoch)
                yield EndOfEpoch(epoch, self._counted.pop(epoch, 0))
            if self._epochs_left == 0:
                return
            try:
                for event in self._connection():
                    failures = 0
                    yield event
                return
            except ServerError as e:
                if not e.retryable:
                    raise
                cause: BaseException = e
            except ssl.SSLCertVerificationError:
                raise
            except (OSError, EOFError) as e:
                cause = e
            finally:
                self.close()
            failures += 1
            if failures > self.reconnects:
                raise ConnectionLost("connection to %s:%d lost %d times in a row"
                                     % (self.host, self.port, failures)) from cause
            _LOG.warning("connection to %s:%d lost (%r); reconnecting in %.2f s at epoch %d%s", self.host,
                         self.port, cause, self.backoff * failures, self.position.epoch,
                         " after a checkpoint" if self.position.resume else "")
            time.sleep(self.backoff * failures)

    def close(self) -> None:
        """Closes the connection, if open; iterating again reconnects from :attr:`position`."""
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> Iterator[Union[Batch, EndOfEpoch]]:
        """One connection's events; raises OSError/EOFError when it is lost."""
        self.close()
        sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        self._sock = sock
        self.connections += 1
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._tls is not None:
            sock = self._sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        sock.sendall(encode_handshake(self.stream, self.rank, self.world_size, self.seed, self._epoch,
                                      self._epochs_left or 0, self._resume, self.token))
        kind, length = self._read_header(sock)
        if kind == ERROR:
            raise self._error(sock, length)
        if kind != WELCOME or length != _WELCOME.size:
            raise ProtocolError("expected WELCOME, got frame type 0x%02x of %d bytes" % (kind, length))
        version, max_credit, flags, _ = _WELCOME.unpack(self._small(sock, length))
        if version != PROTOCOL_VERSION or max_credit < 1:
            raise ProtocolError("WELCOME with version %d, max_credit %d" % (version, max_credit))
        self.max_credit = max_credit
        self.shared = bool(flags & 1)
        sock.settimeout(self.timeout)
        window = min(self.prefetch or max_credit, max_credit)
        sock.sendall(encode_credit(window))
        credit: Optional[bytes] = encode_credit(1)
        while True:
            kind, length = self._read_header(sock)
            if kind == BATCH:
                buf = self._buffers.take(length)
                self._read_into(sock, buf.data)
                batch = Batch(buf)
                self._consumed(batch)
                yield batch
                if credit:
                    try:
                        sock.sendall(credit)
                    except OSError:
                        # the server has ended the stream and closed: its last frames may still be
                        # queued here, so read on; a lost connection shows when reading fails
                        credit = None
            elif kind == END_OF_EPOCH:
                if length != _END_OF_EPOCH.size:
                    raise ProtocolError("END_OF_EPOCH of %d bytes" % length)
                epoch, _ = _END_OF_EPOCH.unpack(self._small(sock, length))
                if self.shared or epoch >= self._epoch:
                    if not self.shared:
                        self._next_epoch(epoch)
                    yield EndOfEpoch(epoch, self._counted.pop(epoch, 0))
            elif kind == END_OF_STREAM:
                self._epochs_left = 0
                return
            elif kind == ERROR:
                raise self._error(sock, length)
            else:
                raise ProtocolError("unexpected frame type 0x%02x" % kind)

    def _consumed(self, batch: Batch) -> None:
        """Moves the position past ``batch`` (section 10)."""
        self._counted[batch.epoch] = self._counted.get(batch.epoch, 0) + 1
        if self.shared:
            return
        self._epoch = batch.epoch
        self._resume = batch.checkpoint
        # a batch without checkpoint is its epoch's last: a new connection starts the next epoch
        self._after_last = batch.checkpoint is None

    def _next_epoch(self, ended: int) -> None:
        self._epoch = ended + 1
        self._resume = None
        self._after_last = False
        if self._epochs_left is not None:
            self._epochs_left -= 1

    def _read_header(self, sock: socket.socket) -> Tuple[int, int]:
        self._read_into(sock, memoryview(self._header))
        length, kind = _HEADER.unpack(self._header)
        return kind, length

    def _small(self, sock: socket.socket, length: int) -> bytearray:
        if length > _MAX_SMALL_FRAME:
            raise ProtocolError("a control frame of %d bytes" % length)
        buf = bytearray(length)
        self._read_into(sock, memoryview(buf))
        return buf

    def _error(self, sock: socket.socket, length: int) -> ReactiveAudioError:
        payload = self._small(sock, length)
        if length < 2:
            return ProtocolError("an ERROR frame of %d bytes" % length)
        return ServerError(struct.unpack_from("<H", payload)[0], payload[2:].decode("utf-8", "replace"))

    def _read_into(self, sock: socket.socket, view: memoryview) -> None:
        flags = 0 if self._tls is not None else _MSG_WAITALL  # SSL sockets take no flags
        while view:
            n = sock.recv_into(view, len(view), flags)
            if n == 0:
                raise EOFError("the server closed the connection")
            view = view[n:]


# Kafka: live audio records (docs/live.md, "Kafka"). numpy only; a Kafka client is imported lazily.

KAFKA_RATE = "ra.rate"
KAFKA_CHANNELS = "ra.channels"
KAFKA_ENCODING = "ra.encoding"
KAFKA_SEQUENCE = "ra.seq"
KAFKA_POSITION = "ra.position"
KAFKA_CAPTURE = "ra.capture_ns"
_SAMPLE_DTYPES = {"s16le": np.dtype("<i2"), "f32le": np.dtype("<f4")}


def encode_audio_record(stream_id: str, samples: Any, sequence: int, position: int, sample_rate: int,
                        channels: int = 1, encoding: str = "s16le",
                        capture_unix_ns: Optional[int] = None) -> Tuple[bytes, bytes, List[Tuple[str, bytes]]]:
    """One chunk of one live stream as a Kafka record: ``(key, value, headers)``.

    ``samples``: float samples at full scale 1.0, shape ``(frames,)`` or ``(frames, channels)``
    (interleaved when flat); ``sequence``: the record's number in its stream (0, 1, 2, ...);
    ``position``: the stream position of its first frame, in frames; ``encoding``: ``s16le``
    (clipped to 16 bits) or ``f32le``; ``capture_unix_ns``: capture time of the first frame
    (default: now). The key is the stream id, so a stream stays in one partition, in order.
    """
    if encoding not in _SAMPLE_DTYPES:
        raise ValueError("encoding must be s16le or f32le, got %r" % (encoding,))
    flat = np.asarray(samples, dtype=np.float32).reshape(-1)
    if flat.size == 0 or flat.size % channels:
        raise ValueError("a record holds whole frames of %d channels, at least one: %d samples" % (channels, flat.size))
    if sequence < 0 or position < 0:
        raise ValueError("sequence and position must be non-negative: %d, %d" % (sequence, position))
    if encoding == "s16le":
        value = np.clip(np.round(flat * 32768.0), -32768, 32767).astype("<i2").tobytes()
    else:
        value = flat.astype("<f4").tobytes()
    capture = time.time_ns() if capture_unix_ns is None else int(capture_unix_ns)
    headers = [(KAFKA_RATE, b"%d" % sample_rate), (KAFKA_CHANNELS, b"%d" % channels),
               (KAFKA_ENCODING, encoding.encode("ascii")), (KAFKA_SEQUENCE, b"%d" % sequence),
               (KAFKA_POSITION, b"%d" % position), (KAFKA_CAPTURE, b"%d" % capture)]
    return stream_id.encode("utf-8"), value, headers


def decode_audio_record(key: bytes, value: bytes, headers: Sequence[Tuple[str, bytes]]) -> Dict[str, Any]:
    """The fields of a live audio record: ``stream_id``, ``sample_rate``, ``channels``, ``encoding``,
    ``sequence``, ``position``, ``capture_unix_ns`` and ``samples`` (float32, ``(frames, channels)``).
    Raises ValueError naming what is missing or malformed."""
    fields = {name: bytes(v).decode("ascii") for name, v in headers}
    for name in (KAFKA_RATE, KAFKA_CHANNELS, KAFKA_ENCODING, KAFKA_SEQUENCE, KAFKA_POSITION, KAFKA_CAPTURE):
        if name not in fields:
            raise ValueError("header %s missing" % name)
    encoding = fields[KAFKA_ENCODING]
    if encoding not in _SAMPLE_DTYPES:
        raise ValueError("%s %r is not s16le or f32le" % (KAFKA_ENCODING, encoding))
    channels = int(fields[KAFKA_CHANNELS])
    dtype = _SAMPLE_DTYPES[encoding]
    if not value or len(value) % (channels * dtype.itemsize):
        raise ValueError("the value, %d bytes, is not whole frames of %d bytes" % (len(value), channels * dtype.itemsize))
    samples = np.frombuffer(value, dtype=dtype).astype(np.float32)
    if encoding == "s16le":
        samples /= 32768.0
    return {"stream_id": key.decode("utf-8"), "sample_rate": int(fields[KAFKA_RATE]), "channels": channels,
            "encoding": encoding, "sequence": int(fields[KAFKA_SEQUENCE]), "position": int(fields[KAFKA_POSITION]),
            "capture_unix_ns": int(fields[KAFKA_CAPTURE]), "samples": samples.reshape(-1, channels)}


class KafkaAudioProducer:
    """Sends live audio to a Kafka topic as :func:`encode_audio_record` records, numbering each
    stream's records and placing each chunk right after the previous one::

        producer = KafkaAudioProducer("broker:9092", "audio-in", sample_rate=16000)
        producer.send("mic-7", chunk)                  # float32 at full scale 1.0, 20 ms say
        producer.flush()

    The Kafka client is imported here, not with the module: ``confluent_kafka`` if installed, else
    ``kafka`` (kafka-python). Or pass ``producer=``: any object with kafka-python's
    ``send(topic, key=, value=, headers=)`` or confluent-kafka's ``produce(topic, key=, value=, headers=)``.
    Not thread-safe.
    """

    def __init__(self, bootstrap: str, topic: str, sample_rate: int, channels: int = 1, encoding: str = "s16le",
                 producer: Any = None) -> None:
        self.topic = topic
        self.sample_rate = sample_rate
        self.channels = channels
        self.encoding = encoding
        self._cursors: Dict[str, List[int]] = {}
        self._producer = producer if producer is not None else _kafka_producer(bootstrap)

    def send(self, stream_id: str, samples: Any, capture_unix_ns: Optional[int] = None) -> None:
        """Sends ``samples`` as the next chunk of ``stream_id``."""
        cursor = self._cursors.setdefault(stream_id, [0, 0])
        key, value, headers = encode_audio_record(stream_id, samples, cursor[0], cursor[1], self.sample_rate,
                                                  self.channels, self.encoding, capture_unix_ns)
        if hasattr(self._producer, "produce"):
            self._producer.produce(self.topic, key=key, value=value, headers=headers)
        else:
            self._producer.send(self.topic, key=key, value=value, headers=headers)
        cursor[0] += 1
        cursor[1] += len(value) // (self.channels * _SAMPLE_DTYPES[self.encoding].itemsize)

    def flush(self) -> None:
        """Waits until every record sent was acknowledged."""
        self._producer.flush()


def _kafka_producer(bootstrap: str) -> Any:
    try:
        import confluent_kafka  # type: ignore[import-not-found]
        return confluent_kafka.Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    except ImportError:
        pass
    try:
        import kafka  # type: ignore[import-not-found]
        return kafka.KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    except ImportError as e:
        raise ImportError("KafkaAudioProducer needs confluent-kafka or kafka-python (or producer=)") from e


def __getattr__(name: str) -> Any:
    if name == "TorchStream":
        try:
            globals()["TorchStream"] = _torch_stream()
        except ImportError as e:
            raise AttributeError("TorchStream needs torch: %s" % e) from e
        return globals()["TorchStream"]
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def _torch_stream() -> type:
    """Defines TorchStream on first use, so importing this module never imports torch."""
    import torch

    class TorchStream(torch.utils.data.IterableDataset):
        """A ``torch.utils.data.IterableDataset`` of a reactive-audio stream: dicts of tensors.

        Use it with ``DataLoader(stream, batch_size=None)`` (the server makes the batches), or
        iterate it directly; each iteration opens a new connection from the options given, so a
        second pass over a DataLoader receives the same epochs again.

        **In the process that iterates it** (no DataLoader workers), on CUDA (``device`` a CUDA
        device, or None with CUDA present) batches are received into a ring of pinned host buffers
        and copied to the device on a side stream without blocking; the consumer's stream waits for
        each copy (do not add ``pin_memory=True``: the tensors are on the device already).
        Elsewhere the tensors are CPU views of the receive buffer, valid until the next batch as
        with :class:`Client` (pass ``buffers=0`` to keep them); ``pin_memory=True`` copies each
        into pinned memory (where torch has an accelerator; without one it warns and does nothing).
        :attr:`position` is where the last iteration stood.

        **In DataLoader workers** (``num_workers=N``), each worker opens its own connection and
        takes its own rank of the stream: worker ``i`` of a trainer of rank ``r`` in ``world_size``
        ``W`` takes rank ``r * N + i`` of ``W * N``. The server's ranks are contiguous ranges of
        the epoch, so the trainer's ``N`` workers together receive exactly the segments its rank
        ``r`` of ``W`` holds, in ``N`` shards of equal batch counts (each with its own padding).
        On a shared stream the ranks are ignored and each worker is one more member. Every batch
        is received into its own buffer (``buffers`` is set to 0), since the DataLoader hands a
        batch to the main process only after the worker has gone on to the next; its tensors stay
        on the CPU (CUDA cannot run in forked workers): move them in the training loop, with
        ``pin_memory=True`` for asynchronous copies. ``resume`` is refused with more than one
        worker (a checkpoint belongs to one rank), and :attr:`position` stays None in the main
        process.

        :param address: as for :class:`Client`
        :param device: ``"cuda"``, ``"cuda:1"``, ``"cpu"``, a ``torch.device``, or None for CUDA
            when available (in the iterating process; workers always use the CPU)
        :param options: the other :class:`Client` keywords (stream, rank, seed, prefetch, ...)
        """

        def __init__(self, address: Address, device: Union[None, str, "torch.device"] = None,
                     **options: Any) -> None:
            super().__init__()
            self.address = address
            self._device_given = device is not None
            self.device = torch.device(device) if device is not None else torch.device(
                "cuda" if torch.cuda.is_available() else "cpu")
            self.options = options
            self.client: Optional[Client] = None

        @property
        def position(self) -> Optional[Position]:
            """The :class:`Position` after the last batch yielded in this process, or None before any."""
            return self.client.position if self.client is not None else None

        def __iter__(self) -> Iterator[Dict[str, "torch.Tensor"]]:
            info = torch.utils.data.get_worker_info()
            if info is None:
                if self.device.type == "cuda":
                    return self._cuda()
                return self._cpu(self.options)
            if self._device_given and self.device.type != "cpu":
                raise RuntimeError("a TorchStream in DataLoader workers yields CPU tensors: give device=None "
                                   "or 'cpu', and move them to %s in the training loop" % self.device)
            if info.num_workers > 1 and self.options.get("resume"):
                raise ValueError("resume is a checkpoint of one rank; with %d DataLoader workers each worker "
                                 "is a rank of its own: resume with num_workers=0 or 1" % info.num_workers)
            options = dict(self.options)
            options["rank"] = options.get("rank", 0) * info.num_workers + info.id
            options["world_size"] = options.get("world_size", 1) * info.num_workers
            options["buffers"] = 0
            return self._cpu(options)

        def _cpu(self, options: Dict[str, Any]) -> Iterator[Dict[str, "torch.Tensor"]]:
            self.client = Client(self.address, **options)
            for batch in self.client:
                yield {name: torch.from_numpy(array) for name, array in batch.items()}

        def _cuda(self) -> Iterator[Dict[str, "torch.Tensor"]]:
            options = dict(self.options)
            options["buffers"] = 2
            options["allocate"] = lambda n: torch.empty(n, dtype=torch.uint8, pin_memory=True).numpy()
            self.client = Client(self.address, **options)
            copies = torch.cuda.Stream(self.device)
            previous = None
            for batch in self.client:
                with torch.cuda.stream(copies):
                    out = {name: torch.from_numpy(array).to(self.device, non_blocking=True)
                           for name, array in batch.items()}
                    done = torch.cuda.Event()
                    done.record(copies)
                consumer = torch.cuda.current_stream(self.device)
                consumer.wait_event(done)
                for tensor in out.values():
                    tensor.record_stream(consumer)
                if previous is not None:
                    previous.synchronize()  # its pinned buffer is the next one received into
                previous = done
                yield out

    return TorchStream


def _arguments(argv: Optional[Sequence[str]], prog: Optional[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description="Receive batches from a reactive-audio server "
                                                            "and print throughput and the CRC-32 of their data.")
    parser.add_argument("address", metavar="HOST:PORT")
    parser.add_argument("--stream", default="train", help="stream name (default train)")
    parser.add_argument("--batches", type=int, default=0, help="stop after K batches (default 0: the whole stream)")
    parser.add_argument("--token-file", help="file whose first line is the bearer token")
    parser.add_argument("--tls", action="store_true", help="speak TLS, trusting the system's certificate authorities")
    parser.add_argument("--tls-ca", metavar="PEM", help="speak TLS, trusting the certificates in this PEM file")
    parser.add_argument("--prefetch", type=int, help="outstanding credit (default: the server's max_credit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rank", type=int, default=0)
    parser.add_argument("--world-size", type=int, default=1)
    parser.add_argument("--epoch", type=int, default=0, help="first epoch (default 0)")
    parser.add_argument("--epochs", type=int, default=0, help="epochs to serve (default 0: until the stream ends)")
    parser.add_argument("--no-checksum", action="store_true", help="skip the CRC-32 (measures the transport alone)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--version", action="version", version="%(prog)s " + __version__)
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None, prog: Optional[str] = None) -> int:
    """The command line: receives a stream, prints its rate and checksum; returns the exit status
    (0, or 2 when the server refused or the connection was lost)."""
    args = _arguments(argv, prog)
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.readline().strip()
    client = Client(args.address, stream=args.stream, rank=args.rank, world_size=args.world_size,
                    seed=args.seed, epoch=args.epoch, epochs=args.epochs, token=token, prefetch=args.prefetch,
                    tls=args.tls_ca or args.tls or None)
    batches = 0
    payload = 0
    crc = 0
    first = None
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        for batch in client:
            if first is None:
                first = time.perf_counter() - start
            batches += 1
            payload += batch.nbytes
            if not args.no_checksum:
                crc = batch.crc32(crc)
            if batches == args.batches:
                break
    except ReactiveAudioError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    finally:
        client.close()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    result: Dict[str, Any] = {
        "batches": batches, "bytes": payload, "seconds": round(seconds, 6),
        "first_batch_seconds": round(first or 0.0, 6),
        "cpu_seconds": round(cpu, 6),
        "batches_per_second": round(batches / seconds, 3) if seconds > 0 else 0.0,
        "megabytes_per_second": round(payload / seconds / 1e6, 3) if seconds > 0 else 0.0,
        "crc32": None if args.no_checksum else "%08x" % crc,
        "connections": client.connections,
        "prefetch": client.max_credit and min(args.prefetch or client.max_credit, client.max_credit),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print("%d batches, %d bytes in %.3f s (first batch after %.3f s): %.1f batches/s, %.1f MB/s"
              % (batches, payload, seconds, result["first_batch_seconds"], result["batches_per_second"],
                 result["megabytes_per_second"]))
        if not args.no_checksum:
            print("crc32 %s" % result["crc32"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
