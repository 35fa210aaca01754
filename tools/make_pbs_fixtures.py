#!/usr/bin/python3
"""Writes the PBS parity fixture under tests/fixtures/parity/pbs-tiny/.

The expected features come from Uni-AdGen's own PBS code (github.com/JD-GenX/Uni-AdGen,
``PBS_metrics/model/vision_transformer.py`` with its ``util/utils.py``), which we did not write and do
not commit. Point the script at the repository (a checkout or the bare mirror):

    /usr/bin/python3 tools/make_pbs_fixtures.py --uniadgen /work/.mirror/JD-GenX+Uni-AdGen/repo

It runs with Debian's python3, python3-torch (1.13, CPU), numpy and Pillow 9.4. Steps:

1. A tiny VisionTransformerWithCompress (image 224, patch 16, embed 32, depth 2, 4 heads, MLP 128,
   compress 64) is built by the reference class; its compress layer is rebuilt for width 32 the way
   MoCo_ViT does (the class hard-codes a 768 input). Random weights, non-trivial BatchNorm stats.
2. A fake MoCo checkpoint in the released layout is written to a temporary .pth
   (``{'model': {'module.base_encoder.*' incl. the projection head.*, 'module.momentum_encoder.*',
   'module.predictor.*'}, 'epoch', 'optimizer'}``) and converted by tools/convert_pbs_checkpoint.py
   into ``pbs-tiny/model/``: the C++ tests load the converter's output. A second fake checkpoint
   without the compress layer must make the converter fail.
3. A fresh reference model loads the .pth the way main_inference.py does (``module.base_encoder.``
   keys, prefix stripped, ``load_state_dict(strict=False)``; the script asserts nothing is missing)
   and embeds two images preprocessed as main_inference.py does. torchvision is not installed, so its
   arithmetic is reproduced with PIL directly: Resize(256) = shorter side to 256, longer side
   int(256 * long / short), ``PIL.Image.resize(..., BILINEAR)``; CenterCrop(224) offsets
   int(round((size - 224) / 2.0)) (Python round: half to even); ToTensor = /255; Normalize(ImageNet).
   The JPEG round trip of convert_images_to_base64.py is the caller's job and is not part of this.

The two source images are computed, not stored (the C++ test computes them the same way):
pixel (x, y) of a W x H image has R = x * 255 // (W - 1), G = y * 255 // (H - 1),
B = ((x ^ y) * 37 + 11) & 255. Image a is 149x97 (upscaled to 393x256, crop left 84.5 -> 84),
image b is 263x400 (downscaled to 256x389, crop top 82.5 -> 82).
"""
import argparse
import functools
import hashlib
import importlib
import json
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "fixtures" / "parity" / "pbs-tiny"
CONVERTER = REPO / "tools" / "convert_pbs_checkpoint.py"
SEED = 20240802
EMBED, DEPTH, HEADS, COMPRESS = 32, 2, 4, 64
IMAGES = {"a": (149, 97), "b": (263, 400)}
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
REF_FILES = {"PBS_metrics/model/vision_transformer.py": "model/vision_transformer.py",
             "PBS_metrics/util/utils.py": "util/utils.py"}


def git_show(repo, path):
    repo = pathlib.Path(repo)
    if (repo / path).is_file():
        return (repo / path).read_text()
    return subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def load_reference(repo, tmp):
    digest = hashlib.sha256()
    for src, dst in REF_FILES.items():
        text = git_show(repo, src)
        digest.update(text.encode())
        target = pathlib.Path(tmp) / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / "__init__.py").touch()
        target.write_text(text)
    sys.path.insert(0, str(tmp))
    return importlib.import_module("model.vision_transformer"), digest.hexdigest()


def build(vits):
    model = vits.VisionTransformerWithCompress(
        img_size=[224], patch_size=16, compress_dim=COMPRESS, embed_dim=EMBED, depth=DEPTH, num_heads=HEADS,
        mlp_ratio=4, qkv_bias=True, norm_layer=functools.partial(nn.LayerNorm, eps=1e-6))
    # As MoCo_ViT._build_projector_and_predictor_mlps: the compress layer for the real width.
    model.compress_layer = model._build_mlp(1, input_dim=EMBED, mlp_dim=4096, output_dim=COMPRESS)
    return model


def randomise(model):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            elif p.dim() >= 2 and name not in ("cls_token", "pos_embed"):
                p.copy_(torch.randn_like(p) / p[0].numel() ** 0.5)
            else:  # cls_token, pos_embed: small, so the features depend on the image
                p.copy_(0.1 * torch.randn_like(p))
        bn = model.compress_layer[1]
        bn.running_mean.copy_(0.3 * torch.randn_like(bn.running_mean))
        bn.running_var.copy_(torch.empty_like(bn.running_var).uniform_(0.3, 3.0))
        bn.num_batches_tracked.fill_(1234)


def moco_checkpoint(vits, model, with_compress=True):
    """The released training checkpoint's layout (moco/builder.py MoCo_ViT, DDP-wrapped)."""
    head = model._build_mlp(3, COMPRESS, 128, COMPRESS)
    predictor = model._build_mlp(2, COMPRESS, 128, COMPRESS)
    state = {}
    for k, v in model.state_dict().items():
        if with_compress or not k.startswith("compress_layer."):
            state["module.base_encoder." + k] = v.clone()
            state["module.momentum_encoder." + k] = v.clone() + 0.01
    for k, v in head.state_dict().items():
        state["module.base_encoder.head." + k] = v
        state["module.momentum_encoder.head." + k] = v
    for k, v in predictor.state_dict().items():
        state["module.predictor." + k] = v
    return {"model": state, "epoch": 7, "optimizer": {"state": {}, "param_groups": []}, "scaler": None}


def source_image(width, height):
    x = np.arange(width, dtype=np.int64).reshape(1, width).repeat(height, 0)
    y = np.arange(height, dtype=np.int64).reshape(height, 1).repeat(width, 1)
    rgb = np.stack([x * 255 // (width - 1), y * 255 // (height - 1), ((x ^ y) * 37 + 11) & 255], axis=-1)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def preprocess(img):
    """main_inference.py's transform without torchvision (see the module docstring)."""
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = 256, int(256 * long / short)
    size = (new_short, new_long) if w <= h else (new_long, new_short)
    resized = img.resize(size, Image.BILINEAR)
    left = int(round((size[0] - 224) / 2.0))
    top = int(round((size[1] - 224) / 2.0))
    crop = resized.crop((left, top, left + 224, top + 224))
    array = np.array(crop, copy=True)
    tensor = torch.from_numpy(array).permute(2, 0, 1).contiguous().to(torch.float32).div(255)
    mean = torch.tensor(MEAN, dtype=torch.float32).view(3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32).view(3, 1, 1)
    return torch.from_numpy(array), tensor.sub_(mean).div_(std), (left, top), size


def sklearn_cosine(a, b):
    """sklearn.metrics.pairwise.cosine_similarity for one pair (sklearn is not installed): rows
    divided by their norms, a zero norm counting as 1, then the dot product."""
    def normalise(v):
        n = np.sqrt((v.astype(np.float64) ** 2).sum())
        return v / (n if n > 0 else 1.0)
    return float(np.dot(normalise(a), normalise(b)))


def save_safetensors(path, tensors, metadata=None):
    codes = {torch.float32: "F32", torch.int64: "I64", torch.uint8: "U8"}
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0])):
        t = t.detach().cpu().contiguous()
        blob = t.numpy().tobytes()
        header[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uniadgen", required=True, help="Uni-AdGen checkout or bare git mirror")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)  # fixed reduction order, so reruns write identical files

    with tempfile.TemporaryDirectory() as tmp:
        vits, digest = load_reference(args.uniadgen, tmp)
        torch.manual_seed(SEED)
        model = build(vits)
        randomise(model)

        # The converter on the released layout, and its refusal of a checkpoint without the compress layer.
        pth = pathlib.Path(tmp) / "moco_checkpoint.pth"
        torch.save(moco_checkpoint(vits, model), pth)
        model_dir = args.out / "model"
        if model_dir.exists():
            shutil.rmtree(model_dir)
        subprocess.run([sys.executable, str(CONVERTER), str(pth), str(model_dir), "--heads", str(HEADS)], check=True)
        bad = pathlib.Path(tmp) / "no_compress.pth"
        torch.save(moco_checkpoint(vits, model, with_compress=False), bad)
        refused = subprocess.run([sys.executable, str(CONVERTER), str(bad), str(pathlib.Path(tmp) / "bad")],
                                 capture_output=True, text=True)
        assert refused.returncode != 0 and "compress layer" in refused.stderr, refused

        # main_inference.py's loading, on a fresh model.
        reference = build(vits)
        state = torch.load(pth, map_location="cpu")["model"]
        state = {k[len("module.base_encoder."):]: v for k, v in state.items() if k.startswith("module.base_encoder.")}
        msg = reference.load_state_dict(state, strict=False)
        assert not msg.missing_keys, msg.missing_keys
        assert all(k.startswith("head.") for k in msg.unexpected_keys), msg.unexpected_keys
        reference.eval()

        crops, pixels, notes = {}, [], {}
        for name, (w, h) in IMAGES.items():
            crop, tensor, offset, size = preprocess(source_image(w, h))
            crops[name] = crop
            pixels.append(tensor)
            notes[name] = f"{w}x{h} -> {size[0]}x{size[1]}, crop at {offset}"
        with torch.no_grad():
            features = reference(torch.stack(pixels))
        similarity = sklearn_cosine(features[0].numpy(), features[1].numpy())

    expected = {"crop.a": crops["a"], "crop.b": crops["b"], "features": features,
                "similarity.ab": torch.tensor([similarity], dtype=torch.float32)}
    save_safetensors(args.out / "expected.safetensors", expected,
                     {"source": "tools/make_pbs_fixtures.py", "reference_sha256": digest, "seed": SEED,
                      **{f"image.{k}": v for k, v in notes.items()}})
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"pbs-tiny: {notes}, features range [{features.min():.3f}, {features.max():.3f}], "
          f"cos(a, b) = {similarity:.6f}, max |a - b| {(features[0] - features[1]).abs().max():.3f}, files {size} bytes")


if __name__ == "__main__":
    main()
