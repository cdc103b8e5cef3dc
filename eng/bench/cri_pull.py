"""Pull an image the way the kubelet does: one CRI ImageService/PullImage call to containerd's CRI plugin, which
fetches and unpacks inside the daemon (unlike `ctr images pull`, which fetches in its own process and streams every
byte to containerd over gRPC). Debian has no crictl; this needs only Debian's python3-grpcio.

    /usr/bin/python3 cri_pull.py <containerd socket> <image reference>

The two messages are encoded by hand from the CRI spec (k8s.io/cri-api, runtime.v1):
    PullImageRequest  { ImageSpec image = 1; ... }   ImageSpec { string image = 1; ... }
    PullImageResponse { string image_ref = 1; }
so no generated code or .proto file is needed.
"""
import sys

import grpc


def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def length_delimited(field, payload):
    return bytes([field << 3 | 2]) + varint(len(payload)) + payload


def first_string(message):
    """Field 1 of a message whose field 1 is a string (PullImageResponse.image_ref)."""
    if not message or message[0] != (1 << 3 | 2):
        return ""
    length, shift, i = 0, 0, 1
    while True:
        b = message[i]; i += 1
        length |= (b & 0x7F) << shift; shift += 7
        if not b & 0x80:
            return message[i:i + length].decode()


def main():
    socket, reference = sys.argv[1], sys.argv[2]
    request = length_delimited(1, length_delimited(1, reference.encode()))
    with grpc.insecure_channel(f"unix://{socket}") as channel:
        pull = channel.unary_unary("/runtime.v1.ImageService/PullImage")
        print(first_string(pull(request)))


if __name__ == "__main__":
    main()
