#!/usr/bin/env python3
"""Turns the released Uni-AdGen checkpoint into a model directory AdGen loads on top of Janus-Pro
(model-spec 2.10).

    /usr/bin/python3 tools/convert_uniadgen_checkpoint.py \
        --base /models/Janus-Pro-7B-safetensors \
        --checkpoint /downloads/checkpoint-XXXX \
        --out /models/uni-adgen-7b [--dtype bf16]

--base is a Janus-Pro directory with safetensors weights (tools/convert_janus_checkpoint.py makes one
from the published .bin files). --checkpoint is the `checkpoint-N` directory (or its
`trainable_model_parameters.pth`): a torch.save of every trainable parameter of the Uni-AdGen
System, i.e. the LoRA adapters of q/k/v/o, the fine-tuned embed_tokens, DINOv2-small, the adapter and
condition MLPs and the three preference modules, under PEFT's `vl_gpt.base_model.model.` prefix.

Writes into --out:
  uniadgen.safetensors  the checkpoint's tensors, prefix stripped (LoRA kept as adapters: AdGen merges
                        them at load, W + alpha/r * B A, so the base weights stay untouched on disk)
  config.json           {"format": "adgen-model", "base_model": <path to --base>, "uniadgen": {...}}:
                        sizes come from the base's config at load time
  added_tokens.json     the ids of the tokens Uni-AdGen adds at run time (<title_placeholder>,
                        <begin_of_history_title>, <end_of_history_title>, <grounding> ... </ref>), computed
                        the way `tokenizer.add_special_tokens` numbers them: appended after every existing id

Needs only torch (Debian's python3-torch is enough).
"""
import argparse
import json
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert_janus_checkpoint import write_safetensors  # noqa: E402

PEFT_PREFIX = "vl_gpt.base_model.model."
# In the order the reference adds them: VLChatProcessor.__init__ (title tokens; <image_placeholder>
# already exists in Janus-Pro), then System.__init__ (grounding tokens).
RUNTIME_TOKENS = ["<title_placeholder>", "<begin_of_history_title>", "<end_of_history_title>",
                  "<grounding>", "</grounding>", "<box>", "</box>", "<ref>", "</ref>"]
REQUIRED = ["language_model.model.embed_tokens.weight", "language_model.model.adapter_mlp.newfc1.weight",
            "language_model.model.condition_mlp.cap_proj.newfc1.weight", "visual_mask_generator.base_transformer.pos_encoding",
            "text_mask_generator.base_transformer.pos_encoding", "dual_modality_fusion_encoder.image_pos_encoding"]


def fail(problem, fix):
    sys.exit(f"error: {problem}\n  fix: {fix}")


def checkpoint_file(path):
    path = Path(path)
    if path.is_dir():
        path = path / "trainable_model_parameters.pth"
    if not path.is_file():
        fail(f"{path} does not exist", "pass the checkpoint-N directory of the Uni-AdGen download "
             "(it holds trainable_model_parameters.pth)")
    return path


def runtime_token_ids(tokenizer_json):
    data = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    known = dict(data["model"]["vocab"])
    for added in data.get("added_tokens", []):
        known[added["content"]] = added["id"]
    next_id = max(known.values()) + 1
    ids = {}
    for token in RUNTIME_TOKENS:
        if token in known:
            continue
        ids[token] = next_id
        next_id += 1
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="Janus-Pro directory with safetensors weights")
    parser.add_argument("--checkpoint", required=True, help="checkpoint-N directory or trainable_model_parameters.pth")
    parser.add_argument("--out", required=True, help="output model directory")
    parser.add_argument("--dtype", choices=["keep", "bf16", "f32"], default="keep")
    parser.add_argument("--lora-rank", type=int, default=16)
    parser.add_argument("--lora-alpha", type=float, default=32.0)
    args = parser.parse_args()

    base, out = Path(args.base).resolve(), Path(args.out).resolve()
    if not (base / "config.json").is_file() or not any(base.glob("*.safetensors")):
        fail(f"{base} is not a Janus-Pro directory with safetensors weights",
             "convert the published Janus-Pro-7B first: tools/convert_janus_checkpoint.py SRC DST")
    if not (base / "tokenizer.json").is_file():
        fail(f"{base} has no tokenizer.json", "copy the tokenizer files of Janus-Pro-7B into it")

    state = torch.load(checkpoint_file(args.checkpoint), map_location="cpu")
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    tensors, skipped = {}, []
    for key, value in state.items():
        if not torch.is_tensor(value):
            skipped.append(key)
            continue
        name = key[len(PEFT_PREFIX):] if key.startswith(PEFT_PREFIX) else key
        name = name.replace(".base_layer.weight", ".weight")
        value = value.detach()
        if args.dtype == "bf16" and value.is_floating_point():
            value = value.to(torch.bfloat16)
        elif args.dtype == "f32" and value.is_floating_point():
            value = value.float()
        tensors[name] = value
    missing = [k for k in REQUIRED if k not in tensors]
    if missing:
        fail(f"the checkpoint lacks {', '.join(missing)}",
             "pass the Uni-AdGen checkpoint (trainable_model_parameters.pth), not a Janus-Pro one")
    lora = sum(1 for k in tensors if ".lora_A." in k)

    out.mkdir(parents=True, exist_ok=True)
    write_safetensors(out / "uniadgen.safetensors", tensors)
    base_config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    hidden = base_config.get("language_config", {}).get("hidden_size", 4096)
    config = {
        "format": "adgen-model",
        "version": 1,
        "name": "uni-adgen (" + Path(args.checkpoint).resolve().name + ")",
        "base_model": os.path.relpath(base, out),
        "uniadgen": {"history_length": 10, "stage2_mode": "released",
                     "preference": {"heads": 16, "ff_dim": 4 * hidden, "mask_layers": 2, "fusion_layers": 4,
                                    "keep_rate": 0.4},
                     "foreground": {"condition_layers": 5, "layer_interval": 6, "strength": 1.5},
                     "lora": {"rank": args.lora_rank, "alpha": args.lora_alpha}},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "added_tokens.json").write_text(json.dumps(runtime_token_ids(base / "tokenizer.json"), indent=2,
                                                      ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(tensors)} tensors ({lora} LoRA pairs) -> {out / 'uniadgen.safetensors'}")
    if skipped:
        print(f"skipped {len(skipped)} non-tensor entries: {', '.join(skipped[:5])}")
    print(f"check it with: adgen inspect-model {out}")


if __name__ == "__main__":
    main()
