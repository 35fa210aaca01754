#!/usr/bin/env python3
"""Builds tests/fixtures/uniadgen-checkpoint/: a tiny Uni-AdGen checkpoint converted by
tools/convert_uniadgen_checkpoint.py, for the C++ test that loads the converter's output
(tests/engine/uniadgen_weights_test.cpp, `UniAdGenCheckpoint.*`).

    /usr/bin/python3 tools/make_uniadgen_checkpoint_fixture.py

Seeded, so a rerun rewrites the same bytes. It writes
  base/           a tiny Janus model in AdGen's "adgen-model" format: the tiny config of
                  tests/engine/tiny_model.h (hidden 64, 2 layers, 4 heads, 2 kv heads, vocab 768,
                  4 x 4 image tokens) with a smaller VQ (32 channels on both levels, z 8) to keep the
                  fixture small; the tiny tokenizer; random bf16 weights (Janus-Pro ships bf16)
  converted/      what the converter makes of a fake `checkpoint-1/trainable_model_parameters.pth`
                  (kept in a temporary directory, not committed) with the PEFT key names of the
                  released one (model-spec 2.10) at the sizes of tests/engine/uniadgen_test_support.h,
                  run as `--dtype bf16 --lora-alpha 4 --preference-heads 4 --dino-heads 4
                  --history-length 3`
  expected.json   numbers computed here, independently of the converter and of the engine: merged
                  LoRA rows (W + alpha/r B A in float32 from the bf16 tensors), embed_tokens rows of
                  the checkpoint, the ids of the added tokens, preference/DINOv2 values, key counts

It also runs the converter on broken inputs and checks that it fails with a clear message (not
part of CI; the script exits non-zero when a check fails).
"""
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "uniadgen-checkpoint"
TOKENIZER = ROOT / "tests" / "fixtures" / "tokenizers" / "tiny-janus" / "tokenizer.json"
CONVERTER = ROOT / "tools" / "convert_uniadgen_checkpoint.py"
sys.path.insert(0, str(ROOT / "tools"))
from convert_janus_checkpoint import write_safetensors  # noqa: E402

SEED = 20240611
PEFT = "vl_gpt.base_model.model."

# tests/engine/tiny_model.h tinyConfig(), max positions as tinyUniAdGenModelConfig(); the VQ is
# smaller than tinyConfig()'s (channel multipliers [1, 1], z 8) but keeps its 2x downsampling, so
# the 4 px history images still make 2 x 2 = 4 codes.
BASE_CONFIG = {
    "format": "adgen-model",
    "version": 1,
    "name": "tiny-janus-base",
    "family": "janus-pro",
    "language": {"hidden_size": 64, "num_layers": 2, "num_heads": 4, "num_kv_heads": 2, "head_dim": 16,
                 "intermediate_size": 128, "vocab_size": 768, "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
                 "max_position_embeddings": 2048},
    "generation": {"image_token_size": 64, "code_dim": 8, "image_token_embed": 64, "grid_size": 4},
    "vq": {"codebook_size": 64, "code_dim": 8, "z_channels": 8, "base_channels": 32,
           "channel_multipliers": [1, 1], "num_res_blocks": 1},
}
# tests/engine/uniadgen_test_support.h tinyUniAdGenSection()
HISTORY_LENGTH, TITLE_SLOTS, IMAGE_SLOTS = 3, 5, 4
PREF_HEADS, PREF_FF, MASK_LAYERS, FUSION_LAYERS = 4, 128, 1, 1
CONDITION_LAYERS = 2
DINO_HIDDEN, DINO_LAYERS, DINO_HEADS, DINO_MLP, DINO_PATCH, DINO_GRID = 32, 1, 4, 64, 14, 5
LORA_RANK, LORA_ALPHA = 2, 4.0
CONVERTER_ARGS = ["--dtype", "bf16", "--lora-alpha", "4", "--preference-heads", "4", "--dino-heads", "4",
                  "--history-length", "3"]


# ---------------------------------------------------------------------------------------------
# Names and shapes (the same the C++ modules take(); checked against `adgen init-random-model`)

def janus_shapes(c):
    lang, gen, vq = c["language"], c["generation"], c["vq"]
    H, V, I = lang["hidden_size"], lang["vocab_size"], lang["intermediate_size"]
    q, kv = lang["num_heads"] * lang["head_dim"], lang["num_kv_heads"] * lang["head_dim"]
    s = {"language_model.model.embed_tokens.weight": [V, H], "language_model.model.norm.weight": [H],
         "language_model.lm_head.weight": [V, H]}
    for i in range(lang["num_layers"]):
        p = f"language_model.model.layers.{i}."
        s.update({p + "input_layernorm.weight": [H], p + "post_attention_layernorm.weight": [H],
                  p + "self_attn.q_proj.weight": [q, H], p + "self_attn.k_proj.weight": [kv, H],
                  p + "self_attn.v_proj.weight": [kv, H], p + "self_attn.o_proj.weight": [H, q],
                  p + "mlp.gate_proj.weight": [I, H], p + "mlp.up_proj.weight": [I, H],
                  p + "mlp.down_proj.weight": [H, I]})
    T, D, E = gen["image_token_size"], gen["code_dim"], gen["image_token_embed"]
    s.update({"gen_embed.weight": [T, D], "gen_aligner.layers.0.weight": [H, D], "gen_aligner.layers.0.bias": [H],
              "gen_aligner.layers.2.weight": [H, H], "gen_aligner.layers.2.bias": [H],
              "gen_head.output_mlp_projector.weight": [E, H], "gen_head.output_mlp_projector.bias": [E],
              "gen_head.vision_head.weight": [T, E], "gen_head.vision_head.bias": [T]})
    s.update(vq_shapes(vq, "gen_vision_model."))
    return s


def vq_shapes(vq, prefix):
    ch, mult, z, nres = vq["base_channels"], vq["channel_multipliers"], vq["z_channels"], vq["num_res_blocks"]
    s = {}

    def conv(key, cin, cout, k):
        s[prefix + key + ".weight"] = [cout, cin, k, k]
        s[prefix + key + ".bias"] = [cout]

    def norm(key, c):
        s[prefix + key + ".weight"] = [c]
        s[prefix + key + ".bias"] = [c]

    def res(key, cin, cout):
        norm(key + ".norm1", cin)
        conv(key + ".conv1", cin, cout, 3)
        norm(key + ".norm2", cout)
        conv(key + ".conv2", cout, cout, 3)
        if cin != cout:
            conv(key + ".nin_shortcut", cin, cout, 1)

    def attn(key, c):
        norm(key + ".norm", c)
        for part in ("q", "k", "v", "proj_out"):
            conv(key + "." + part, c, c, 1)

    def mid(part, c):
        res(part + ".mid.0", c, c)
        attn(part + ".mid.1", c)
        res(part + ".mid.2", c, c)

    conv("encoder.conv_in", 3, ch, 3)
    block_in, last = ch, len(mult) - 1
    for i, m in enumerate(mult):
        for j in range(nres):
            res(f"encoder.conv_blocks.{i}.res.{j}", block_in, ch * m)
            block_in = ch * m
            if i == last:
                attn(f"encoder.conv_blocks.{i}.attn.{j}", block_in)
        if i != last:
            conv(f"encoder.conv_blocks.{i}.downsample.conv", block_in, block_in, 3)
    mid("encoder", block_in)
    norm("encoder.norm_out", block_in)
    conv("encoder.conv_out", block_in, z, 3)
    conv("quant_conv", z, vq["code_dim"], 1)
    s[prefix + "quantize.embedding.weight"] = [vq["codebook_size"], vq["code_dim"]]
    conv("post_quant_conv", vq["code_dim"], z, 1)
    block_in = ch * mult[-1]
    conv("decoder.conv_in", z, block_in, 3)
    mid("decoder", block_in)
    for idx in range(len(mult)):
        out = ch * mult[len(mult) - 1 - idx]
        for j in range(nres + 1):
            res(f"decoder.conv_blocks.{idx}.res.{j}", block_in, out)
            block_in = out
            if idx == 0:
                attn(f"decoder.conv_blocks.{idx}.attn.{j}", block_in)
        if idx != len(mult) - 1:
            conv(f"decoder.conv_blocks.{idx}.upsample.conv", block_in, block_in, 3)
    norm("decoder.norm_out", block_in)
    conv("decoder.conv_out", block_in, 3, 3)
    return s


def checkpoint_shapes(c):
    """Every trainable Uni-AdGen tensor, named as in trainable_model_parameters.pth minus the PEFT
    prefix (model-spec 2.10), except the LoRA adapters and embed_tokens (made separately)."""
    H = c["language"]["hidden_size"]
    s = {}

    def linear(key, cin, cout):
        s[key + ".weight"] = [cout, cin]
        s[key + ".bias"] = [cout]

    def layer_norm(key, d):
        s[key + ".weight"] = [d]
        s[key + ".bias"] = [d]

    def fusion_block(p):
        for part in ("query", "key", "value", "proj"):
            linear(p + "attn." + part, H, H)
        linear(p + "ff.0", H, PREF_FF)
        linear(p + "ff.2", PREF_FF, H)
        layer_norm(p + "norm1", H)
        layer_norm(p + "norm2", H)

    for name, slots in (("visual_mask_generator.", IMAGE_SLOTS), ("text_mask_generator.", TITLE_SLOTS)):
        s[name + "base_transformer.pos_encoding"] = [1, slots, H]
        for i in range(MASK_LAYERS):
            fusion_block(f"{name}base_transformer.transformer_layers.{i}.")
        linear(name + "similarity_mask_layer.output_projection", H, H)
        layer_norm(name + "similarity_mask_layer.layer_norm", H)
    f = "dual_modality_fusion_encoder."
    s[f + "image_pos_encoding"] = [1, IMAGE_SLOTS, H]
    s[f + "text_pos_encoding"] = [1, TITLE_SLOTS, H]
    s[f + "modality_embeddings.weight"] = [2, H]
    linear(f + "proj.0", H, PREF_FF)
    linear(f + "proj.2", PREF_FF, H)
    for i in range(FUSION_LAYERS):
        fusion_block(f"{f}cross_modal_layers.{i}.")
    layer_norm(f + "final_norm", H)
    linear(f + "output_proj", H, H)

    m = "language_model.model."
    d = m + "adapter.model."
    s[d + "embeddings.cls_token"] = [1, 1, DINO_HIDDEN]
    s[d + "embeddings.mask_token"] = [1, DINO_HIDDEN]
    s[d + "embeddings.position_embeddings"] = [1, 1 + DINO_GRID * DINO_GRID, DINO_HIDDEN]
    s[d + "embeddings.patch_embeddings.projection.weight"] = [DINO_HIDDEN, 3, DINO_PATCH, DINO_PATCH]
    s[d + "embeddings.patch_embeddings.projection.bias"] = [DINO_HIDDEN]
    for i in range(DINO_LAYERS):
        p = f"{d}encoder.layer.{i}."
        layer_norm(p + "norm1", DINO_HIDDEN)
        for part in ("query", "key", "value"):
            linear(p + "attention.attention." + part, DINO_HIDDEN, DINO_HIDDEN)
        linear(p + "attention.output.dense", DINO_HIDDEN, DINO_HIDDEN)
        s[p + "layer_scale1.lambda1"] = [DINO_HIDDEN]
        layer_norm(p + "norm2", DINO_HIDDEN)
        linear(p + "mlp.fc1", DINO_HIDDEN, DINO_MLP)
        linear(p + "mlp.fc2", DINO_MLP, DINO_HIDDEN)
        s[p + "layer_scale2.lambda1"] = [DINO_HIDDEN]
    layer_norm(d + "layernorm", DINO_HIDDEN)
    s[m + "adapter_mlp.newfc1.weight"] = [H, DINO_HIDDEN]
    s[m + "adapter_mlp.newfc2.weight"] = [H, H]
    s[m + "condition_mlp.cap_proj.newfc1.weight"] = [H, H]
    s[m + "condition_mlp.cap_proj.newfc2.weight"] = [H, H]
    for k in range(CONDITION_LAYERS):
        s[f"{m}condition_layers.{k}.newfc1.weight"] = [H, H]
        s[f"{m}condition_layers.{k}.newfc2.weight"] = [H, H]
    return s


def random_tensor(gen, key, shape):
    noise = torch.randn(shape, generator=gen)
    if len(shape) == 1 and "norm" in key and not key.endswith(".bias"):
        return 1.0 + 0.1 * noise
    if len(shape) == 1:
        return 0.02 * noise
    if "embed" in key and len(shape) == 2:
        return noise
    return noise / math.sqrt(math.prod(shape[1:]))


def bf16(t):
    """The float32 value of `t` rounded to bfloat16 (what the bf16 files hold)."""
    return t.to(torch.bfloat16).float()


def floats(t):
    return [float(x) for x in t.reshape(-1).tolist()]


# ---------------------------------------------------------------------------------------------

def make_base(directory, gen):
    directory.mkdir(parents=True)
    (directory / "config.json").write_text(json.dumps(BASE_CONFIG, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(TOKENIZER, directory / "tokenizer.json")
    tensors = {k: random_tensor(gen, k, v) for k, v in sorted(janus_shapes(BASE_CONFIG).items())}
    write_safetensors(directory / "model.safetensors", {k: v.to(torch.bfloat16) for k, v in tensors.items()})
    return tensors


def make_checkpoint(directory, gen, base):
    state = {}
    # LoRA on q/k/v/o of every layer (peft 0.4.0 names: the base weight is not trainable, so absent).
    for i in range(BASE_CONFIG["language"]["num_layers"]):
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            out, cin = base[f"language_model.model.layers.{i}.self_attn.{proj}.weight"].shape
            key = f"language_model.model.layers.{i}.self_attn.{proj}"
            state[key + ".lora_A.default.weight"] = torch.randn(LORA_RANK, cin, generator=gen) / math.sqrt(cin)
            state[key + ".lora_B.default.weight"] = 0.1 * torch.randn(out, LORA_RANK, generator=gen)
    # Fine-tuned embed_tokens: every row moved a little, the rows of the runtime tokens trained anew.
    embed = base["language_model.model.embed_tokens.weight"]
    state["language_model.model.embed_tokens.weight"] = embed + 0.05 * torch.randn(embed.shape, generator=gen)
    for k, v in sorted(checkpoint_shapes(BASE_CONFIG).items()):
        state[k] = random_tensor(gen, k, v)
    directory.mkdir(parents=True)
    # As the training script saves them: the Parameters themselves, under the PEFT prefix.
    torch.save({PEFT + k: torch.nn.Parameter(v) for k, v in state.items()}, directory / "trainable_model_parameters.pth")
    return state


def run_converter(base, checkpoint, out, extra=()):
    return subprocess.run([sys.executable, str(CONVERTER), "--base", str(base), "--checkpoint", str(checkpoint),
                           "--out", str(out), *CONVERTER_ARGS, *extra], capture_output=True, text=True)


def expected_values(base, state, added_ids):
    scale = LORA_ALPHA / LORA_RANK
    merged = []
    for key, rows in (("language_model.model.layers.0.self_attn.q_proj", [0, 17, 63]),
                      ("language_model.model.layers.1.self_attn.k_proj", [0, 31]),
                      ("language_model.model.layers.1.self_attn.o_proj", [5])):
        w = bf16(base[key + ".weight"])
        a = bf16(state[key + ".lora_A.default.weight"])
        b = bf16(state[key + ".lora_B.default.weight"])
        full = w + scale * (b @ a)
        assert (full - w).abs().max() > 1e-3, "the adapter must change the weight visibly"
        merged.append({"key": key + ".weight", "shape": list(full.shape), "rows": rows,
                       "values": [floats(full[r]) for r in rows]})
    embed = bf16(state["language_model.model.embed_tokens.weight"])
    base_embed = bf16(base["language_model.model.embed_tokens.weight"])
    embed_rows = sorted({added_ids["<title_placeholder>"], added_ids["</ref>"], 5, 712})
    for r in embed_rows:
        assert not torch.equal(embed[r], base_embed[r])
    untouched = "language_model.model.layers.0.mlp.up_proj.weight"
    tensors = [("visual_mask_generator.base_transformer.pos_encoding", [0, 1]),
               ("text_mask_generator.base_transformer.transformer_layers.0.ff.0.bias", []),
               ("dual_modality_fusion_encoder.modality_embeddings.weight", [1]),
               ("language_model.model.adapter.model.embeddings.cls_token", [0, 0]),
               ("language_model.model.condition_layers.1.newfc2.weight", [3])]
    return {
        "comment": "written by tools/make_uniadgen_checkpoint_fixture.py from the tensors it made; float32 values of "
                   "the bf16 files, merged LoRA rows = W + alpha/r * B @ A computed in float32",
        "lora": {"rank": LORA_RANK, "alpha": LORA_ALPHA, "scale": scale,
                 "merged_modules": sorted(k[:-len(".lora_A.default.weight")] for k in state if k.endswith(".lora_A.default.weight"))},
        "merged": merged,
        "unmerged": {"key": untouched, "row": 2, "values": floats(bf16(base[untouched])[2])},
        "embed_tokens": {"rows": embed_rows, "values": [floats(embed[r]) for r in embed_rows]},
        "added_tokens": added_ids,
        "tensors": [{"key": k, "index": idx, "shape": list(state[k].shape), "values": floats(bf16(state[k])[tuple(idx)])}
                    for k, idx in tensors],
        "replaced_base_keys": ["language_model.model.embed_tokens.weight"],
        "checkpoint_tensor_count": len(state),
        "base_tensor_count": len(base),
    }


def check_failures(tmp, base, checkpoint):
    """The converter on broken inputs: it must stop with a message naming the problem."""
    problems = []

    def expect_failure(what, args, needle):
        result = run_converter(*args)
        if result.returncode == 0 or needle not in result.stderr:
            problems.append(f"{what}: rc {result.returncode}, stderr {result.stderr.strip()!r}")

    expect_failure("no checkpoint file", (base, tmp / "checkpoint-9", tmp / "bad1"), "trainable_model_parameters.pth")
    expect_failure("base without weights", (tmp / "nowhere", checkpoint, tmp / "bad2"), "safetensors")
    state = torch.load(checkpoint / "trainable_model_parameters.pth")
    janus_only = {k: v for k, v in state.items() if "mask_generator" not in k}
    (tmp / "checkpoint-2").mkdir()
    torch.save(janus_only, tmp / "checkpoint-2" / "trainable_model_parameters.pth")
    expect_failure("checkpoint without the preference modules", (base, tmp / "checkpoint-2", tmp / "bad3"),
                   "visual_mask_generator")
    half = {k: v for k, v in state.items() if not k.endswith("layers.1.self_attn.v_proj.lora_B.default.weight")}
    (tmp / "checkpoint-3").mkdir()
    torch.save(half, tmp / "checkpoint-3" / "trainable_model_parameters.pth")
    expect_failure("LoRA adapter without its B", (base, tmp / "checkpoint-3", tmp / "bad4"), "v_proj")
    expect_failure("wrong --lora-rank", (base, checkpoint, tmp / "bad5", ["--lora-rank", "16"]), "rank")
    expect_failure("heads that do not divide", (base, checkpoint, tmp / "bad6", ["--preference-heads", "5"]), "heads")
    for n in range(1, 7):
        if (tmp / f"bad{n}").exists():
            problems.append(f"bad{n}: the converter left an output directory behind after failing")
    return problems


def main():
    gen = torch.Generator().manual_seed(SEED)
    for old in ("base", "converted"):  # README.md stays
        shutil.rmtree(FIXTURE / old, ignore_errors=True)
    FIXTURE.mkdir(parents=True, exist_ok=True)
    base_dir = FIXTURE / "base"
    base = make_base(base_dir, gen)
    with tempfile.TemporaryDirectory(prefix="uniadgen-checkpoint-") as tmp:
        tmp = Path(tmp)
        checkpoint = tmp / "checkpoint-1"
        state = make_checkpoint(checkpoint, gen, base)
        result = run_converter(base_dir, checkpoint, FIXTURE / "converted")
        sys.stdout.write(result.stdout)
        if result.returncode != 0:
            sys.exit(f"the converter failed:\n{result.stderr}")
        problems = check_failures(tmp, base_dir, checkpoint)

    converted = FIXTURE / "converted"
    config = json.loads((converted / "config.json").read_text(encoding="utf-8"))
    if config["base_model"] != "../base":
        problems.append(f"base_model is {config['base_model']!r}, not '../base'")
    added_ids = json.loads((converted / "added_tokens.json").read_text(encoding="utf-8"))
    # Independently of the converter: HF add_special_tokens appends after the last id, in order.
    tok = json.loads(TOKENIZER.read_text(encoding="utf-8"))
    next_id = max([*tok["model"]["vocab"].values(), *(a["id"] for a in tok["added_tokens"])]) + 1
    mine = {t: next_id + i for i, t in enumerate(["<title_placeholder>", "<begin_of_history_title>",
                                                   "<end_of_history_title>", "<grounding>", "</grounding>", "<box>",
                                                   "</box>", "<ref>", "</ref>"])}
    if added_ids != mine:
        problems.append(f"added_tokens.json is {added_ids}, expected {mine}")
    want_section = {"history_length": HISTORY_LENGTH, "history_title_tokens": TITLE_SLOTS,
                    "history_image_tokens": IMAGE_SLOTS, "history_image_size": 4,
                    "preference": {"heads": PREF_HEADS, "ff_dim": PREF_FF, "mask_layers": MASK_LAYERS,
                                   "fusion_layers": FUSION_LAYERS},
                    "foreground": {"condition_layers": CONDITION_LAYERS, "layer_interval": 1,
                                   "dinov2": {"hidden_size": DINO_HIDDEN, "num_layers": DINO_LAYERS,
                                              "num_heads": DINO_HEADS, "mlp_size": DINO_MLP,
                                              "patch_size": DINO_PATCH, "position_grid": DINO_GRID}},
                    "lora": {"rank": LORA_RANK, "alpha": LORA_ALPHA}}

    def compare(want, got, path):
        for k, v in want.items():
            if isinstance(v, dict):
                compare(v, got.get(k, {}), path + k + ".")
            elif got.get(k) != v:
                problems.append(f"config.json uniadgen.{path}{k} is {got.get(k)!r}, expected {v!r}")

    compare(want_section, config.get("uniadgen", {}), "")
    expected = expected_values(base, state, added_ids)
    (FIXTURE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in FIXTURE.rglob("*") if p.is_file())
    print(f"wrote {FIXTURE.relative_to(ROOT)} ({size / 1024:.0f} KiB)")
    if problems:
        sys.exit("problems:\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    main()
