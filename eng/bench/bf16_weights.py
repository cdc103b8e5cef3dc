"""Write a safetensors shard of bf16 weights that look like a trained model's to a compressor.

    /usr/bin/python3 bf16_weights.py <path> <size in bytes> <seed>

Why: random bytes are incompressible, so a gzip layer of them is stored blocks, which gunzip copies at memory speed.
Real bf16 weights are not like that: the high byte (sign and 7 exponent bits) takes few values, the low byte (1 exponent
bit, 7 mantissa bits) is close to random, so gzip saves a fifth or so and gunzip does real Huffman decoding.

What is written: a valid safetensors file of exactly <size> bytes: the 8-byte header length, a JSON header padded with
spaces, then tensors of 8 Mi bf16 values (16 MiB; the last one shorter), each normally distributed around 0 with its
own standard deviation 0.02 * 2**u, u uniform in [-1.5, 1.5] (about 0.007 to 0.057: the spread of a transformer's
linear layers). Rounded to bf16 to nearest-even. Deterministic for a given seed. Needs Debian's python3-numpy.
"""
import json
import sys

import numpy as np

ELEMENTS_PER_TENSOR = 8 * 1024 * 1024


def header(data_bytes, pad_to):
    tensors, offset, index = {}, 0, 0
    while offset < data_bytes:
        n = min(ELEMENTS_PER_TENSOR * 2, data_bytes - offset)
        tensors[f"layers.{index}.weight"] = {"dtype": "BF16", "shape": [n // 2], "data_offsets": [offset, offset + n]}
        offset, index = offset + n, index + 1
    text = json.dumps({"__metadata__": {"format": "pt"}, **tensors}, separators=(",", ":")).encode()
    return text + b" " * (pad_to - len(text)) if pad_to else text


def main():
    path, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    # The header's length depends on the data's length, which depends on the header's: size it with room to spare,
    # then pad to that fixed length (an odd total gets one more space, so the data is whole bf16 values).
    room = len(header(size, 0)) + 64
    room += (room + size) % 2   # size - 8 - room must be even
    data_bytes = size - 8 - room
    head = header(data_bytes, room)
    assert len(head) == room and data_bytes % 2 == 0
    rng = np.random.default_rng(seed)
    with open(path, "wb") as out:
        out.write(len(head).to_bytes(8, "little"))
        out.write(head)
        left = data_bytes // 2
        while left:
            n = min(ELEMENTS_PER_TENSOR, left)
            values = rng.standard_normal(n, dtype=np.float32) * np.float32(0.02 * 2 ** rng.uniform(-1.5, 1.5))
            bits = values.view(np.uint32)
            out.write(((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2").tobytes())
            left -= n


if __name__ == "__main__":
    main()
