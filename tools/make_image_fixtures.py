#!/usr/bin/env python3
"""Writes the PNG fixtures under tests/fixtures/images with the Python standard library only.

They are made without OpenCV on purpose: the imaging tests decode them with OpenCV, so an encoder
of our own (zlib + struct, following the PNG specification) keeps the test from checking a
library against itself. Run from the repository root:  python3 tools/make_image_fixtures.py
Expected values for each file are written in tests/engine/product_cutout_test.cpp.
"""
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "images"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, bit_depth, colour_type, rows, extra_chunks=()):
    """rows: list of bytes objects, one per scanline, without the filter byte."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    body = chunk(b"IHDR", header)
    for kind, data in extra_chunks:
        body += chunk(kind, data)
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def rgba8(width, height, pixel):
    return [bytes(v for x in range(width) for v in pixel(x, y)) for y in range(height)]


def write(name, data):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_bytes(data)


def bottle_png(width=240, height=360):
    """A shaded water bottle cut-out with soft, anti-aliased edges (4x4 supersampling): the
    product the studio's end-to-end test loads. Box and coverage are whatever this draws; the
    e2e test compares the studio with `adgen inspect-image`, not with constants."""
    import math

    cx = width / 2
    def inside(x, y):
        # cap, neck, shoulder and body; returns (in_shape, part)
        if 20 <= y < 60:
            return abs(x - cx) < 30, "cap"
        if 60 <= y < 80:
            return abs(x - cx) < 22, "neck"
        if 80 <= y < 130:  # shoulder widens from the neck to the body
            t = (y - 80) / 50
            half = 22 + (70 - 22) * (0.5 - 0.5 * math.cos(math.pi * t))
            return abs(x - cx) < half, "body"
        if 130 <= y < 330:
            corner = max(0, y - 310)
            half = 70 - (20 - math.sqrt(max(0, 400 - corner * corner))) if corner else 70
            return abs(x - cx) < half, "body"
        return False, None

    rows = []
    samples = 4
    for y in range(height):
        row = bytearray()
        for x in range(width):
            hits = 0
            part = None
            for sy in range(samples):
                for sx in range(samples):
                    hit, p = inside(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)
                    if hit:
                        hits += 1
                        part = p
            alpha = round(255 * hits / (samples * samples))
            if part is None:
                row += bytes((0, 0, 0, 0))
                continue
            # Cylindrical shading across the width, with a specular stripe on the left.
            u = max(-1.0, min(1.0, (x - cx) / 70))
            light = 0.55 + 0.45 * math.cos(u * math.pi / 2 - 0.35)
            spec = math.exp(-((u + 0.45) ** 2) / 0.005) * 0.6
            base = {"cap": (40, 44, 52), "neck": (200, 210, 220), "body": (32, 120, 200)}[part]
            colour = [min(255, round(c * light + 255 * spec)) for c in base]
            row += bytes((*colour, alpha))
        rows.append(bytes(row))
    return png(width, height, 8, 6, rows)


def main():
    # 40x30 RGBA: an opaque 20x15 block at (10,5); (2,2) has alpha 50 (not product: the
    # threshold is alpha > 50); (35,25) has alpha 51 (product). Box (10,5) 26x21, 301 pixels.
    def box_pixel(x, y):
        if 10 <= x < 30 and 5 <= y < 20:
            return (200, 40, 40, 255)
        if (x, y) == (2, 2):
            return (0, 0, 255, 50)
        if (x, y) == (35, 25):
            return (0, 255, 0, 51)
        return (255, 255, 255, 0)
    box = png(40, 30, 8, 6, rgba8(40, 30, box_pixel))
    write("rgba_box.png", box)
    write("truncated.png", box[: len(box) // 2])

    # 16x16 palette image with tRNS: index 0 transparent, 1 opaque red, 2 half-transparent blue.
    # Index 1 fills a 4x4 block at (6,6); index 2 is the single pixel (0,15).
    # Box (0,6) 10x10, 17 product pixels.
    palette = bytes([255, 255, 255, 255, 0, 0, 0, 0, 255])
    rows = []
    for y in range(16):
        row = bytearray(16)
        for x in range(16):
            if 6 <= x < 10 and 6 <= y < 10:
                row[x] = 1
            elif (x, y) == (0, 15):
                row[x] = 2
        rows.append(bytes(row))
    write("palette_trns.png", png(16, 16, 8, 3, rows, [(b"PLTE", palette), (b"tRNS", bytes([0, 255, 128]))]))

    # 10x10 grey + alpha: columns 3..5 opaque mid-grey, the rest transparent. Box (3,0) 3x10.
    rows = [bytes(v for x in range(10) for v in ((128, 255) if 3 <= x <= 5 else (0, 0))) for _ in range(10)]
    write("gray_alpha.png", png(10, 10, 8, 4, rows))

    # 8x8 RGBA with 16-bit channels: a 2x2 block at (4,4) opaque, colour 0x8000 in every channel.
    def pixel16(x, y):
        inside = 4 <= x < 6 and 4 <= y < 6
        return struct.pack(">HHHH", 0x8000, 0x8000, 0x8000, 0xFFFF if inside else 0)
    rows = [b"".join(pixel16(x, y) for x in range(8)) for y in range(8)]
    write("rgba16.png", png(8, 8, 16, 6, rows))

    # 8x8 RGB without alpha; 8x8 RGBA fully opaque; 8x8 RGBA fully transparent.
    write("rgb_opaque.png", png(8, 8, 8, 2, [bytes([10, 20, 30] * 8)] * 8))
    write("rgba_opaque.png", png(8, 8, 8, 6, rgba8(8, 8, lambda x, y: (10, 20, 30, 255))))
    write("rgba_empty.png", png(8, 8, 8, 6, rgba8(8, 8, lambda x, y: (0, 0, 0, 0))))

    write("product_bottle.png", bottle_png())

    # Not an image at all, though named .png.
    write("not_an_image.png", b"This is a text file that was renamed to .png\n")


if __name__ == "__main__":
    main()
