#!/usr/bin/env python3
"""Builds the small ONNX models reactive-audio-onnx's tests run, and their reference outputs.

Usage: make-onnx-models.py OUT_DIR
       make-onnx-models.py --bench OUT_DIR   (only the benchmark's heavy encoder, 4.8 MB: not committed)

Needs onnx and numpy (Debian: python3-onnx, python3-numpy) and onnxruntime (the wheel; see
make-onnx-models.sh, which makes a venv with all three). Everything is drawn from fixed seeds, so
the files are the same on every run with the same library versions.

Models (opset 17, float32):
  conv-encoder.onnx  logmel (B, 40, T) -> embedding (B, 16): Conv1d(40->32, k3, pad 1), ReLU,
                     Conv1d(32->16, k3, pad 1), ReLU, mean over time. Fixed random weights.
  linear.onnx        embedding (B, 16) -> logits (B, 3) = embedding @ W + b.
  fixed-batch.onnx   x (4, 16), mask (4) -> y (4, 3) = (x @ W + b) * mask[:, None]: a fixed batch
                     dimension, fed padded batches with a row mask.
  energy.onnx        audio (B, T, C) -> energy (B, C): mean of the squared samples over time.
  conv-encoder-heavy.onnx (--bench only) logmel (B, 40, T) -> embedding (B, 256): six Conv1d layers
                     of 256 channels (k3), ReLU, mean over time: about 120 M multiply-adds per
                     second of audio, for docs/benchmarks.md's overlap run.

Reference data, as .npy: for each model its inputs (<model>.<input>.npy) and the outputs
(<model>.<output>.npy), the conv encoder's from onnxruntime, the others from numpy arithmetic
(and checked against onnxruntime here).
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
N_MELS = 40
HIDDEN = 32
EMBEDDING = 16
CLASSES = 3
FIXED_BATCH = 4


def weights(rng, shape, fan_in):
    return (rng.standard_normal(shape) / np.sqrt(fan_in)).astype(np.float32)


def save(model, path):
    onnx.checker.check_model(model)
    onnx.save(model, path)


def conv_encoder(rng):
    w1 = weights(rng, (HIDDEN, N_MELS, 3), N_MELS * 3)
    b1 = weights(rng, (HIDDEN,), HIDDEN)
    w2 = weights(rng, (EMBEDDING, HIDDEN, 3), HIDDEN * 3)
    b2 = weights(rng, (EMBEDDING,), EMBEDDING)
    nodes = [
        helper.make_node("Conv", ["logmel", "w1", "b1"], ["c1"], pads=[1, 1], kernel_shape=[3]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1], kernel_shape=[3]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("ReduceMean", ["r2"], ["embedding"], axes=[2], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "conv-encoder",
        [helper.make_tensor_value_info("logmel", TensorProto.FLOAT, ["batch", N_MELS, "frames"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBEDDING])],
        [numpy_helper.from_array(a, n) for a, n in ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def heavy_encoder(rng, layers=6, width=256):
    nodes, inits, previous, channels = [], [], "logmel", N_MELS
    for i in range(layers):
        w = weights(rng, (width, channels, 3), channels * 3)
        b = weights(rng, (width,), width)
        inits += [numpy_helper.from_array(w, "w%d" % i), numpy_helper.from_array(b, "b%d" % i)]
        nodes += [helper.make_node("Conv", [previous, "w%d" % i, "b%d" % i], ["c%d" % i], pads=[1, 1],
                                   kernel_shape=[3]),
                  helper.make_node("Relu", ["c%d" % i], ["r%d" % i])]
        previous, channels = "r%d" % i, width
    nodes.append(helper.make_node("ReduceMean", [previous], ["embedding"], axes=[2], keepdims=0))
    graph = helper.make_graph(
        nodes, "conv-encoder-heavy",
        [helper.make_tensor_value_info("logmel", TensorProto.FLOAT, ["batch", N_MELS, "frames"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", width])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def linear(w, b, batch):
    nodes = [
        helper.make_node("MatMul", ["embedding", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "linear",
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [batch, EMBEDDING])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [batch, CLASSES])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def fixed_batch(w, b):
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["z"]),
        helper.make_node("Unsqueeze", ["mask", "axis"], ["m"]),
        helper.make_node("Mul", ["z", "m"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes, "fixed-batch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [FIXED_BATCH, EMBEDDING]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, [FIXED_BATCH])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [FIXED_BATCH, CLASSES])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"),
         numpy_helper.from_array(np.array([1], dtype=np.int64), "axis")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def energy():
    nodes = [
        helper.make_node("Mul", ["audio", "audio"], ["squared"]),
        helper.make_node("ReduceMean", ["squared"], ["energy"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "energy",
        [helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["batch", "frames", "channels"])],
        [helper.make_tensor_value_info("energy", TensorProto.FLOAT, ["batch", "channels"])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def run(path, feeds):
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20)

    save(conv_encoder(rng), os.path.join(out, "conv-encoder.onnx"))
    logmel = rng.standard_normal((3, N_MELS, 50)).astype(np.float32)
    (embedding,) = run(os.path.join(out, "conv-encoder.onnx"), {"logmel": logmel})
    np.save(os.path.join(out, "conv-encoder.logmel.npy"), logmel)
    np.save(os.path.join(out, "conv-encoder.embedding.npy"), embedding)

    w = weights(rng, (EMBEDDING, CLASSES), EMBEDDING)
    b = weights(rng, (CLASSES,), CLASSES)
    save(linear(w, b, "batch"), os.path.join(out, "linear.onnx"))
    x = rng.standard_normal((5, EMBEDDING)).astype(np.float32)
    logits = x @ w + b
    (checked,) = run(os.path.join(out, "linear.onnx"), {"embedding": x})
    assert np.allclose(checked, logits, atol=1e-5), "onnxruntime and numpy disagree on the linear model"
    np.save(os.path.join(out, "linear.embedding.npy"), x)
    np.save(os.path.join(out, "linear.logits.npy"), logits)

    save(fixed_batch(w, b), os.path.join(out, "fixed-batch.onnx"))
    padded = np.zeros((FIXED_BATCH, EMBEDDING), dtype=np.float32)
    padded[:3] = x[:3]
    mask = np.array([1, 1, 1, 0], dtype=np.float32)
    (y,) = run(os.path.join(out, "fixed-batch.onnx"), {"x": padded, "mask": mask})
    assert np.allclose(y[:3], logits[:3], atol=1e-5) and not y[3].any(), "the fixed-batch model is wrong"

    save(energy(), os.path.join(out, "energy.onnx"))
    audio = rng.standard_normal((2, 100, 2)).astype(np.float32)
    (e,) = run(os.path.join(out, "energy.onnx"), {"audio": audio})
    assert np.allclose(e, (audio * audio).mean(axis=1), atol=1e-6), "the energy model is wrong"
    np.save(os.path.join(out, "energy.audio.npy"), audio)
    np.save(os.path.join(out, "energy.energy.npy"), (audio * audio).mean(axis=1).astype(np.float32))
    print("models and references in %s (onnx %s, onnxruntime %s)" % (out, onnx.__version__, onnxruntime.__version__))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        os.makedirs(sys.argv[2], exist_ok=True)
        save(heavy_encoder(np.random.default_rng(21)), os.path.join(sys.argv[2], "conv-encoder-heavy.onnx"))
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit("usage: make-onnx-models.py [--bench] OUT_DIR")
