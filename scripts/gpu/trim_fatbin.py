#!/usr/bin/env python3
"""Copies an ELF shared library keeping only one GPU architecture's code in its .nv_fatbin section.

The payloads of fatbin entries (cubins and PTX) built for other architectures are overwritten with zeros; every
header, size and offset stays as it was, so the library loads as before and the driver picks the kept entries.
The zeros compress to nothing, which is the point: ONNX Runtime's CUDA provider carries code for six GPU
architectures. Exits 2 without writing anything unless the file is a little-endian ELF64 file whose .nv_fatbin
section is a run of fatbin containers (magic 0xBA55ED50, version 1) of PTX and cubin entries that end exactly at
their container's end.

  trim_fatbin.py IN OUT [--keep-arch 90]
  trim_fatbin.py --self-test
"""
import argparse
import os
import struct
import sys
import tempfile

ELF_MAGIC = b"\x7fELF"
FATBIN_MAGIC = 0xBA55ED50
CONTAINER_HEADER = struct.Struct("<IHHQ")  # magic, version, header size, size of the entries that follow
ENTRY_HEADER = struct.Struct("<HHIQ12xI")  # kind, unknown, header size, payload size, ..., arch (at offset 28)
ENTRY_HEADER_MIN = 64
KINDS = {1: "PTX", 2: "cubin"}
SECTION_HEADER = struct.Struct("<IIQQQQIIQQ")


class Malformed(Exception):
    pass


def find_section(data, name):
    """Returns (offset, size) in the file of the named section of a little-endian ELF64 file."""
    if len(data) < 64 or data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        raise Malformed("not a little-endian 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if shentsize != SECTION_HEADER.size or shoff + shnum * shentsize > len(data) or shstrndx >= shnum:
        raise Malformed("section header table out of bounds")
    headers = [SECTION_HEADER.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    strtab_offset, strtab_size = headers[shstrndx][4], headers[shstrndx][5]
    for sh_name, sh_type, _, _, offset, size, *_ in headers:
        end = data.find(b"\0", strtab_offset + sh_name, strtab_offset + strtab_size)
        if end >= 0 and data[strtab_offset + sh_name:end] == name.encode():
            if sh_type != 1 or offset + size > len(data):  # SHT_PROGBITS, stored in the file
                raise Malformed(f"section {name} is not file-backed PROGBITS within the file")
            return offset, size
    raise Malformed(f"no {name} section")


def parse_fatbin(data, start, size):
    """Returns the containers of a .nv_fatbin section: per container, a list of (kind, arch, payload offset, length)."""
    containers = []
    position, end = start, start + size
    while position < end:
        if data[position] == 0:  # zero padding between containers
            position += 1
            continue
        if position + CONTAINER_HEADER.size > end:
            raise Malformed(f"truncated fatbin header at {position:#x}")
        magic, version, header_size, fat_size = CONTAINER_HEADER.unpack_from(data, position)
        if magic != FATBIN_MAGIC or version != 1 or header_size < CONTAINER_HEADER.size:
            raise Malformed(f"unexpected fatbin header at {position:#x} (magic {magic:#x}, version {version})")
        entry, container_end = position + header_size, position + header_size + fat_size
        if container_end > end:
            raise Malformed(f"fatbin at {position:#x} runs past the section end")
        entries = []
        while entry < container_end:
            if entry + ENTRY_HEADER_MIN > container_end:
                raise Malformed(f"truncated entry header at {entry:#x}")
            kind, _, entry_header_size, payload_size, arch = ENTRY_HEADER.unpack_from(data, entry)
            if kind not in KINDS or entry_header_size < ENTRY_HEADER_MIN:
                raise Malformed(f"unexpected entry at {entry:#x} (kind {kind}, header size {entry_header_size})")
            payload = entry + entry_header_size
            if payload + payload_size > container_end:
                raise Malformed(f"entry at {entry:#x} runs past its fatbin's end")
            entries.append((kind, arch, payload, payload_size))
            entry = payload + payload_size
        containers.append(entries)
        position = container_end
    return containers


def trim(data, keep_arch):
    """Zeroes other architectures' payloads in data (a bytearray); returns the parsed containers and what was zeroed."""
    start, size = find_section(data, ".nv_fatbin")
    containers = parse_fatbin(data, start, size)
    zeroed = [(offset, length) for entries in containers for kind, arch, offset, length in entries if arch != keep_arch]
    for offset, length in zeroed:
        data[offset:offset + length] = bytes(length)
    return containers, zeroed


def verify(original, trimmed, containers, zeroed):
    """Checks that the zeroed payloads are zero, every other byte is unchanged, and the structure still parses alike."""
    if len(original) != len(trimmed):
        raise Malformed("size changed")
    previous = 0
    for offset, length in sorted(zeroed) + [(len(original), 0)]:
        if original[previous:offset] != trimmed[previous:offset]:
            raise Malformed(f"bytes outside the zeroed payloads changed between {previous:#x} and {offset:#x}")
        if trimmed[offset:offset + length].count(0) != length:
            raise Malformed(f"payload at {offset:#x} is not zero")
        previous = offset + length
    start, size = find_section(trimmed, ".nv_fatbin")
    if parse_fatbin(trimmed, start, size) != containers:
        raise Malformed("the trimmed fatbin parses differently")


def report(containers, zeroed, keep_arch):
    entries = [entry for container in containers for entry in container]
    kept = [entry for entry in entries if entry[1] == keep_arch]
    missing = sum(1 for container in containers if all(arch != keep_arch for _, arch, _, _ in container))
    print(f"{len(containers)} fatbins, {len(entries)} entries; archs: "
          + ", ".join(f"sm_{a} ({sum(1 for e in entries if e[1] == a)})" for a in sorted({e[1] for e in entries})))
    print(f"kept   {len(kept)} sm_{keep_arch} entries, {sum(e[3] for e in kept)} bytes")
    print(f"zeroed {len(zeroed)} entries, {sum(length for _, length in zeroed)} bytes")
    if missing:
        print(f"note: {missing} fatbins have no sm_{keep_arch} entry; their kernels cannot run on that GPU")


def trim_file(source, target, keep_arch):
    with open(source, "rb") as file:
        original = file.read()
    trimmed = bytearray(original)
    containers, zeroed = trim(trimmed, keep_arch)
    verify(original, trimmed, containers, zeroed)
    partial = target + ".partial"
    with open(partial, "wb") as file:
        file.write(trimmed)
    os.chmod(partial, os.stat(source).st_mode)
    os.replace(partial, target)
    report(containers, zeroed, keep_arch)


def synthetic_elf(containers, padding=8):
    """A minimal ELF64 file whose .nv_fatbin holds the given containers, each a list of (kind, arch, payload)."""
    fatbin = bytearray()
    for entries in containers:
        body = bytearray()
        for kind, arch, payload in entries:
            header = bytearray(ENTRY_HEADER_MIN)
            ENTRY_HEADER.pack_into(header, 0, kind, 0x101, ENTRY_HEADER_MIN, len(payload), arch)
            body += header + payload
        fatbin += CONTAINER_HEADER.pack(FATBIN_MAGIC, 1, CONTAINER_HEADER.size, len(body)) + body + bytes(padding)
    names = b"\0.nv_fatbin\0.shstrtab\0"
    fatbin_offset = 64
    names_offset = fatbin_offset + len(fatbin)
    shoff = names_offset + len(names)
    header = bytearray(64)
    header[:6] = ELF_MAGIC + b"\x02\x01"
    struct.pack_into("<Q", header, 0x28, shoff)
    struct.pack_into("<HHH", header, 0x3A, SECTION_HEADER.size, 3, 2)
    sections = (bytes(SECTION_HEADER.size)
                + SECTION_HEADER.pack(1, 1, 2, 0, fatbin_offset, len(fatbin), 0, 0, 8, 0)
                + SECTION_HEADER.pack(12, 3, 0, 0, names_offset, len(names), 0, 0, 1, 0))
    return bytes(header + fatbin + names + sections)


def self_test():
    sm80, sm90, ptx80 = b"\x80" * 40, b"\x90" * 24, b"ptx for compute_80 .."
    data = synthetic_elf([[(2, 80, sm80), (2, 90, sm90)], [(1, 80, ptx80), (2, 90, sm90)]])
    with tempfile.TemporaryDirectory() as folder:
        source, target = os.path.join(folder, "in.so"), os.path.join(folder, "out.so")
        with open(source, "wb") as file:
            file.write(data)
        trim_file(source, target, 90)
        with open(target, "rb") as file:
            trimmed = file.read()
    changed = [i for i in range(len(data)) if data[i] != trimmed[i]]
    expected_zeroed = len(sm80) + len(ptx80)
    assert len(trimmed) == len(data), "size changed"
    assert len(changed) == expected_zeroed and all(trimmed[i] == 0 for i in changed), "zeroed the wrong bytes"
    assert trimmed.count(sm90) == 2 and sm80 not in trimmed and ptx80 not in trimmed, "payloads not as expected"

    for broken, why in [
        (data.replace(struct.pack("<I", FATBIN_MAGIC), b"\x01\x02\x03\x04", 1), "unexpected fatbin header"),
        (synthetic_elf([[(7, 90, sm90)]]), "unexpected entry"),
        (b"MZ" + data[2:], "not a little-endian 64-bit ELF"),
    ]:
        try:
            trim(bytearray(broken), 90)
        except Malformed as error:
            assert why in str(error), f"expected '{why}', got '{error}'"
        else:
            raise AssertionError(f"accepted a file with {why}")
    print("self-test passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?")
    parser.add_argument("target", nargs="?")
    parser.add_argument("--keep-arch", type=int, default=90, help="SM architecture to keep, e.g. 90 for H100/H200")
    parser.add_argument("--self-test", action="store_true", help="trim a synthetic library and check the result")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return 0
    if not args.source or not args.target:
        parser.error("IN and OUT are required")
    try:
        trim_file(args.source, args.target, args.keep_arch)
    except Malformed as error:
        print(f"trim_fatbin: {args.source}: {error}; nothing written", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
