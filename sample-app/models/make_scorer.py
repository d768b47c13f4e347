#!/usr/bin/env python3
"""Writes scorer.onnx, the sample application's model, with the Python standard library only.

The model scores rows of 4 features into 3 classes: Y = Relu(X . W1) . W2, with X float[N, 4],
W1 float[4, 1024], W2 float[1024, 3] and a dynamic batch dimension N. The hidden layer makes the
cost grow with N in a way one can see: a few rows take microseconds, tens of thousands of rows tens
of milliseconds. Weights are pseudo-random from a fixed seed, so the file is reproducible.

Usage: python3 make_scorer.py [OUTPUT]   (default: scorer.onnx next to this script)
"""
import os
import random
import struct
import sys

FEATURES, HIDDEN, CLASSES = 4, 1024, 3
IR_VERSION, OPSET = 8, 13
FLOAT = 1  # TensorProto.DataType.FLOAT


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, payload):
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def tensor(name, rows, cols, rng, scale):
    """TensorProto{dims=1, data_type=2, name=8, raw_data=9 (little-endian float32)}."""
    values = [rng.gauss(0.0, scale) for _ in range(rows * cols)]
    return (field_varint(1, rows) + field_varint(1, cols) + field_varint(2, FLOAT)
            + field_bytes(8, name) + field_bytes(9, struct.pack("<%df" % len(values), *values)))


def value_info(name, width):
    """ValueInfoProto for float[N, width]: TypeProto.tensor_type{elem_type, shape{dim N, dim width}}."""
    dims = field_bytes(1, field_bytes(2, "N")) + field_bytes(1, field_varint(1, width))
    tensor_type = field_varint(1, FLOAT) + field_bytes(2, dims)
    return field_bytes(1, name) + field_bytes(2, field_bytes(1, tensor_type))


def node(name, op_type, inputs, output):
    """NodeProto{input=1, output=2, name=3, op_type=4}."""
    return b"".join(field_bytes(1, i) for i in inputs) + field_bytes(2, output) + field_bytes(3, name) + field_bytes(4, op_type)


def model():
    rng = random.Random(20261123)
    graph = (field_bytes(1, node("hidden", "MatMul", ["X", "W1"], "H"))
             + field_bytes(1, node("relu", "Relu", ["H"], "R"))
             + field_bytes(1, node("scores", "MatMul", ["R", "W2"], "Y"))
             + field_bytes(2, "scorer")
             + field_bytes(5, tensor("W1", FEATURES, HIDDEN, rng, (2.0 / FEATURES) ** 0.5))
             + field_bytes(5, tensor("W2", HIDDEN, CLASSES, rng, (2.0 / HIDDEN) ** 0.5))
             + field_bytes(11, value_info("X", FEATURES))
             + field_bytes(12, value_info("Y", CLASSES)))
    opset = field_bytes(1, "") + field_varint(2, OPSET)
    return (field_varint(1, IR_VERSION) + field_bytes(2, "inferscope-sample-app")
            + field_bytes(7, graph) + field_bytes(8, opset))


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "scorer.onnx")
    with open(target, "wb") as out:
        out.write(model())
    print("wrote", target)
