"""MS-OVBA 2.4.1 compression, used for the `dir` stream and every module's source.

The compressor follows [MS-OVBA] 2.4.1.3.6 (CompressedContainer) and 2.4.1.3.7
(CompressedChunk): a signature byte, then one chunk per 4,096 decompressed bytes, each
made of token sequences (a flag byte plus up to eight literal or copy tokens).
`decompress` is here to read the Excel-made template; tests check both directions against
oletools' independent decompressor.
"""

from __future__ import annotations

__all__ = ["OvbaCompressionError", "compress", "decompress"]

CHUNK_SIZE = 4096  # [MS-OVBA] 2.4.1.1.3: a DecompressedChunk holds at most 4,096 bytes
MIN_MATCH = 3  # a copy token is 2 bytes, so shorter matches would not save space


class OvbaCompressionError(ValueError):
    """The data cannot be written as an MS-OVBA compressed container without changing it."""


def compress(data: bytes) -> bytes:
    """Return `data` as an MS-OVBA CompressedContainer ([MS-OVBA] 2.4.1.3.6)."""
    out = bytearray(b"\x01")  # 2.4.1.1.1: SignatureByte MUST be 0x01
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data[start : start + CHUNK_SIZE])
    return bytes(out)


def _chunk_header(size: int, compressed: bool) -> bytes:
    # 2.4.1.1.5 CompressedChunkHeader: 12 bits CompressedChunkSize (chunk size incl. header
    # minus 3), 3 bits signature 0b011, 1 bit CompressedChunkFlag.
    value = (size - 3) | (0b011 << 12) | (int(compressed) << 15)
    return value.to_bytes(2, "little")


def _copy_token_shape(position: int) -> tuple[int, int]:
    """Bit count of the offset part and maximum length at `position` (2.4.1.3.19.1)."""
    # BitCount is ceil(log2(position)), at least 4; the length part gets the other bits.
    bit_count = max((position - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + MIN_MATCH


def _compress_chunk(chunk: bytes) -> bytes:
    body = _tokens(chunk)
    if len(body) <= CHUNK_SIZE:
        return _chunk_header(len(body) + 2, compressed=True) + body
    if len(chunk) == CHUNK_SIZE:
        # 2.4.1.3.10: a chunk that does not shrink is stored raw; a raw chunk always holds
        # exactly 4,096 bytes (2.4.1.1.6), so this is only lossless for a full chunk.
        return _chunk_header(CHUNK_SIZE + 2, compressed=False) + chunk
    # The spec would pad the raw chunk with zero bytes, silently changing the data.
    raise OvbaCompressionError(
        f"final chunk of {len(chunk)} bytes is incompressible and shorter than "
        f"{CHUNK_SIZE} bytes; it cannot be stored without padding"
    )


def _tokens(chunk: bytes) -> bytes:
    """Encode one chunk as TokenSequences ([MS-OVBA] 2.4.1.1.7), greedy longest match."""
    out = bytearray()
    chains: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions in this chunk
    end = len(chunk)
    pos = 0
    while pos < end:
        flag_index = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= end:
                break
            length, offset = _longest_match(chunk, pos, chains)
            if length >= MIN_MATCH:
                # 2.4.1.3.19.3 Pack CopyToken: (offset - 1) in the high bits, length - 3 low.
                bit_count, _ = _copy_token_shape(pos)
                token = ((offset - 1) << (16 - bit_count)) | (length - MIN_MATCH)
                out += token.to_bytes(2, "little")
                out[flag_index] |= 1 << bit
            else:
                length = 1
                out.append(chunk[pos])
            for p in range(pos, pos + length):
                chains.setdefault(chunk[p : p + MIN_MATCH], []).append(p)
            pos += length
    return bytes(out)


def _longest_match(chunk: bytes, pos: int, chains: dict[bytes, list[int]]) -> tuple[int, int]:
    """Longest earlier match for `chunk[pos:]`, nearest first on ties (2.4.1.3.19.4)."""
    end = len(chunk)
    if pos == 0 or end - pos < MIN_MATCH:
        return 0, 0
    _, max_length = _copy_token_shape(pos)
    max_length = min(max_length, end - pos)
    best_length, best_offset = 0, 0
    for candidate in reversed(chains.get(chunk[pos : pos + MIN_MATCH], ())):
        length = MIN_MATCH
        # Comparing against the original data is right even when the match overlaps the
        # current position: the decompressor copies byte by byte (2.4.1.3.19.2).
        while length < max_length and chunk[candidate + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_length, best_offset = length, pos - candidate
            if length == max_length:
                break
    return best_length, best_offset


def decompress(container: bytes) -> bytes:
    """Return the bytes held by an MS-OVBA CompressedContainer ([MS-OVBA] 2.4.1.3.1)."""
    if container[:1] != b"\x01":
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad CompressedChunkSignature at byte {pos}")
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        if not header & 0x8000:  # 2.4.1.3.3 Decompressing a RawChunk
            out += container[pos : pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while pos < end:  # 2.4.1.3.4 Decompressing a TokenSequence
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(container[pos])
                    pos += 1
                    continue
                token = int.from_bytes(container[pos : pos + 2], "little")
                pos += 2
                bit_count, _ = _copy_token_shape(len(out) - chunk_start)
                length = (token & (0xFFFF >> bit_count)) + MIN_MATCH
                source = len(out) - (token >> (16 - bit_count)) - 1
                for i in range(length):  # byte by byte: a copy may overlap its own output
                    out.append(out[source + i])
    return bytes(out)
