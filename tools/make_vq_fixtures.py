#!/usr/bin/python3
"""Writes the VQ-16 image tokenizer parity fixtures under tests/fixtures/parity/vq-tiny*/.

The expected values come from the ORIGINAL Janus ``janus/models/vq_model.py``
(github.com/deepseek-ai/Janus), which we did not write and do not commit. Give the folder that holds
that file on the command line:

    git --git-dir=<Janus mirror> show HEAD:janus/models/vq_model.py > /tmp/janus_vq/vq_model.py
    /usr/bin/python3 tools/make_vq_fixtures.py /tmp/janus_vq

It runs with Debian's python3 and python3-torch (1.13, CPU); nothing else is needed (there is no
``safetensors`` package here, so a small writer and reader of the format live below).

Two things about the reference shape how the models are built:

* ``ModelArgs`` has no field for the base channel count or the number of res blocks: ``VQModel``
  always builds ``Encoder``/``Decoder`` with their defaults (ch=128, num_res_blocks=2). A model that
  small needs those two, so the script builds ``VQModel`` from ``ModelArgs`` and then replaces its
  ``encoder`` and ``decoder`` with the reference ``Encoder``/``Decoder`` classes built with a small
  ``ch`` and ``num_res_blocks``. Everything that runs is still the reference code.
* The fixtures must stay small (< 2 MB together), and a 3x3 conv at 64 channels already costs 74 KB
  in bf16, so the widest level is kept at 64 channels and the attention levels (the lowest resolution:
  ``encoder.conv_blocks[-1]``, ``decoder.conv_blocks[0]`` and both ``mid`` stacks) at 32.

Weights are random (fixed seeds), GroupNorm affine parameters are perturbed away from (1, 0), the
stored codebook rows are scaled away from unit length (so a missing L2 normalisation shows), and
everything is rounded to bfloat16 before the reference runs, so the BF16 ``model.safetensors`` holds
exactly the weights the fp32 expectations were computed with.
"""
import argparse
import copy
import hashlib
import importlib.util
import json
import pathlib
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "fixtures" / "parity"
PREFIX = "gen_vision_model."

CONFIGS = [
    # Two levels, one res block per level (decoder: two). ch_mult (2, 1) puts 64 channels at full
    # resolution, so nin_shortcut runs in both directions (32->64 in the encoder's first block,
    # 64->32 at its second level, 32->64 in the decoder's last level) and the decoder's norm_out has
    # two channels per GroupNorm group, which keeps the constant-field colours code dependent. The
    # checkpoint carries the `quantize.codebook_used` buffer like the released one.
    dict(name="vq-tiny", seed=20240701, codebook_size=64, code_dim=8, z_channels=16, ch=32,
         ch_mult=[2, 1], num_res_blocks=1, show_usage=True, batch=2, height=12, width=16),
    # Three levels with the released model's two res blocks per level (three in the decoder), a code
    # width other than 8 and no `codebook_used` buffer (codebook_show_usage=False).
    dict(name="vq-tiny-deep", seed=20240702, codebook_size=96, code_dim=4, z_channels=32, ch=32,
         ch_mult=[1, 1, 1], num_res_blocks=2, show_usage=False, batch=2, height=16, width=24),
]

MIN_ARGMIN_MARGIN = 1e-4  # encode: gap between the nearest and second-nearest code, everywhere


# ----------------------------------------------------------------------------------------------------
# safetensors: 8-byte little-endian header length, JSON header padded with spaces to a multiple of 8,
# raw little-endian data with no holes. Tensors are written widest dtype first so each starts aligned.

_CODES = {torch.float64: "F64", torch.float32: "F32", torch.bfloat16: "BF16", torch.int64: "I64"}
_TYPES = {v: k for k, v in _CODES.items()}


def _raw(t):
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()  # numpy has no bfloat16; same bits
    return t.numpy().tobytes()


def save_safetensors(path, tensors, metadata=None):
    assert sys.byteorder == "little"
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0])):
        t = t.detach().cpu().contiguous()
        blob = _raw(t)
        header[name] = {"dtype": _CODES[t.dtype], "shape": list(t.shape),
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


def load_safetensors(path):
    """Reads the files written above back (a check on the writer)."""
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        dtype = _TYPES[e["dtype"]]
        raw = bytearray(body[b:end])
        if dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=dtype)
        out[name] = t.reshape(e["shape"]).clone()
    return out


# ----------------------------------------------------------------------------------------------------

def load_reference(folder):
    path = pathlib.Path(folder) / "vq_model.py"
    if not path.is_file():
        sys.exit(f"{path} not found: pass the folder holding Janus janus/models/vq_model.py")
    spec = importlib.util.spec_from_file_location("janus_vq_model_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, hashlib.sha256(path.read_bytes()).hexdigest()


def build_model(ref, cfg):
    args = ref.ModelArgs(codebook_size=cfg["codebook_size"], codebook_embed_dim=cfg["code_dim"],
                         codebook_l2_norm=True, codebook_show_usage=cfg["show_usage"],
                         encoder_ch_mult=cfg["ch_mult"], decoder_ch_mult=cfg["ch_mult"],
                         z_channels=cfg["z_channels"], dropout_p=0.0)
    model = ref.VQModel(args)
    # See the module docstring: VQModel cannot be told ch / num_res_blocks.
    model.encoder = ref.Encoder(ch=cfg["ch"], ch_mult=cfg["ch_mult"], num_res_blocks=cfg["num_res_blocks"],
                                z_channels=cfg["z_channels"], dropout=0.0)
    model.decoder = ref.Decoder(ch=cfg["ch"], ch_mult=cfg["ch_mult"], num_res_blocks=cfg["num_res_blocks"],
                                z_channels=cfg["z_channels"], dropout=0.0)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.GroupNorm):
                m.weight.copy_(1.0 + 0.2 * torch.randn_like(m.weight))
                m.bias.copy_(0.1 * torch.randn_like(m.bias))
        emb = model.quantize.embedding.weight
        emb.copy_(torch.randn_like(emb) * torch.empty(emb.shape[0], 1).uniform_(0.5, 2.0))
        for p in model.parameters():
            p.copy_(p.to(torch.bfloat16).to(torch.float32))
    return model.eval()


def circular_colours(ref, ref_model, n_codes, code_dim):
    """The colour of an unbounded field of one code: the reference decoder with every conv switched
    to circular padding on a 2x2 field of the same code, where every layer's output stays spatially
    constant. The C++ CodeColourPreview computes this without the spatial extent.

    Computed in float64: on a constant field a GroupNorm group of one channel has zero variance, so
    the rounding noise of its mean is divided by sqrt(eps) = 1e-3, and a group of two channels with
    nearly equal values is just as touchy. In fp32 that noise flips whole colours of a few codes of
    these tiny models (groups of one and two channels); in float64 it stays ~1e-12.

    The reference Upsample casts every non-fp32 input to bf16, which float64 weights then refuse, so
    for this run each Upsample interpolates in float64 (nearest x2, then its own conv): on a
    constant field the interpolation changes nothing anyway."""
    ref_model = copy.deepcopy(ref_model).double()
    dec = ref_model.decoder
    for m in dec.modules():
        if isinstance(m, ref.Upsample):
            m.forward = (lambda up: lambda x: up.conv(F.interpolate(x, scale_factor=2.0, mode="nearest")))(m)
    saved = [(m, m.padding_mode) for m in dec.modules() if isinstance(m, nn.Conv2d)]
    for m, _ in saved:
        m.padding_mode = "circular"
    try:
        codes = torch.arange(n_codes).repeat_interleave(4)  # [n, 2, 2] fields, flattened
        out = ref_model.decode_code(codes, shape=[n_codes, code_dim, 2, 2])
    finally:
        for m, mode in saved:
            m.padding_mode = mode
    spread = (out.amax(dim=(2, 3)) - out.amin(dim=(2, 3))).abs().max().item()
    assert spread < 1e-9, f"constant field decoded to a non-constant image (spread {spread})"
    return out.mean(dim=(2, 3)), spread


def argmin_margin(ref_model, images):
    """Smallest gap between the best and second-best squared distance over all encoded positions."""
    h = ref_model.quant_conv(ref_model.encoder(images))
    z = torch.nn.functional.normalize(h.permute(0, 2, 3, 1).reshape(-1, h.shape[1]), p=2, dim=-1)
    e = torch.nn.functional.normalize(ref_model.quantize.embedding.weight, p=2, dim=-1)
    d = (z.unsqueeze(1) - e.unsqueeze(0)).pow(2).sum(-1)
    top2 = d.topk(2, dim=1, largest=False).values
    return (top2[:, 1] - top2[:, 0]).min().item()


def make_images(cfg):
    """One smooth image (gradients and a disc, like real content) and one of uniform noise."""
    b, hh, ww = cfg["batch"], cfg["height"], cfg["width"]
    ys = torch.linspace(-1, 1, hh).view(hh, 1).expand(hh, ww)
    xs = torch.linspace(-1, 1, ww).view(1, ww).expand(hh, ww)
    disc = ((xs ** 2 + ys ** 2) < 0.4).float()
    smooth = torch.stack([xs, 0.8 * ys, disc * 1.6 - 0.8]).clamp(-1, 1)
    images = torch.rand(b, 3, hh, ww) * 2 - 1
    images[0] = smooth
    return images


def write_fixture(ref, ref_digest, cfg, out_dir):
    torch.manual_seed(cfg["seed"])
    model = build_model(ref, cfg)
    factor = 2 ** (len(cfg["ch_mult"]) - 1)
    gh, gw = cfg["height"] // factor, cfg["width"] // factor

    state = {PREFIX + k: v.to(torch.bfloat16) for k, v in model.state_dict().items()}
    folder = out_dir / cfg["name"]
    save_safetensors(folder / "model.safetensors", state,
                     {"source": "tools/make_vq_fixtures.py", "reference_sha256": ref_digest})

    # The writer round-trips: a fresh reference model loads the file strictly.
    check = build_model(ref, cfg)
    back = {k[len(PREFIX):]: v.float() for k, v in load_safetensors(folder / "model.safetensors").items()}
    check.load_state_dict(back, strict=True)

    with torch.no_grad():
        images = make_images(cfg)
        _, _, (_, _, flat_indices) = model.encode(images)
        indices = flat_indices.view(cfg["batch"], gh, gw)
        margin = argmin_margin(model, images)
        assert margin > MIN_ARGMIN_MARGIN, f"{cfg['name']}: near tie in encode ({margin})"
        codes = torch.randint(0, cfg["codebook_size"], (cfg["batch"], gh, gw))
        shape = [cfg["batch"], cfg["code_dim"], gh, gw]
        decoded = model.decode_code(codes.flatten(), shape=shape)
        roundtrip = model.decode_code(flat_indices, shape=shape)
        again = check.decode_code(codes.flatten(), shape=shape)
        assert torch.equal(decoded, again), "reloaded weights decode differently"
        colours, spread = circular_colours(ref, model, cfg["codebook_size"], cfg["code_dim"])
        # The same decode with the whole model in bfloat16 (the released dtype): runs the
        # reference's Upsample fp32 -> bf16 round trip.
        bf16_model = build_model(ref, cfg)
        bf16_model.load_state_dict(back, strict=True)
        decoded_bf16 = bf16_model.to(torch.bfloat16).decode_code(codes.flatten(), shape=shape).float()

    expected = {
        "images": images,
        "encode.indices": indices,
        "decode.codes": codes,
        "decode.images": decoded,
        "decode_bf16.images": decoded_bf16,
        "roundtrip.images": roundtrip,
        "colours.rgb": colours,
    }
    save_safetensors(folder / "expected.safetensors", expected,
                     {"source": "tools/make_vq_fixtures.py", "reference_sha256": ref_digest,
                      "seed": cfg["seed"]})
    config = {
        "name": cfg["name"],
        "vq": {"codebook_size": cfg["codebook_size"], "code_dim": cfg["code_dim"],
               "z_channels": cfg["z_channels"], "base_channels": cfg["ch"],
               "channel_multipliers": cfg["ch_mult"], "num_res_blocks": cfg["num_res_blocks"],
               "codebook_l2_norm": True},
        "codebook_used_buffer": cfg["show_usage"],
        "seed": cfg["seed"],
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    unique = indices.unique().numel()
    print(f"{cfg['name']}: {sum(v.numel() for v in state.values())} stored values, grid {gh}x{gw}, "
          f"{unique} distinct encode codes, argmin margin {margin:.3g}, colour field spread {spread:.2g}, "
          f"decode range [{decoded.min():.3f}, {decoded.max():.3f}], "
          f"bf16 vs fp32 max abs {(decoded_bf16 - decoded).abs().max():.3g}, "
          f"files {sum(p.stat().st_size for p in folder.iterdir())} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", help="folder holding Janus janus/models/vq_model.py")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    ref, digest = load_reference(args.reference)
    torch.set_num_threads(1)  # fixed reduction order, so reruns write identical files
    for cfg in CONFIGS:
        write_fixture(ref, digest, cfg, args.out)


if __name__ == "__main__":
    main()
