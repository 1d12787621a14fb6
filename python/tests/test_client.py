"""Specification of the client (reactive_audio.client): the wire encodings, the batch parser,
scripted servers, and a real server (support.ServerTestCase).

Run them with ``DIR/bin/python -m unittest discover -s python/tests`` in an environment made by
``python/setup-venv.sh``, or from a checkout with ``PYTHONPATH=python python3 -m unittest discover
-s python/tests``; PythonClientTest (reactive-audio-netty) runs them against a real server.
"""
import base64
import importlib.metadata
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zlib

import numpy as np

import reactive_audio as rac
from support import SMALL, ServerTestCase, blob

try:
    import torch
except ImportError:
    torch = None

INSTALLED = os.path.realpath(rac.__file__).startswith(os.path.realpath(sys.prefix) + os.sep)
"""Whether the package under test is installed in this environment, not imported from the source folder."""


class PackageTest(unittest.TestCase):

    def test_the_package_is_the_client_module_and_importing_it_imports_no_torch(self):
        import reactive_audio.client as client
        for name in rac.__all__:
            if name != "TorchStream":  # defined on first use, when torch imports
                self.assertIs(getattr(rac, name), getattr(client, name), name)
        code = "import sys, reactive_audio; print('torch' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        self.assertEqual(out, "False\n")

    def test_python_dash_m_reactive_audio_answers_help_and_version(self):
        help_text = subprocess.run([sys.executable, "-m", "reactive_audio", "--help"], check=True,
                                   capture_output=True, text=True).stdout
        self.assertTrue(help_text.startswith("usage: python -m reactive_audio [-h] [--stream STREAM]"), help_text)
        for option in ("--batches", "--token-file", "--tls-ca", "--prefetch", "--seed", "--rank", "--world-size",
                       "--epoch", "--epochs", "--no-checksum", "--json"):
            self.assertIn(option, help_text)
        version = subprocess.run([sys.executable, "-m", "reactive_audio", "--version"], check=True,
                                 capture_output=True, text=True).stdout
        self.assertEqual(version, "python -m reactive_audio %s\n" % rac.__version__)

    @unittest.skipUnless(INSTALLED, "the package is not installed here (imported from the source folder)")
    def test_the_installed_package_has_the_command_reactive_audio_client(self):
        command = shutil.which("reactive-audio-client", path=os.path.dirname(sys.executable))
        self.assertIsNotNone(command)
        version = subprocess.run([command, "--version"], check=True, capture_output=True, text=True).stdout
        self.assertEqual(version, "reactive-audio-client %s\n" % rac.__version__)
        self.assertEqual(importlib.metadata.version("reactive-audio-client"), rac.__version__)

    @unittest.skipIf(torch is not None, "torch is installed")
    def test_without_torch_asking_for_the_torch_stream_says_it_needs_torch(self):
        with self.assertRaisesRegex(AttributeError, "TorchStream needs torch"):
            rac.TorchStream


class WireEncodingTest(unittest.TestCase):

    def test_a_handshake_is_the_documented_fields_in_order_behind_an_8_byte_header(self):
        frame = rac.encode_handshake("train", rank=1, world_size=2, seed=-5, epoch=3, epochs=4,
                                     resume=b"CK", token=b"tok")
        length, kind = struct.unpack_from("<IB", frame)
        self.assertEqual((kind, length, len(frame)), (0x01, len(frame) - 8, len(frame)))
        self.assertEqual(frame[5:8], b"\0\0\0")
        body = frame[8:]
        self.assertEqual(body[:4], b"RAUD")
        self.assertEqual(struct.unpack_from("<HH", body, 4), (1, 5))
        self.assertEqual(body[8:13], b"train")
        self.assertEqual(struct.unpack_from("<IIqQQI", body, 13), (1, 2, -5, 3, 4, 2))
        self.assertEqual(body[13 + 36:], b"CK" + struct.pack("<H", 3) + b"tok")

    def test_a_credit_is_a_u32_and_grants_at_least_one_batch(self):
        self.assertEqual(rac.encode_credit(7), struct.pack("<IB3xI", 4, 0x02, 7))
        with self.assertRaises(ValueError):
            rac.encode_credit(0)

    def test_addresses_are_host_colon_port(self):
        self.assertEqual(rac.parse_address("127.0.0.1:7070"), ("127.0.0.1", 7070))
        self.assertEqual(rac.parse_address("[::1]:80"), ("::1", 80))
        with self.assertRaises(ValueError):
            rac.parse_address("localhost")

    def test_server_errors_carry_their_code_and_name_and_only_the_servers_own_state_is_retryable(self):
        self.assertEqual((rac.ServerError(6, "no").name, rac.ServerError(6, "no").retryable), ("UNAUTHORIZED", False))
        self.assertEqual([code for code in range(1, 15) if rac.ServerError(code, "").retryable], [5, 10, 13, 14])


class BatchParsingTest(unittest.TestCase):

    def test_tensors_are_views_of_the_buffer_with_their_shapes_and_metadata(self):
        checkpoint = b"\x01\x02resume"
        data = np.frombuffer(blob(SMALL, {"epoch": "2", "batch": "5",
                                          "checkpoint": base64.b64encode(checkpoint).decode()}), np.uint8).copy()

        batch = rac.Batch(data)

        self.assertEqual(sorted(batch), ["audio", "indices", "labels", "lengths", "ordinals"])
        for name, array in SMALL:
            np.testing.assert_array_equal(batch[name], array)
            self.assertEqual(batch[name].dtype, array.dtype)
            self.assertTrue(np.shares_memory(batch[name], data), name)
        self.assertEqual((batch.epoch, batch.number, batch.checkpoint), (2, 5, checkpoint))
        self.assertEqual(batch.nbytes, data.nbytes)

    def test_each_items_metadata_json_is_parsed_in_item_order_none_for_an_item_without(self):
        texts = json.dumps([json.dumps({"speaker": "ann", "text": "grüß dich\n"}), ""])
        batch = rac.Batch(blob(SMALL, {"epoch": "0", "item_metadata": texts}))
        self.assertEqual(batch.item_metadata, [{"speaker": "ann", "text": "grüß dich\n"}, None])
        self.assertEqual(rac.Batch(blob(SMALL, {"epoch": "0"})).item_metadata, [None, None])
        with self.assertRaises(rac.ProtocolError):
            rac.Batch(blob(SMALL, {"item_metadata": json.dumps(["{"])})).item_metadata
        with self.assertRaises(rac.ProtocolError):
            rac.Batch(blob(SMALL, {"item_metadata": json.dumps([""])})).item_metadata

    def test_the_payload_is_the_safetensors_blob_the_batch_was_read_from_without_a_copy(self):
        data = np.frombuffer(blob(SMALL, {"epoch": "0"}), np.uint8).copy()
        batch = rac.Batch(data)
        self.assertEqual(bytes(batch.payload), data.tobytes())
        self.assertEqual(batch.payload.nbytes, batch.nbytes)
        self.assertTrue(np.shares_memory(np.frombuffer(batch.payload, np.uint8), data))

    def test_the_checksum_is_the_crc32_of_the_tensors_bytes_in_wire_order(self):
        batch = rac.Batch(blob(SMALL, {}))
        expected = zlib.crc32(b"".join(array.tobytes() for _, array in SMALL))
        self.assertEqual(batch.crc32(), expected)
        self.assertEqual(batch.crc32(batch.crc32()), zlib.crc32(b"".join(a.tobytes() for _, a in SMALL * 2)))

    def test_a_copy_outlives_its_buffer(self):
        data = np.frombuffer(blob(SMALL, {}), np.uint8).copy()
        copy = rac.Batch(data).copy()
        data[:] = 0
        np.testing.assert_array_equal(copy["audio"], SMALL[-1][1])

    def test_offsets_that_do_not_match_the_shape_or_the_blob_are_refused(self):
        good = blob(SMALL, {})
        n = struct.unpack_from("<Q", good)[0]
        header = json.loads(good[8:8 + n])
        header["audio"]["shape"] = [2, 5, 1]
        text = json.dumps(header).encode()
        with self.assertRaises(rac.ProtocolError):
            rac.parse_batch(struct.pack("<Q", len(text)) + text + good[8 + n:])
        with self.assertRaises(rac.ProtocolError):
            rac.parse_batch(good[:-4])
        with self.assertRaises(rac.ProtocolError):
            rac.parse_batch(struct.pack("<Q", 1000) + b"{}")


def frame(kind, payload):
    return struct.pack("<IB3x", len(payload), kind) + payload


class ScriptedServerTest(unittest.TestCase):
    """Against a few lines of server that send a fixed script of frames."""

    def test_the_frames_before_the_servers_close_are_read_even_when_a_late_credit_is_refused(self):
        listener = socket.create_server(("127.0.0.1", 0))
        one = blob(SMALL, {"epoch": "0", "batch": "1"})

        def serve():
            connection, _ = listener.accept()
            with connection:
                connection.recv(1 << 16)  # the handshake and the first credit, unread beyond that
                connection.sendall(frame(0x81, struct.pack("<HIBQ", 1, 4, 0, 0)) + frame(0x82, one)
                                   + frame(0x82, one) + frame(0x83, struct.pack("<QQ", 0, 2)) + frame(0x84, b""))
                time.sleep(0.3)  # credits arrive unread, so closing answers them with a reset

        server = threading.Thread(target=serve)
        server.start()
        client = rac.Client(listener.getsockname(), reconnects=0)
        events = []
        for event in client.events():
            events.append(event)
            time.sleep(0.2)
        server.join()
        listener.close()

        self.assertEqual([type(e) for e in events], [rac.Batch, rac.Batch, rac.EndOfEpoch])
        self.assertEqual(events[-1], rac.EndOfEpoch(0, 2))
        self.assertEqual(client.connections, 1)
        self.assertTrue(client.ended)

    def test_an_error_frame_instead_of_welcome_raises_its_code(self):
        listener = socket.create_server(("127.0.0.1", 0))

        def serve():
            connection, _ = listener.accept()
            with connection:
                connection.recv(1 << 16)
                connection.sendall(frame(0xFF, struct.pack("<H", 7) + "no stream ✓".encode()))

        server = threading.Thread(target=serve)
        server.start()
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(rac.Client(listener.getsockname())))
        server.join()
        listener.close()
        self.assertEqual((raised.exception.code, raised.exception.name, raised.exception.message),
                         (7, "UNKNOWN_STREAM", "no stream ✓"))


class CuttableProxy:
    """A loopback TCP proxy whose connections can be cut at once, to simulate a lost network."""

    def __init__(self, port):
        self.upstream = ("127.0.0.1", port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.accepted += 1
                self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while True:
                data = source.recv(1 << 16)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        """Drops every open connection, with whatever bytes they had in flight."""
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self):
        self.listener.close()
        self.cut()


class ServerTest(ServerTestCase):

    def test_the_client_receives_exactly_the_batches_of_the_local_pipeline_for_the_same_seed(self):
        expected = self.expected(42)

        with self.client(seed=42, epochs=2) as client:
            received = self.received(client)

        self.assertEqual(received, expected)
        self.assertGreater(len(expected), 4)
        self.assertEqual(client.connections, 1)
        with self.client(seed=43, epochs=2) as other:
            self.assertNotEqual(self.received(other), expected)

    def test_each_rank_receives_its_shard(self):
        for rank in range(2):
            with self.client(seed=9, rank=rank, world_size=2, epochs=3) as client:
                self.assertEqual(self.received(client), self.expected(9, rank, 2, 3), "rank %d" % rank)

    def test_events_mark_the_end_of_each_epoch_after_its_batches(self):
        expected = self.expected(42)
        with self.client(seed=42, epochs=2) as client:
            events = list(client.events())
        ends = [e for e in events if isinstance(e, rac.EndOfEpoch)]
        self.assertEqual(ends, [rac.EndOfEpoch(e, sum(1 for b in expected if b[0] == e)) for e in (0, 1)])
        self.assertIsInstance(events[-1], rac.EndOfEpoch)
        epochs = [e.epoch for e in events if isinstance(e, rac.Batch)]
        self.assertEqual(epochs, sorted(epochs))

    def test_any_prefetch_depth_gives_the_same_batches_and_never_overflows_the_servers_credit(self):
        expected = self.expected(42)
        for prefetch in (1, 3, 1_000_000):
            with self.client(seed=42, epochs=2, prefetch=prefetch) as client:
                self.assertEqual(self.received(client), expected, "prefetch %d" % prefetch)
                self.assertGreaterEqual(client.max_credit, 1)

    def test_arrays_view_a_reused_buffer_unless_each_batch_gets_its_own(self):
        with self.client(seed=42, epochs=1) as client:
            batches = iter(client)
            first = next(batches)
            second = next(batches)
            self.assertTrue(np.shares_memory(first["audio"], second["audio"]))
        with self.client(seed=42, epochs=2, buffers=0) as client:
            kept = list(client)
        self.assertEqual(self.received(kept), self.expected(42))

    def test_after_dropped_connections_the_client_resumes_with_the_next_batch_none_lost_or_repeated(self):
        expected = self.expected(7)
        first_epoch = sum(1 for epoch, _ in expected if epoch == 0)
        cuts = {3, first_epoch, len(expected) - 2}
        proxy = CuttableProxy(int(self.server["address"].rpartition(":")[2]))
        try:
            received, ends = [], []
            with self.client("127.0.0.1:%d" % proxy.port, seed=7, epochs=2, prefetch=2, backoff=0.05) as client:
                for event in client.events():
                    if isinstance(event, rac.EndOfEpoch):
                        ends.append(event)
                        continue
                    received.append((event.epoch, event.crc32()))
                    if len(received) in cuts:
                        proxy.cut()
            self.assertEqual(received, expected)
            self.assertEqual(ends, [rac.EndOfEpoch(0, first_epoch), rac.EndOfEpoch(1, len(expected) - first_epoch)])
            self.assertEqual(proxy.accepted, 4)
            self.assertEqual(client.connections, 4)
            self.assertTrue(client.ended)
        finally:
            proxy.close()

    def test_a_new_client_resumes_from_a_saved_position(self):
        expected = self.expected(7)
        with self.client(seed=7, epochs=2) as client:
            first = [b.crc32() for _, b in zip(range(5), client)]
            position = client.position
        self.assertIsNotNone(position.resume)

        with self.client(seed=7, epoch=position.epoch, epochs=position.epochs, resume=position.resume) as rest:
            second = [b.crc32() for b in rest]

        self.assertEqual(first + second, [crc for _, crc in expected])

    def test_a_wrong_token_is_an_unauthorized_error_frame_and_is_not_retried(self):
        client = self.client(token="wrong", seed=42)
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(client))
        self.assertEqual((raised.exception.code, raised.exception.name), (6, "UNAUTHORIZED"))
        self.assertEqual(client.connections, 1)

    def test_an_unknown_stream_is_an_error_frame(self):
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(self.client(stream="no-such-stream")))
        self.assertEqual((raised.exception.code, raised.exception.name), (7, "UNKNOWN_STREAM"))

    def test_a_checkpoint_that_does_not_parse_is_a_bad_checkpoint_error(self):
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(self.client(seed=42, resume=b"not a checkpoint")))
        self.assertEqual(raised.exception.name, "BAD_CHECKPOINT")

    def test_a_checkpoint_of_another_seed_is_a_bad_checkpoint_error(self):
        with self.client(seed=42, epochs=1) as client:
            checkpoint = next(iter(client)).checkpoint
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(self.client(seed=43, resume=checkpoint)))
        self.assertEqual(raised.exception.name, "BAD_CHECKPOINT")

    def test_a_stream_whose_batches_carry_no_checkpoint_still_ends_each_epoch_once(self):
        stream = self.server["plain_stream"]
        with self.client(stream=stream["name"]) as client:
            events = list(client.events())
        per_epoch = stream["batches_per_epoch"]
        expected = []
        for epoch in range(stream["epochs"]):
            expected += ["batch %d" % epoch] * per_epoch + [rac.EndOfEpoch(epoch, per_epoch)]
        self.assertEqual([e if isinstance(e, rac.EndOfEpoch) else "batch %d" % e.epoch for e in events], expected)
        self.assertTrue(client.ended)

    def test_clients_of_a_shared_stream_each_get_a_part_and_together_every_batch_once(self):
        shared = self.server["shared_stream"]
        expected = self.expected(shared["seed"], epochs=shared["epochs"])
        parts = [[] for _ in range(3)]
        errors = []

        def pull(part):
            try:
                with self.client(stream=shared["name"], prefetch=1) as client:
                    part.extend((b.epoch, b.crc32()) for b in client)
                    self.assertTrue(client.shared)
            except Exception as e:  # reported below, from the test's thread
                errors.append(e)

        threads = [threading.Thread(target=pull, args=(part,)) for part in parts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(b for part in parts for b in part), sorted(expected))
        self.assertEqual(len(set(expected)), len(expected), "the local batches differ from one another")

    def test_over_tls_the_client_receives_the_same_batches_and_a_wrong_token_is_still_refused(self):
        tls = self.server["tls"]
        with self.client(tls["address"], tls=tls["ca"], seed=42, epochs=2, prefetch=2) as client:
            self.assertEqual(self.received(client), self.expected(42))
        with self.assertRaises(rac.ServerError) as raised:
            next(iter(self.client(tls["address"], tls=tls["ca"], token="guess")))
        self.assertEqual(raised.exception.name, "UNAUTHORIZED")

    def test_a_certificate_the_client_does_not_trust_fails_at_once_without_retrying(self):
        client = self.client(self.server["tls"]["address"], tls=True)
        with self.assertRaises(ssl.SSLCertVerificationError):
            next(iter(client))
        self.assertEqual(client.connections, 1)

    def test_a_lost_server_ends_in_connection_lost_after_the_reconnects(self):
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        listener.close()
        client = rac.Client("127.0.0.1:%d" % port, reconnects=2, backoff=0.01)
        with self.assertRaises(rac.ConnectionLost) as raised:
            next(iter(client))
        self.assertIsInstance(raised.exception.__cause__, ConnectionRefusedError)

    def test_python_dash_m_reactive_audio_prints_throughput_and_the_crc32_of_the_stream(self):
        expected = 0
        with self.client(seed=42, epochs=2) as client:
            for batch in client:
                expected = batch.crc32(expected)
        with tempfile.NamedTemporaryFile("w", suffix=".token") as token:
            token.write(self.server["token"] + "\n")
            token.flush()
            out = subprocess.run([sys.executable, "-m", "reactive_audio", self.server["address"], "--stream",
                                  self.server["stream"], "--seed", "42", "--epochs", "2", "--token-file",
                                  token.name, "--prefetch", "2", "--json"],
                                 check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        self.assertEqual(result["crc32"], "%08x" % expected)
        self.assertEqual(result["batches"], len(self.expected(42)))
        self.assertGreater(result["megabytes_per_second"], 0)
        self.assertGreaterEqual(result["cpu_seconds"], 0)

    def test_the_command_line_reports_a_refusal_in_one_line_with_exit_status_2(self):
        run = subprocess.run([sys.executable, "-m", "reactive_audio", self.server["address"]],
                             capture_output=True, text=True)  # no token
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertRegex(run.stderr, r"\Aerror: UNAUTHORIZED \(6\): [^\n]+\n\Z")


if __name__ == "__main__":
    unittest.main()
