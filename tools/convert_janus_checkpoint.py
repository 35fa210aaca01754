#!/usr/bin/env python3
"""Converts a Janus-Pro checkpoint as published (pickled `pytorch_model.bin`, or shards listed in
`pytorch_model.bin.index.json`) into safetensors that AdGen reads, keeping the original key names
and dtypes (model-spec 1.1, 1.5). config.json, tokenizer.json and the other small files are copied.

    /usr/bin/python3 tools/convert_janus_checkpoint.py SRC_DIR DST_DIR [--shard-gb 4]

Needs only torch (Debian's python3-torch is enough); writes safetensors itself.
"""
import argparse
import json
import shutil
import struct
from pathlib import Path

import torch

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
          torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}


def tensor_bytes(t):
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        if t.dtype not in DTYPES:
            raise SystemExit(f"{name}: dtype {t.dtype} has no safetensors code here")
        blob = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path.with_suffix(".partial")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    tmp.rename(path)


def source_files(src):
    index = src / "pytorch_model.bin.index.json"
    if index.exists():
        return sorted(set(json.loads(index.read_text())["weight_map"].values()))
    files = sorted(p.name for p in src.glob("pytorch_model*.bin"))
    if not files:
        raise SystemExit(f"{src} has no pytorch_model*.bin")
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--shard-gb", type=float, default=4.0, help="largest output shard (GB)")
    args = ap.parse_args()
    args.dst.mkdir(parents=True, exist_ok=True)

    shards, current, size, limit = [], {}, 0, int(args.shard_gb * 1e9)
    for name in source_files(args.src):
        state = torch.load(args.src / name, map_location="cpu")
        for key, t in state.items():
            nbytes = t.numel() * t.element_size()
            if current and size + nbytes > limit:
                shards.append(current)
                current, size = {}, 0
            current[key] = t
            size += nbytes
        print(f"read {name}: {len(state)} tensors")
    if current:
        shards.append(current)

    weight_map = {}
    for i, tensors in enumerate(shards):
        out = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors" if len(shards) > 1 else "model.safetensors"
        write_safetensors(args.dst / out, tensors)
        weight_map.update({k: out for k in tensors})
        print(f"wrote {out}: {len(tensors)} tensors")
    if len(shards) > 1:
        (args.dst / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}, indent=1))
    for extra in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                  "added_tokens.json", "preprocessor_config.json", "processor_config.json"):
        if (args.src / extra).exists():
            shutil.copy(args.src / extra, args.dst / extra)


if __name__ == "__main__":
    main()
