"""Live audio records for Kafka (docs/live.md, "Kafka"): the header names and values, the samples
in both encodings, what a malformed record says, and that the Kafka client is imported only by the
producer. The Java side decodes these same records from a real broker (PythonRecordsTest)."""
import subprocess
import sys
import unittest

import numpy as np

import reactive_audio as ra


class AudioRecordTest(unittest.TestCase):

    def test_a_record_is_keyed_by_its_stream_and_its_headers_say_how_to_read_it(self):
        key, value, headers = ra.encode_audio_record("mic-7", np.array([0.5, -0.25, 0.0, 1.0]), 3, 960, 16000,
                                                     channels=2, capture_unix_ns=42)

        self.assertEqual(b"mic-7", key)
        self.assertEqual([("ra.rate", b"16000"), ("ra.channels", b"2"), ("ra.encoding", b"s16le"),
                          ("ra.seq", b"3"), ("ra.position", b"960"), ("ra.capture_ns", b"42")], headers)
        self.assertEqual(np.array([16384, -8192, 0, 32767], dtype="<i2").tobytes(), value, "full scale clipped")

    def test_decoding_gives_back_the_samples_as_frames_by_channels(self):
        samples = np.linspace(-1, 1, 12, dtype=np.float32)
        for encoding, top, tolerance in (("f32le", 1, 0), ("s16le", 32767 / 32768, 1 / 32768)):
            record = ra.decode_audio_record(*ra.encode_audio_record("s", samples, 0, 0, 8000, 3, encoding))

            self.assertEqual((4, 3), record["samples"].shape)
            np.testing.assert_allclose(np.clip(samples, -1, top).reshape(4, 3), record["samples"], atol=tolerance)
            self.assertEqual(encoding, record["encoding"])

    def test_a_value_that_is_not_whole_frames_is_refused_with_its_size(self):
        key, value, headers = ra.encode_audio_record("s", np.zeros(4), 0, 0, 16000, channels=2)

        with self.assertRaisesRegex(ValueError, "7 bytes"):
            ra.decode_audio_record(key, value[:7], headers)
        with self.assertRaisesRegex(ValueError, "ra.seq missing"):
            ra.decode_audio_record(key, value, [h for h in headers if h[0] != "ra.seq"])

    def test_importing_the_client_imports_no_kafka_client(self):
        code = "import reactive_audio, sys; print('kafka' in sys.modules or 'confluent_kafka' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

        self.assertEqual("False", out.strip())


if __name__ == "__main__":
    unittest.main()
