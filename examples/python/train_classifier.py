#!/usr/bin/env python3
"""Trains a small PyTorch classifier on log-mel batches served by ``reactive-audio serve``.

Two servers (or two streams of one server) feed it: one serves the training files, the other the
held-out files, both as log-mel features with labels from the corpus's folders (the same folder
names on both sides, so the same class numbers)::

    java -jar examples/target/reactive-audio.jar serve corpus/train --port 7070 --mono \\
        --sample-rate 16000 --frame 32000 --batch 16 --features logmel --n-mels 64
    java -jar examples/target/reactive-audio.jar serve corpus/heldout --port 7071 --mono \\
        --sample-rate 16000 --frame 32000 --batch 16 --features logmel --n-mels 64 --epochs 1
    python examples/python/train_classifier.py --train 127.0.0.1:7070 --eval 127.0.0.1:7071 \\
        --classes 3 --steps 300 --eval-every 25 --png curves.png --json result.json

It trains for exactly ``--steps`` batches (the training stream's epochs follow one another), and
every ``--eval-every`` steps, and after the last, reads one whole epoch of the held-out stream
(``--eval-batches`` caps it) and counts the items classified right. A batch's items repeated to
fill a rank's last batch (metadata ``padding``) are left out of the held-out count, and the
report says how many. With ``--seed`` the model's initial weights, the server's shuffle and
cropping and so the whole run are fixed.

Writes, as asked: ``--png`` a picture of the training loss (each step, and its running mean) and
of the held-out accuracy against the steps, with chance marked; ``--json`` the numbers: the
loss of each step, each evaluation's step, loss, accuracy and item count, and the chance level.
Prints one line per evaluation.

Needs torch and numpy (``pip install './python[torch]'``), matplotlib for ``--png``
(``pip install './python[examples]'``), and the client package ``reactive_audio``
(``python/``), or the copied ``reactive_audio_client.py`` beside this script. Runs on the CPU
unless ``--device`` names another. Single-threaded as far as the client goes: one thread
iterates each stream.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

import numpy as np
import torch
from torch import nn

try:
    from reactive_audio import Client
except ImportError:  # the copied one-file client beside this script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from reactive_audio_client import Client


class LogMelClassifier(nn.Module):
    """A small convolutional network over one log-mel matrix per item.

    Input ``(B, bins, frames)`` float32 (the server's ``features`` tensor, layout
    ``BINS_FRAMES``, mono); output ``(B, classes)`` logits. Each item is standardised on its
    own (mean 0, deviation 1 over the matrix), so the loudness of a file does not decide; group
    normalisation, not batch normalisation, so that a held-out item is scored as in training
    whatever the batch around it.
    """

    def __init__(self, classes: int, width: int = 16) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.GroupNorm(4, width), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.GroupNorm(4, 2 * width), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.GroupNorm(4, 4 * width), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.classify = nn.Linear(4 * width, classes)

    def forward(self, logmel: torch.Tensor) -> torch.Tensor:
        mean = logmel.mean(dim=(1, 2), keepdim=True)
        std = logmel.std(dim=(1, 2), keepdim=True).clamp_min(1e-5)
        x = ((logmel - mean) / std).unsqueeze(1)
        return self.classify(self.features(x).flatten(1))


def tensors(batch: Dict[str, np.ndarray], device: torch.device) -> Dict[str, torch.Tensor]:
    """The batch's features ``(B, bins, frames)`` and labels ``(B,)``, copied out of the receive buffer.

    :raises ValueError: if the batch is not a mono log-mel batch in ``BINS_FRAMES`` layout, or
        has an unlabelled item (label -1)
    """
    meta = batch.metadata
    if meta.get("kind") != "features" or meta.get("layout") != "BINS_FRAMES" or batch["features"].ndim != 3:
        raise ValueError("expected mono feature batches (B, bins, frames): serve with --features logmel --mono; "
                         "got kind %s, layout %s, axes %s" % (meta.get("kind"), meta.get("layout"), meta.get("axes")))
    labels = batch["labels"]
    if (labels < 0).any():
        raise ValueError("an item has no label (-1): serve a corpus whose files sit in label folders")
    return {"features": torch.from_numpy(batch["features"].copy()).to(device),
            "labels": torch.from_numpy(labels.astype(np.int64)).to(device)}


def training_batches(client: Client, device: torch.device) -> Iterator[Dict[str, torch.Tensor]]:
    """The training stream's batches as tensors, epoch after epoch, until the stream ends."""
    for batch in client:
        yield tensors(batch, device)


def evaluate(model: nn.Module, address: str, stream: str, token: Optional[str], seed: int, max_batches: int,
             classes: int, device: torch.device) -> Dict[str, float]:
    """One epoch of the held-out stream (at most ``max_batches`` batches): mean loss and accuracy.

    Items the server repeated to fill its last batch (metadata ``padding``) are not counted;
    their number is returned as ``padding_items``.
    """
    model.eval()
    loss_sum = 0.0
    right = 0
    items = 0
    padded = 0
    batches = 0
    with torch.no_grad(), Client(address, stream=stream, seed=seed, epochs=1, token=token) as client:
        for batch in client:
            pad = int(batch.metadata.get("padding", "0"))
            t = tensors(batch, device)
            keep = t["labels"].shape[0] - pad
            logits = model(t["features"][:keep])
            if logits.shape[1] != classes:
                raise ValueError("the model has %d classes" % logits.shape[1])
            labels = t["labels"][:keep]
            if int(labels.max()) >= classes:
                raise ValueError("label %d but --classes %d: give the number of label folders"
                                 % (int(labels.max()), classes))
            loss_sum += float(nn.functional.cross_entropy(logits, labels, reduction="sum"))
            right += int((logits.argmax(dim=1) == labels).sum())
            items += keep
            padded += pad
            batches += 1
            if batches >= max_batches:
                break
    model.train()
    if items == 0:
        raise ValueError("the held-out stream %s at %s gave no items" % (stream, address))
    return {"loss": loss_sum / items, "accuracy": right / items, "items": items, "padding_items": padded,
            "batches": batches}


def running_mean(values: Sequence[float], window: int) -> List[float]:
    """The mean of each value and up to ``window - 1`` values before it."""
    out = []
    total = 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        out.append(total / min(i + 1, window))
    return out


def plot(result: Dict[str, object], path: str, title: str) -> None:
    """Writes a PNG: training loss per step (and its running mean), held-out loss, and held-out accuracy."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    losses = result["train_loss"]
    evals = result["evaluations"]
    steps = np.arange(1, len(losses) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), dpi=100)
    left.plot(steps, losses, color="#9ecae1", linewidth=0.8, label="training loss (each step)")
    left.plot(steps, running_mean(losses, 20), color="#08519c", linewidth=1.6, label="training loss (mean of 20)")
    left.plot([e["step"] for e in evals], [e["loss"] for e in evals], "o-", color="#d94801", markersize=3,
              label="held-out loss")
    left.set_xlabel("step (batch)")
    left.set_ylabel("cross-entropy")
    left.set_ylim(bottom=0)
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    right.plot([e["step"] for e in evals], [100 * e["accuracy"] for e in evals], "o-", color="#238b45",
               markersize=3, label="held-out accuracy")
    right.axhline(100 * result["chance"], color="grey", linestyle="--", linewidth=1, label="chance")
    right.set_ylim(0, 100)
    right.set_xlabel("step (batch)")
    right.set_ylabel("accuracy (%)")
    right.legend(fontsize=8, loc="lower right")
    right.grid(alpha=0.3)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def train(args: argparse.Namespace) -> Dict[str, object]:
    """Runs the training and the evaluations; returns the numbers ``--json`` writes."""
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    token = Path(args.token_file).read_text().splitlines()[0].strip() if args.token_file else None
    model = LogMelClassifier(args.classes).to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-3)
    losses: List[float] = []
    evaluations: List[Dict[str, float]] = []
    started = time.monotonic()

    def held_out(step: int) -> None:
        e = evaluate(model, args.eval, args.eval_stream, token, args.seed, args.eval_batches, args.classes, device)
        e["step"] = step
        evaluations.append(e)
        recent = losses[-args.eval_every:]
        print("step %4d  training loss %s  held-out loss %.3f  accuracy %5.1f%% of %d items  (%.0f s)"
              % (step, "%.3f" % (sum(recent) / len(recent)) if recent else "  -  ", e["loss"], 100 * e["accuracy"],
                 e["items"], time.monotonic() - started), flush=True)

    held_out(0)
    with Client(args.train, stream=args.stream, seed=args.seed, token=token) as client:
        batches = training_batches(client, device)
        for step in range(1, args.steps + 1):
            try:
                t = next(batches)
            except StopIteration:
                raise ValueError("the training stream ended after %d steps of %d: serve it without --epochs"
                                 % (step - 1, args.steps)) from None
            loss = nn.functional.cross_entropy(model(t["features"]), t["labels"])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
            if step % args.eval_every == 0 or step == args.steps:
                held_out(step)
    return {"steps": args.steps, "classes": args.classes, "chance": 1.0 / args.classes, "seed": args.seed,
            "train_loss": losses, "evaluations": evaluations, "seconds": time.monotonic() - started}


def arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Trains a small log-mel classifier on batches from reactive-audio servers.")
    p.add_argument("--train", required=True, metavar="HOST:PORT", help="server of the training files")
    p.add_argument("--stream", default="train", help="training stream name (default train)")
    p.add_argument("--eval", required=True, metavar="HOST:PORT", help="server of the held-out files")
    p.add_argument("--eval-stream", default="train", help="held-out stream name (default train)")
    p.add_argument("--classes", type=int, required=True, help="number of classes (label folders)")
    p.add_argument("--steps", type=int, default=300, help="training steps, one batch each (default 300)")
    p.add_argument("--eval-every", type=int, default=25, help="steps between evaluations (default 25)")
    p.add_argument("--eval-batches", type=int, default=1000, help="most held-out batches per evaluation")
    p.add_argument("--lr", type=float, default=3e-3, help="AdamW learning rate (default 0.003)")
    p.add_argument("--seed", type=int, default=0, help="seed of the weights and of both streams")
    p.add_argument("--token-file", help="file whose first line is the servers' bearer token")
    p.add_argument("--device", default="cpu", help="torch device (default cpu)")
    p.add_argument("--png", help="write the loss and accuracy curves to this PNG")
    p.add_argument("--title", default="log-mel classifier on served batches", help="the PNG's title")
    p.add_argument("--json", help="write the numbers to this JSON file")
    args = p.parse_args(argv)
    if args.classes < 2:
        p.error("--classes must be at least 2: %d" % args.classes)
    if args.steps < 1 or args.eval_every < 1 or args.eval_batches < 1:
        p.error("--steps, --eval-every and --eval-batches must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = arguments(argv)
    result = train(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    if args.png:
        plot(result, args.png, args.title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
