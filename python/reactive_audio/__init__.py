"""reactive-audio-client: receives batches from a reactive-audio server with numpy only.

Everything is defined in :mod:`reactive_audio.client` (the one module that is also the copyable
script ``reactive_audio_client.py``) and re-exported here::

    from reactive_audio import Client, TorchStream

``TorchStream`` imports torch on first use (the ``torch`` extra); the rest needs numpy alone.
``python -m reactive_audio HOST:PORT ...`` receives a stream and prints its rate and checksum.
"""
from __future__ import annotations

from typing import Any

from .client import (
    BATCH, CREDIT, DTYPES, END_OF_EPOCH, END_OF_STREAM, ERROR, ERROR_NAMES, HANDSHAKE, PROTOCOL_VERSION,
    RETRYABLE, WELCOME, Address, Allocate, Batch, Client, ConnectionLost, EndOfEpoch, KafkaAudioProducer,
    Position, ProtocolError, ReactiveAudioError, ServerError, __version__, decode_audio_record, encode_audio_record,
    encode_credit, encode_handshake, main, parse_address, parse_batch,
)

__all__ = [
    "Address", "Allocate", "Batch", "Client", "ConnectionLost", "EndOfEpoch", "Position", "ProtocolError",
    "ReactiveAudioError", "ServerError", "TorchStream", "KafkaAudioProducer", "encode_audio_record",
    "decode_audio_record", "encode_credit", "encode_handshake", "main",
    "parse_address", "parse_batch", "PROTOCOL_VERSION", "HANDSHAKE", "CREDIT", "WELCOME", "BATCH",
    "END_OF_EPOCH", "END_OF_STREAM", "ERROR", "ERROR_NAMES", "RETRYABLE", "DTYPES", "__version__",
]


def __getattr__(name: str) -> Any:
    """``TorchStream``, defined by :mod:`reactive_audio.client` when first asked for (it imports torch)."""
    if name == "TorchStream":
        from . import client
        return client.TorchStream
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
