#!/usr/bin/python3
"""Converts the PBS metric's MoCo checkpoint (Uni-AdGen PBS_metrics, model-spec 4.1) into a directory
AdGen's PbsModel reads: model.safetensors + config.json.

    /usr/bin/python3 tools/convert_pbs_checkpoint.py moco_checkpoint.pth OUT_DIR [--heads 12]

What is kept is what the reference's main_inference.py ends up using: from
``torch.load(path)['model']`` the keys starting with ``module.base_encoder.``, that prefix stripped,
and of those only the ones VisionTransformerWithCompress has (its ``load_state_dict(strict=False)``
discards the rest: MoCo's projection ``head.*``; the momentum encoder and predictor are not under
the prefix at all). The reference silently leaves missing keys random, so a checkpoint without
``compress_layer.0.weight`` and ``compress_layer.1.running_mean/var`` would give meaningless features:
that is an error here.

Sizes are read from the tensors; the number of attention heads is not in them (12 for the released
ViT-B/16, ``--heads`` otherwise). Needs only torch (Debian's python3-torch is enough).
"""
import argparse
import json
import math
import pathlib
import re
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from convert_janus_checkpoint import write_safetensors  # noqa: E402

BASE = "module.base_encoder."
USED = re.compile(r"(cls_token|pos_embed|patch_embed\.proj\.(weight|bias)|norm\.(weight|bias)"
                  r"|blocks\.\d+\.(norm1|norm2|attn\.qkv|attn\.proj|mlp\.fc1|mlp\.fc2)\.(weight|bias)"
                  r"|compress_layer\.0\.weight|compress_layer\.1\.(running_mean|running_var|num_batches_tracked))")
REQUIRED = ["cls_token", "pos_embed", "patch_embed.proj.weight", "norm.weight", "blocks.0.attn.qkv.weight",
            "blocks.0.mlp.fc1.weight"]
COMPRESS = ["compress_layer.0.weight", "compress_layer.1.running_mean", "compress_layer.1.running_var"]


def fail(message):
    raise SystemExit(f"convert_pbs_checkpoint: {message}")


def base_encoder_state(checkpoint_path):
    checkpoint = torch.load(checkpoint_path, map_location="cpu")
    if not isinstance(checkpoint, dict) or not isinstance(checkpoint.get("model"), dict):
        fail(f"{checkpoint_path} is not a MoCo training checkpoint (no 'model' state dict in it)")
    state = {k[len(BASE):]: v for k, v in checkpoint["model"].items() if k.startswith(BASE)}
    if not state:
        fail(f"{checkpoint_path} has no '{BASE}*' tensors: not a PBS (MoCo ViT) checkpoint")
    return state


def describe(state, heads):
    missing = [k for k in REQUIRED if k not in state]
    if missing:
        fail(f"the base encoder lacks {', '.join(missing)}: not a VisionTransformerWithCompress checkpoint")
    missing = [k for k in COMPRESS if k not in state]
    if missing:
        fail(f"the base encoder lacks the compress layer ({', '.join(missing)}); the reference would leave it "
             "random and its features would be meaningless. Use the PBS checkpoint of the Uni-AdGen release.")
    pos = state["pos_embed"]
    embed, positions = pos.shape[-1], pos.shape[1] - 1
    grid = math.isqrt(positions)
    if grid * grid != positions:
        fail(f"pos_embed has {positions} patch positions, not a square grid")
    patch = state["patch_embed.proj.weight"].shape[-1]
    depth = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("blocks."))
    if embed % heads:
        fail(f"embedding width {embed} is not a multiple of --heads {heads}")
    return {"format": "adgen-pbs", "version": 1, "embed_dim": embed, "depth": depth, "heads": heads,
            "mlp_dim": state["blocks.0.mlp.fc1.weight"].shape[0], "patch_size": patch,
            "image_size": grid * patch, "compress_dim": state["compress_layer.0.weight"].shape[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", type=pathlib.Path)
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--heads", type=int, default=12, help="attention heads (12 for ViT-B/16)")
    args = ap.parse_args()

    state = base_encoder_state(args.checkpoint)
    kept = {k: v.detach().contiguous() for k, v in state.items() if USED.fullmatch(k)}
    dropped = sorted(k for k in state if not USED.fullmatch(k))
    config = describe(kept, args.heads)

    args.out.mkdir(parents=True, exist_ok=True)
    write_safetensors(args.out / "model.safetensors", dict(sorted(kept.items())))
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    print(f"kept {len(kept)} tensors of the base encoder; dropped {len(dropped)} the reference does not load"
          + (f" ({', '.join(dropped[:4])}{' ...' if len(dropped) > 4 else ''})" if dropped else ""))
    print(json.dumps(config))


if __name__ == "__main__":
    main()
