#!/usr/bin/python3
"""Writes the Pillow-compatibility and product/history preparation fixtures, tests/fixtures/pixels/.

    /usr/bin/python3 tools/make_pixel_fixtures.py [--uniadgen-mirror DIR] [--out DIR]

Everything expected here is computed by code we did not write: Pillow (Debian's 9.4: resize, crop,
paste, alpha_composite, convert), torch 1.13's ``F.interpolate(bilinear, antialias=True)`` (what
torchvision's ``Resize`` runs on tensors), and Uni-AdGen's own ``adjust_online_trans``, whose source
is read from the git mirror at run time (``dataset/code_hico/debug_grit.py``; only that method is
executed, the module needs packages we do not have). The tests read the files without Python.

Files (all safetensors; U8 tensors are HWC images, F32 tensors CHW):
* ``resize.safetensors``: ``input/<name>`` source images (L, RGB, RGBA with alpha 0 and 255
  regions) and ``resize/<name>/<W>x<H>/<filter>`` = ``Image.resize((W, H), filter)``.
* ``ops.safetensors``: crop, paste, alpha_composite and mode conversions (keys listed in the README).
* ``product.safetensors``: per product, its cut-out, ``adjust_online_trans`` output, the 512-px
  control / alpha images sampled every 11th pixel, and the final tensors at a small model size
  (32) plus, for one product, at 384 sampled every 12th pixel.
* ``history.safetensors``: history images through the 512 resize, RGB and the 128-px processor
  (at processor size 32, and at 128 sampled every 4th pixel).
"""
import argparse
import ast
import json
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIRROR = Path("/work/.mirror/JD-GenX+Uni-AdGen/repo")
DEBUG_GRIT = "Personalize/project/uniadgen/dataset/code_hico/debug_grit.py"

FILTERS = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC,
           "lanczos": Image.LANCZOS}
CANVAS = 512         # Uni-AdGen resizes every image to 512x512 first
SMALL_MODEL = 32     # model size for the full-tensor product fixtures (the real one is 384)
SAMPLE_512 = 11      # stride of the sampled 512-px images
SAMPLE_384 = 12      # stride of the sampled 384-px tensors


# ----------------------------------------------------------------------------------------------------
# safetensors writer (no safetensors package here): 8-byte little-endian header length, JSON header
# padded with spaces to a multiple of 8, raw little-endian data, widest dtype first.

_CODES = {np.dtype(np.float32): "F32", np.dtype(np.uint8): "U8"}


def save_safetensors(path, tensors, metadata=None):
    assert sys.byteorder == "little"
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, a in sorted(tensors.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0])):
        a = np.ascontiguousarray(a)
        blob = a.tobytes()
        header[name] = {"dtype": _CODES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


# ----------------------------------------------------------------------------------------------------
# Reference code

def load_adjust_online_trans(mirror):
    """The reference method, executed alone (self is unused) with the imports it needs."""
    source = subprocess.run(["git", "-C", str(mirror), "show", f"HEAD:{DEBUG_GRIT}"],
                            check=True, capture_output=True, text=True).stdout
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "adjust_online_trans":
            namespace = {"np": np, "Image": Image}
            exec(compile(ast.Module(body=[node], type_ignores=[]), DEBUG_GRIT, "exec"), namespace)
            function = namespace["adjust_online_trans"]
            return lambda image, max_ratio: function(None, image, max_ratio)
    raise SystemExit(f"adjust_online_trans not found in {DEBUG_GRIT}")


def hwc(image):
    """A PIL image as an HWC uint8 array (L gets a channel axis)."""
    a = np.array(image, dtype=np.uint8)
    return a[:, :, None] if a.ndim == 2 else a


def to_tensor(float_hwc):
    return torch.from_numpy(np.ascontiguousarray(float_hwc.transpose(2, 0, 1)))


def tv_resize(t, size):
    """torchvision Resize((size, size)) on a CHW float tensor (antialias=True, its 0.17+ default)."""
    return F.interpolate(t[None], size=(size, size), mode="bilinear", align_corners=False,
                         antialias=True)[0]


def reference_product(adjust, cutout, max_ratio, model_size):
    """debug_grit.py's transparent_to_white + load_trans_image(alpha=True), then data_hico's
    Normalize and resize_pt, for one RGBA cut-out."""
    recentred = adjust(cutout.copy(), max_ratio)
    white = Image.new("RGBA", recentred.size, (255, 255, 255, 255))
    control_512 = Image.alpha_composite(white, recentred).convert("RGB").resize((CANVAS, CANVAS))
    control = to_tensor(np.array(control_512, dtype=np.float32) / 255.0)
    control = (control - 0.5) / 0.5  # image_normalize(): Normalize(0.5, 0.5)
    alpha_512 = recentred.resize((CANVAS, CANVAS))
    trans_alpha = to_tensor(np.array(alpha_512, dtype=np.float32) / 255.0)
    return recentred, control_512, alpha_512, tv_resize(control, model_size), tv_resize(trans_alpha, model_size)


def reference_history(image, processor_size):
    """debug_grit.load_image (resize to 512, RGB), the float round trip of the batch, then Janus's
    VLMImageProcessor(image_size, mean=std=0.5): PIL bicubic resize, rescale (float64 multiply,
    float32 cast), normalise in float32."""
    rgb = image.resize((CANVAS, CANVAS)).convert("RGB")
    batch = np.array(rgb, dtype=np.float32)
    pil = Image.fromarray(batch.astype(np.uint8))
    size = max(int(CANVAS / CANVAS * processor_size), 14)
    small = pil.resize((size, size), Image.BICUBIC)
    x = np.transpose(np.array(small), (2, 0, 1))
    x = (x * (1.0 / 255.0)).astype(np.float32)
    mean = np.array([0.5, 0.5, 0.5], dtype=np.float32)
    std = np.array([0.5, 0.5, 0.5], dtype=np.float32)
    return ((x.T - mean) / std).T


# ----------------------------------------------------------------------------------------------------
# Inputs

def random_rgba(rng, w, h):
    a = rng.integers(0, 256, size=(h, w, 4), dtype=np.uint8)
    a[:, : w // 4, 3] = 0          # fully transparent columns (their colour must not bleed)
    a[: h // 3, w // 2:, 3] = 255  # an opaque block
    a[h // 2, :, 3] = 1            # nearly transparent row: the unpremultiply rounding
    return a


def synthetic_512():
    """The 512x512 RGB pattern tests/engine/pixels_test.cpp builds too (no need to store it)."""
    y, x = np.mgrid[0:CANVAS, 0:CANVAS]
    return np.stack([(x * 3 + y * 5) & 255, (x * y) & 255, (x ^ y) & 255], axis=-1).astype(np.uint8)


def product_cutout(w, h, box, seed):
    """A product-like cut-out: an opaque ellipse with a soft 3-px edge inside `box`, textured."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = box
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    d = np.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2)
    alpha = np.clip((1.0 - d) * min(rx, ry) / 3.0, 0.0, 1.0)
    a = np.zeros((h, w, 4), dtype=np.uint8)
    a[..., :3] = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    a[..., 0] = (a[..., 0] // 2 + 100).astype(np.uint8)
    a[..., 3] = np.round(alpha * 255).astype(np.uint8)
    return a


# ----------------------------------------------------------------------------------------------------

def make_resize(rng):
    inputs = {}
    for w, h in ((37, 23), (64, 48)):
        rgba = random_rgba(rng, w, h)
        inputs[f"rgba_{w}x{h}"] = rgba
        inputs[f"rgb_{w}x{h}"] = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        inputs[f"l_{w}x{h}"] = rng.integers(0, 256, size=(h, w, 1), dtype=np.uint8)
    # Down, up, one axis only (Pillow skips the other pass) and a strong reduction (wide filters).
    targets = {(37, 23): [(16, 11), (53, 31), (37, 40), (9, 23)],
               (64, 48): [(20, 15), (30, 48), (5, 4)]}
    tensors = {f"input/{k}": v for k, v in inputs.items()}
    for name, a in inputs.items():
        mode = {1: "L", 3: "RGB", 4: "RGBA"}[a.shape[2]]
        image = Image.fromarray(a[:, :, 0] if mode == "L" else a, mode)
        for tw, th in targets[image.size]:
            for fname, f in FILTERS.items():
                tensors[f"resize/{name}/{tw}x{th}/{fname}"] = hwc(image.resize((tw, th), f))
        # No filter given: Image.resize's default (BICUBIC for these modes).
        if image.size == (37, 23):
            tensors[f"resize/{name}/61x30/default"] = hwc(image.resize((61, 30)))
    return tensors


def make_ops(rng):
    t = {}
    src = random_rgba(rng, 29, 17)
    dst = rng.integers(0, 256, size=(17, 29, 4), dtype=np.uint8)
    dst[:, :5, 3] = 0
    dst[:, 5:9, 3] = 255
    t["ops/src_rgba"], t["ops/dst_rgba"] = src, dst
    s, d = Image.fromarray(src, "RGBA"), Image.fromarray(dst, "RGBA")
    t["ops/alpha_composite"] = hwc(Image.alpha_composite(d, s))
    t["ops/crop_inside"] = hwc(s.crop((3, 2, 20, 15)))
    t["ops/crop_outside"] = hwc(s.crop((-4, -3, 33, 12)))
    canvas = d.copy()
    canvas.paste(s.crop((0, 0, 12, 9)), (22, -3))
    t["ops/paste_clipped"] = hwc(canvas)
    t["ops/convert_rgb"] = hwc(s.convert("RGB"))
    t["ops/premultiplied"] = hwc(s.convert("RGBa"))
    t["ops/unpremultiplied"] = hwc(Image.frombytes("RGBa", s.size, src.tobytes()).convert("RGBA"))
    grey = rng.integers(0, 256, size=(17, 29, 1), dtype=np.uint8)
    t["ops/grey"] = grey
    t["ops/grey_to_rgb"] = hwc(Image.fromarray(grey[:, :, 0], "L").convert("RGB"))
    return t


def make_product(adjust):
    t = {}
    products = {
        # name: canvas, ellipse box, max_ratio, 384-px sampled too
        "wide_scaled": ((64, 48), (6, 10, 58, 40), 0.5, True),
        "wide_unscaled": ((64, 48), (20, 5, 47, 25), 1.0, False),
        "tall_scaled": ((40, 64), (12, 3, 33, 61), 0.6, False),
    }
    meta = {}
    for seed, (name, ((w, h), box, max_ratio, big)) in enumerate(products.items(), start=11):
        cutout = product_cutout(w, h, box, seed)
        image = Image.fromarray(cutout, "RGBA")
        recentred, control_512, alpha_512, control, alpha = reference_product(adjust, image, max_ratio, SMALL_MODEL)
        t[f"product/{name}/cutout"] = cutout
        t[f"product/{name}/recentred"] = hwc(recentred)
        t[f"product/{name}/control_512_s{SAMPLE_512}"] = hwc(control_512)[::SAMPLE_512, ::SAMPLE_512]
        t[f"product/{name}/alpha_512_s{SAMPLE_512}"] = hwc(alpha_512)[::SAMPLE_512, ::SAMPLE_512]
        t[f"product/{name}/control_{SMALL_MODEL}"] = control.numpy()
        t[f"product/{name}/trans_alpha_{SMALL_MODEL}"] = alpha.numpy()
        if big:
            _, _, _, control, alpha = reference_product(adjust, image, max_ratio, 384)
            t[f"product/{name}/control_384_s{SAMPLE_384}"] = control[:, ::SAMPLE_384, ::SAMPLE_384].numpy()
            t[f"product/{name}/trans_alpha_384_s{SAMPLE_384}"] = alpha[:, ::SAMPLE_384, ::SAMPLE_384].numpy()
        meta[f"{name}.max_ratio"] = repr(max_ratio)
    return t, meta


def make_history(rng):
    t = {}
    sources = {
        "rgba_64x48": Image.fromarray(random_rgba(rng, 64, 48), "RGBA"),
        "l_37x23": Image.fromarray(rng.integers(0, 256, size=(23, 37), dtype=np.uint8), "L"),
        "rgb_45x61": Image.fromarray(rng.integers(0, 256, size=(61, 45, 3), dtype=np.uint8), "RGB"),
    }
    for name, image in sources.items():
        t[f"history/{name}/input"] = hwc(image)
        t[f"history/{name}/tensor_32"] = reference_history(image, 32)
    t["history/rgba_64x48/tensor_128_s4"] = reference_history(sources["rgba_64x48"], 128)[:, ::4, ::4]
    # 512x512 input: the resize is a copy (Image.resize returns self.copy() at the same size).
    t["history/synthetic_512/tensor_32"] = reference_history(Image.fromarray(synthetic_512(), "RGB"), 32)
    return t


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uniadgen-mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "pixels")
    args = parser.parse_args()
    import PIL
    provenance = {"pillow": PIL.__version__, "torch": torch.__version__, "numpy": np.__version__}

    rng = np.random.default_rng(20240704)
    save_safetensors(args.out / "resize.safetensors", make_resize(rng), provenance)
    save_safetensors(args.out / "ops.safetensors", make_ops(rng), provenance)
    product, meta = make_product(load_adjust_online_trans(args.uniadgen_mirror))
    save_safetensors(args.out / "product.safetensors", product, {**provenance, **meta})
    save_safetensors(args.out / "history.safetensors", make_history(rng), provenance)
    for f in sorted(args.out.glob("*.safetensors")):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
