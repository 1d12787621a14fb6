"""Specification of TorchStream: a torch IterableDataset of a served stream, in a DataLoader with
and without workers, with pin_memory, on static and shared streams. Skipped where torch is absent."""
import unittest
from typing import List, Sequence

import reactive_audio as ra
from support import ServerTestCase, crc32_in_wire_order

try:
    import torch
    from torch.utils.data import DataLoader
except ImportError:
    torch = None

NEEDS_TORCH = "torch is not installed"


def interleaves(received: Sequence[int], parts: Sequence[Sequence[int]]) -> bool:
    """Whether ``received`` is the parts' elements, each part's in its own order."""
    return sorted(received) == sorted(c for part in parts for c in part) and all(
        [c for c in received if c in set(part)] == list(part) for part in parts)


@unittest.skipIf(torch is None, NEEDS_TORCH)
class TorchStreamWithoutServerTest(unittest.TestCase):

    def test_workers_refuse_a_cuda_device_since_forked_workers_cannot_use_cuda(self):
        stream = ra.TorchStream("127.0.0.1:9", device="cuda")
        with self.assertRaisesRegex(RuntimeError, "yields CPU tensors"):
            next(iter(DataLoader(stream, batch_size=None, num_workers=1)))

    def test_several_workers_refuse_a_resume_checkpoint_which_belongs_to_one_rank(self):
        stream = ra.TorchStream("127.0.0.1:9", device="cpu", resume=b"checkpoint")
        with self.assertRaisesRegex(ValueError, "resume is a checkpoint of one rank"):
            next(iter(DataLoader(stream, batch_size=None, num_workers=2)))


@unittest.skipIf(torch is None, NEEDS_TORCH)
class TorchStreamTest(ServerTestCase):

    def stream(self, **options) -> "ra.TorchStream":
        return ra.TorchStream(self.server["address"], **self.options(**options))

    def crcs(self, loader) -> List[int]:
        out = []
        for batch in loader:
            self.assertEqual(batch["audio"].dtype, torch.float32)
            self.assertEqual(batch["audio"].device.type, "cpu")
            out.append(crc32_in_wire_order(batch))
        return out

    def test_a_dataloader_without_batching_yields_the_served_batches_as_cpu_tensors(self):
        stream = self.stream(device="cpu", seed=42, epochs=2)
        self.assertIsInstance(stream, torch.utils.data.IterableDataset)

        received = self.crcs(DataLoader(stream, batch_size=None))

        self.assertEqual(received, [crc for _, crc in self.expected(42)])
        self.assertEqual(stream.position.epoch, 2)
        self.assertTrue(stream.client.ended)

    def test_with_pin_memory_the_batches_arrive_intact_and_pinned_where_torch_has_an_accelerator(self):
        pinned = []
        received = []
        for batch in DataLoader(self.stream(seed=42, epochs=2, device="cpu"), batch_size=None, pin_memory=True):
            pinned += [tensor.is_pinned() for tensor in batch.values()]
            received.append(crc32_in_wire_order(batch))
        self.assertEqual(received, [crc for _, crc in self.expected(42)])
        # without an accelerator torch warns and leaves the tensors where they are
        self.assertEqual(set(pinned), {torch.cuda.is_available()})

    def test_a_worker_hands_over_every_batch_intact_though_it_receives_the_next_one_meanwhile(self):
        # the DataLoader pickles a worker's batch for the main process while the worker goes on
        received = self.crcs(DataLoader(self.stream(seed=42, epochs=2), batch_size=None, num_workers=1))
        self.assertEqual(received, [crc for _, crc in self.expected(42)])

    def test_each_dataloader_worker_takes_its_own_rank_and_together_they_make_the_trainers_share(self):
        # one trainer, two workers: ranks 0 and 1 of 2, each batch once, each rank's in its order
        received = self.crcs(DataLoader(self.stream(seed=9, epochs=3), batch_size=None, num_workers=2))
        ranks = [[crc for _, crc in self.expected(9, rank, 2, 3)] for rank in range(2)]
        self.assertTrue(interleaves(received, ranks), received)
        self.assertEqual(len(set(received)), len(received), "no batch twice")

        # trainer 1 of 2 with two workers: ranks 2 and 3 of 4
        received = self.crcs(DataLoader(self.stream(seed=9, rank=1, world_size=2, epochs=1), batch_size=None,
                                        num_workers=2))
        ranks = [[crc for _, crc in self.expected(9, rank, 4, 1)] for rank in (2, 3)]
        self.assertTrue(interleaves(received, ranks), received)

    def test_dataloader_workers_on_a_shared_stream_are_members_that_together_receive_every_batch_once(self):
        shared = self.server["shared_stream_for_workers"]
        expected = [crc for _, crc in self.expected(shared["seed"], epochs=shared["epochs"])]

        received = self.crcs(DataLoader(self.stream(stream=shared["name"], prefetch=1), batch_size=None,
                                        num_workers=2))

        self.assertEqual(sorted(received), sorted(expected))
        self.assertEqual(len(set(expected)), len(expected), "the local batches differ from one another")


if __name__ == "__main__":
    unittest.main()
