#!/usr/bin/env python3
"""Repacks Debian's dom0 bzImage for Xen's dom0 builder: the same kernel,
its payload LZ4 instead of XZ.

Xen unpacks dom0's kernel itself (xen/arch/x86/bzimage.c: it reads the
boot header's payload_offset and payload_length and never runs the
bzImage's own decompressor).  Unpacking Debian's XZ payload (66 MB of
vmlinux) took Xen 3 s of the boot under QEMU/TCG; LZ4, which Debian's
cloud kernel uses for the same reason, unpacks many times faster.  The
result keeps the real-mode setup sectors and boot header, with the payload
(LZ4 legacy frames and the 4-byte unpacked size, as the kernel's own
Makefile writes them) right after them.  It is for Xen only: its
decompressor stub is gone, so "Linux without Xen" boots the original.

Usage: repack-dom0-kernel.py BZIMAGE OUT
"""
import lzma
import struct
import subprocess
import sys

HEADER_MAGIC = b"HdrS"


def fail(msg):
    sys.exit(f"repack-dom0-kernel: {msg}")


def main():
    if len(sys.argv) != 3:
        fail("usage: repack-dom0-kernel.py BZIMAGE OUT")
    src, out = sys.argv[1:]
    with open(src, "rb") as f:
        image = f.read()
    if image[0x202:0x206] != HEADER_MAGIC or struct.unpack_from("<H", image, 0x206)[0] < 0x208:
        fail(f"{src} is not a bzImage of boot protocol 2.08 or later; give Debian's vmlinuz.")
    setup_len = (image[0x1F1] or 4) * 512 + 512
    payload_offset, payload_length = struct.unpack_from("<II", image, 0x248)
    start = setup_len + payload_offset
    payload = image[start:start + payload_length]
    if not payload.startswith(b"\xfd7zXZ\x00"):
        fail(f"{src}'s payload is not XZ (starts {payload[:6].hex()}); this repacks only Debian's XZ kernels.")
    unpacked_size = struct.unpack("<I", payload[-4:])[0]
    vmlinux = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    if len(vmlinux) != unpacked_size or not vmlinux.startswith(b"\x7fELF"):
        fail(f"{src}'s payload unpacked to {len(vmlinux)} bytes, not the {unpacked_size}-byte ELF its trailer names.")
    lz4 = subprocess.run(["lz4", "-l", "-9", "-c", "-q"], input=vmlinux, stdout=subprocess.PIPE, check=True).stdout
    new_payload = lz4 + struct.pack("<I", len(vmlinux))
    header = bytearray(image[:setup_len])
    struct.pack_into("<II", header, 0x248, 0, len(new_payload))
    with open(out, "wb") as f:
        f.write(header)
        f.write(new_payload)


if __name__ == "__main__":
    main()
