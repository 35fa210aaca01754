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
  config.json           {"format": "adgen-model", "base_model": <path to --base, relative to --out>,
                        "uniadgen": {...}}: the decoder's sizes come from the base's config at load time;
                        the "uniadgen" section's sizes are read off the checkpoint's tensors (history
                        slots, preference ff size and depths, condition layers, DINOv2, LoRA rank), the
                        rest (attention heads, LoRA alpha, history length) from the options below, whose
                        defaults are the released Uni-AdGen-7B's
  added_tokens.json     the ids of the tokens Uni-AdGen adds at run time (<title_placeholder>,
                        <begin_of_history_title>, <end_of_history_title>, <grounding> ... </ref>), computed
                        the way `tokenizer.add_special_tokens` numbers them: appended after every existing id

Needs only torch (Debian's python3-torch is enough).
"""
import argparse
import json
import math
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


def layer_count(tensors, prefix):
    """How many numbered sub-modules `prefix`N. the checkpoint holds (0..N-1, none skipped)."""
    found = {int(k[len(prefix):].split(".", 1)[0]) for k in tensors
             if k.startswith(prefix) and k[len(prefix):].split(".", 1)[0].isdigit()}
    if found != set(range(len(found))):
        fail(f"the checkpoint numbers its {prefix}* modules {sorted(found)}, with gaps",
             "pass the complete trainable_model_parameters.pth")
    return len(found)


def shape(tensors, key):
    if key not in tensors:
        fail(f"the checkpoint lacks {key}", "pass the Uni-AdGen checkpoint (trainable_model_parameters.pth)")
    return list(tensors[key].shape)


def base_sizes(base_config):
    """(decoder layers, VQ downsampling) of the base, from any of the config kinds AdGen reads."""
    if base_config.get("format") == "adgen-model":
        language = base_config.get("language", {})
        layers = language.get("num_layers", language.get("num_hidden_layers", 30))
        multipliers = base_config.get("vq", {}).get("channel_multipliers", [1, 1, 2, 2, 4])
    elif base_config.get("model_type") == "janus":  # Hugging Face converted
        layers = base_config.get("text_config", {}).get("num_hidden_layers", 30)
        multipliers = base_config.get("vq_config", {}).get("channel_multiplier", [1, 1, 2, 2, 4])
    else:  # Janus-Pro as published: VQ-16
        layers = base_config.get("language_config", {}).get("num_hidden_layers", 30)
        multipliers = [1, 1, 2, 2, 4]
    return layers, 2 ** (len(multipliers) - 1)


def exact_sqrt(n, what):
    root = int(round(math.sqrt(n)))
    if root * root != n:
        fail(f"{what} is {n}, not a square number", "pass the Uni-AdGen checkpoint (trainable_model_parameters.pth)")
    return root


def uniadgen_section(tensors, base_config, args):
    """The "uniadgen" section of config.json, with the sizes the checkpoint's tensors have."""
    decoder_layers, vq_downsample = base_sizes(base_config)
    visual = "visual_mask_generator.base_transformer."
    text = "text_mask_generator.base_transformer."
    fusion = "dual_modality_fusion_encoder."
    image_slots, hidden = shape(tensors, visual + "pos_encoding")[1:]
    title_slots = shape(tensors, text + "pos_encoding")[1]
    for key, want in ((fusion + "image_pos_encoding", image_slots), (fusion + "text_pos_encoding", title_slots)):
        if shape(tensors, key)[1] != want:
            fail(f"{key} has {shape(tensors, key)[1]} rows but the mask generator's table {want}",
                 "pass a checkpoint from one Uni-AdGen training run")
    ff_dim = shape(tensors, visual + "transformer_layers.0.ff.0.weight")[0]
    if hidden % args.preference_heads != 0:
        fail(f"--preference-heads {args.preference_heads} does not divide the preference modules' width {hidden}",
             "give the number of attention heads the preference modules were trained with (16 for Uni-AdGen-7B)")
    condition_layers = layer_count(tensors, "language_model.model.condition_layers.")
    interval = args.layer_interval or max(1, decoder_layers // max(1, condition_layers))
    if condition_layers == 0 or (condition_layers - 1) * interval >= decoder_layers:
        fail(f"{condition_layers} condition layers every {interval} decoder layers do not fit the base's "
             f"{decoder_layers} layers", "pass the Janus-Pro base the checkpoint was trained on, or --layer-interval")
    dino = "language_model.model.adapter.model."
    dino_hidden = shape(tensors, dino + "embeddings.cls_token")[-1]
    if dino_hidden % args.dino_heads != 0:
        fail(f"--dino-heads {args.dino_heads} does not divide the DINOv2 width {dino_hidden}",
             "give the DINOv2 head count (6 for DINOv2-small)")
    lora_ranks = {tuple(t.shape)[0] for k, t in tensors.items() if ".lora_A." in k}
    if len(lora_ranks) > 1:
        fail(f"the LoRA adapters have different ranks {sorted(lora_ranks)}", "pass a checkpoint with one LoRA config")
    rank = lora_ranks.pop() if lora_ranks else 0
    if args.lora_rank is not None and args.lora_rank != rank:
        fail(f"--lora-rank {args.lora_rank} disagrees with the adapters in the checkpoint, which have rank {rank}",
             "leave --lora-rank out: the rank is read off lora_A")
    return {
        "history_length": args.history_length,
        "history_title_tokens": title_slots,
        "history_image_tokens": image_slots,
        "history_image_size": exact_sqrt(image_slots, "the number of history image slots") * vq_downsample,
        "stage2_mode": "released",
        "preference": {"heads": args.preference_heads, "ff_dim": ff_dim,
                       "mask_layers": layer_count(tensors, visual + "transformer_layers."),
                       "fusion_layers": layer_count(tensors, fusion + "cross_modal_layers."), "keep_rate": 0.4},
        "foreground": {"condition_layers": condition_layers, "layer_interval": interval, "strength": 1.5,
                       "dinov2": {"hidden_size": dino_hidden,
                                  "num_layers": layer_count(tensors, dino + "encoder.layer."),
                                  "num_heads": args.dino_heads,
                                  "mlp_size": shape(tensors, dino + "encoder.layer.0.mlp.fc1.weight")[0],
                                  "patch_size": shape(tensors, dino + "embeddings.patch_embeddings.projection.weight")[-1],
                                  "position_grid": exact_sqrt(shape(tensors, dino + "embeddings.position_embeddings")[1] - 1,
                                                              "the number of DINOv2 position embeddings minus CLS")}},
        "lora": {"rank": rank, "alpha": args.lora_alpha},
    }


def check_lora_pairs(tensors):
    for key in tensors:
        for mine, other in ((".lora_A.", ".lora_B."), (".lora_B.", ".lora_A.")):
            if mine in key and key.replace(mine, other) not in tensors:
                fail(f"the checkpoint has {key} but not {key.replace(mine, other)}",
                     "pass the complete trainable_model_parameters.pth")


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
    parser.add_argument("--lora-rank", type=int, default=None,
                        help="only checked: the rank is read off the adapters (16 in Uni-AdGen-7B)")
    parser.add_argument("--lora-alpha", type=float, default=32.0, help="LoRA alpha; the merge scale is alpha / rank")
    parser.add_argument("--preference-heads", type=int, default=16, help="heads of the preference modules")
    parser.add_argument("--dino-heads", type=int, default=6, help="heads of the DINOv2 encoder (6: DINOv2-small)")
    parser.add_argument("--history-length", type=int, default=10, help="history items per prompt")
    parser.add_argument("--layer-interval", type=int, default=0,
                        help="decoder layers between condition layers (default: decoder layers / condition layers)")
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
    check_lora_pairs(tensors)
    base_config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    section = uniadgen_section(tensors, base_config, args)
    added = runtime_token_ids(base / "tokenizer.json")
    rows = tensors["language_model.model.embed_tokens.weight"].shape[0]
    if added and max(added.values()) >= rows:
        fail(f"the tokens Uni-AdGen adds get ids up to {max(added.values())}, but the checkpoint's embed_tokens has "
             f"only {rows} rows", "pass the Janus-Pro base (and its tokenizer.json) the checkpoint was trained on")
    checkpoint_path = checkpoint_file(args.checkpoint)

    out.mkdir(parents=True, exist_ok=True)
    write_safetensors(out / "uniadgen.safetensors", tensors)
    config = {
        "format": "adgen-model",
        "version": 1,
        "name": "uni-adgen (" + checkpoint_path.resolve().parent.name + ")",
        "base_model": os.path.relpath(base, out),  # resolved against this directory at load
        "uniadgen": section,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "added_tokens.json").write_text(json.dumps(added, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(tensors)} tensors ({lora} LoRA pairs) -> {out / 'uniadgen.safetensors'}")
    if skipped:
        print(f"skipped {len(skipped)} non-tensor entries: {', '.join(skipped[:5])}")
    print(f"check it with: adgen inspect-model {out}")


if __name__ == "__main__":
    main()
