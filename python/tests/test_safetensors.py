"""The safetensors library reads every BATCH payload to the tensors and metadata the client reads:
audio batches with checkpoints, hand-made batches without, and feature batches. Skipped where the
safetensors library is absent (Debian's python); its torch half where torch is absent."""
import os
import tempfile
import unittest

import numpy as np

import reactive_audio as ra
from support import ServerTestCase, crc32_in_wire_order

try:
    import safetensors
    import safetensors.numpy
except ImportError:
    safetensors = None

try:
    import torch
    import safetensors.torch
except ImportError:
    torch = None


@unittest.skipIf(safetensors is None, "the safetensors library is not installed")
class SafetensorsCrossCheckTest(ServerTestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.checked = 0

    def check(self, batch: ra.Batch) -> None:
        """Reads the batch's payload with safetensors (numpy and torch loaders, and a file opened
        with safe_open) and compares every tensor, its dtype and shape, and the metadata with ours."""
        payload = bytes(batch.payload)
        loaded = safetensors.numpy.load(payload)
        self.assertEqual(sorted(loaded), sorted(batch))
        for name, array in batch.items():
            self.assertEqual((loaded[name].dtype, loaded[name].shape), (array.dtype, array.shape), name)
            np.testing.assert_array_equal(loaded[name], array, err_msg=name)
        self.assertEqual(crc32_in_wire_order(loaded), batch.crc32())
        path = os.path.join(self.dir.name, "batch.safetensors")
        with open(path, "wb") as f:
            f.write(payload)
        with safetensors.safe_open(path, framework="numpy") as f:
            self.assertEqual(f.metadata(), batch.metadata)
            self.assertEqual(sorted(f.keys()), sorted(batch))
        if torch is not None:
            tensors = safetensors.torch.load(payload)
            for name, array in batch.items():
                self.assertTrue(torch.equal(tensors[name], torch.from_numpy(array)), name)
        self.checked += 1

    def test_every_audio_batch_of_the_pipeline_reads_the_same_with_safetensors(self):
        expected = self.expected(42)
        crcs = []
        with self.client(seed=42, epochs=2) as client:
            for batch in client:
                self.check(batch)
                crcs.append((batch.epoch, crc32_in_wire_order(safetensors.numpy.load(bytes(batch.payload)))))
                self.assertEqual(batch.metadata["kind"], "audio")
        self.assertEqual(crcs, expected, "the library's tensors are the local pipeline's")

    def test_every_hand_made_batch_without_checkpoint_reads_the_same_with_safetensors(self):
        plain = self.server["plain_stream"]
        with self.client(stream=plain["name"]) as client:
            for batch in client:
                self.check(batch)
                self.assertNotIn("checkpoint", batch.metadata)
        self.assertEqual(self.checked, plain["epochs"] * plain["batches_per_epoch"])

    def test_every_feature_batch_reads_the_same_with_safetensors(self):
        features = self.server["features_stream"]
        with self.client(stream=features["name"], epochs=features["epochs"]) as client:
            for batch in client:
                self.check(batch)
                self.assertEqual(batch.metadata["kind"], "features")
                self.assertEqual(batch["features"].ndim, 3)
                self.assertIn("frame_lengths", batch)
        self.assertGreater(self.checked, 1)


if __name__ == "__main__":
    unittest.main()
