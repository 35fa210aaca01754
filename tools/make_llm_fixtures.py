#!/usr/bin/env python3
"""Writes the LLM + Janus generation-head parity fixtures under tests/fixtures/parity/.

Two tiny random Janus-Pro language models (``llm-tiny``: MHA, ``llm-tiny-gqa``: GQA) are stored in the
ORIGINAL Janus checkpoint key layout (Hugging Face LLaMA "rotate-half" q/k row order), and the expected
outputs are computed by reference code we did not write, loaded from files given on the command line:

* the decoder: gpt-fast ``model.py`` (github.com/pytorch-labs/gpt-fast), a plain-PyTorch LLaMA with a
  KV cache. Its RoPE rotates interleaved pairs, so its q/k weights are the Janus ones with the row
  permutation that gpt-fast's own ``scripts/convert_hf_checkpoint.py`` applies; that script's
  ``weight_map`` dict and nested ``permute`` function are extracted from the file with ``ast`` and used
  as they are (the script itself imports ``safetensors``, which is not installed here).
* the generation adapters: Janus ``janus/models/projector.py`` (``MlpProjector``, ``mlp_gelu`` depth 2,
  for ``gen_aligner``) with a stub ``attrdict`` module, and the ``vision_head`` class (``gen_head``)
  extracted with ``ast`` from ``janus/models/modeling_vlm.py`` (which imports transformers).
  ``gen_embed`` is a plain ``torch.nn.Embedding``, as in ``MultiModalityCausalLM.__init__``.

gpt-fast needs ``torch.nn.functional.scaled_dot_product_attention`` (torch >= 2.0). On older torch
(Debian 12 ships 1.13) a shim is installed before gpt-fast is imported: plain math
``softmax(Q K^T * scale + mask) V`` with a boolean mask meaning "keep", no dropout.

gpt-fast's ``Transformer.forward`` takes token ids; image generation feeds embeddings, so
``decoder_on_embeddings`` below repeats the body of ``Transformer.forward`` (mask and RoPE table indexed
by ``input_pos``, every ``TransformerBlock`` in turn, final ``norm``) without the token embedding and
``output`` projection. The reference layer code is not modified.

Everything runs in fp32 on the CPU with one thread, from fixed seeds, so the output is bit-identical
from run to run. Needs Python 3 + torch (>= 1.13) + numpy; run with Debian's interpreter:

    /usr/bin/python3 tools/make_llm_fixtures.py \\
        --gpt-fast-model REFS/gpt-fast/model.py \\
        --gpt-fast-convert REFS/gpt-fast/scripts/convert_hf_checkpoint.py \\
        --janus-projector REFS/Janus/janus/models/projector.py \\
        --janus-vlm REFS/Janus/janus/models/modeling_vlm.py

See tests/fixtures/parity/README.md for the reference commits and what each file holds.
"""
import argparse
import ast
import collections
import hashlib
import importlib.util
import json
import math
import pathlib
import re
import struct
import sys
import types

import numpy as np
import torch
import torch.nn.functional as F

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "fixtures" / "parity"

BOS_ID, PAD_ID, BOI_ID = 1, 3, 4  # tiny-vocabulary special ids (model-spec 7.4)
FIRST_PLAIN_ID = 6                # ids 0..5 are reserved for specials in the tiny vocabulary
CFG_WEIGHT = 5.0
PARALLEL = 2                      # images generated in parallel (P); 2*P rows, cond/uncond interleaved
PROMPT_LEN = 7
FORWARD_BATCH, FORWARD_LEN, PREFILL = 2, 12, 8
GEN_CODES = 5
MIN_TOP2_MARGIN = 0.05            # guided-logit gap between the best and second-best code at every step
MIN_DISTINCT_CODES = 8            # distinct codes in each generated 4x4 image

refs_digest = {}                  # sha256 of the reference files, stored in expected.safetensors metadata

# weight standard deviations (activations stay O(1); RMSNorm weights are 1 + N(0, norm_jitter))
SCALES = dict(embed=1.0, q=0.25, k=0.25, v=0.15, o=0.15, mlp=0.08, lm_head=0.1, norm_jitter=0.2,
              gen_embed=1.0, aligner_out=0.5, bias=0.05)

CONFIGS = [
    dict(name="llm-tiny", seed=20240601, hidden_size=64, num_layers=2, num_heads=4, num_kv_heads=4,
         head_dim=16, intermediate_size=128, vocab_size=128, rms_norm_eps=1e-6, rope_theta=10000.0,
         max_position_embeddings=256, image_token_size=64, code_dim=8, image_token_embed=64, grid_size=4),
    dict(name="llm-tiny-gqa", seed=20240616, hidden_size=64, num_layers=3, num_heads=4, num_kv_heads=2,
         head_dim=16, intermediate_size=128, vocab_size=128, rms_norm_eps=1e-6, rope_theta=500000.0,
         max_position_embeddings=256, image_token_size=64, code_dim=8, image_token_embed=64, grid_size=4),
]


# ----------------------------------------------------------------------------------------------------
# safetensors writer (8-byte little-endian header length, JSON header padded with spaces to a multiple
# of 8, raw little-endian data)

_DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}


def save_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        code, np_dtype = _DTYPES[t.dtype]
        blob = t.numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
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
# loading the references

def install_sdpa_shim():
    """torch < 2.0 has no F.scaled_dot_product_attention; gpt-fast calls it as
    F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask, dropout_p=0.0). This is the math
    definition: softmax(Q K^T / sqrt(head_dim) + mask) V, where a boolean mask marks positions to keep
    and a float mask is added."""
    if hasattr(F, "scaled_dot_product_attention"):
        return False

    def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
                                     scale=None):
        assert dropout_p == 0.0, "shim: no dropout"
        scale = 1.0 / math.sqrt(query.size(-1)) if scale is None else scale
        scores = torch.matmul(query, key.transpose(-2, -1)) * scale
        if is_causal:
            L, S = query.size(-2), key.size(-2)
            keep = torch.ones(L, S, dtype=torch.bool, device=query.device).tril(diagonal=0)
            scores = scores.masked_fill(~keep, float("-inf"))
        if attn_mask is not None:
            if attn_mask.dtype == torch.bool:
                scores = scores.masked_fill(~attn_mask, float("-inf"))
            else:
                scores = scores + attn_mask
        return torch.matmul(torch.softmax(scores, dim=-1), value)

    F.scaled_dot_product_attention = scaled_dot_product_attention
    return True


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, str(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _find(nodes, kind, name):
    for node in nodes:
        if isinstance(node, kind) and node.name == name:
            return node
    raise SystemExit(f"reference file: {kind.__name__} {name!r} not found")


def load_gptfast_converter(path):
    """weight_map (HF key -> gpt-fast key) and the nested permute(w, n_head) of
    convert_hf_checkpoint(), taken from gpt-fast's scripts/convert_hf_checkpoint.py."""
    tree = ast.parse(pathlib.Path(path).read_text(), filename=str(path))
    func = _find(tree.body, ast.FunctionDef, "convert_hf_checkpoint")
    weight_map = None
    for node in func.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "weight_map"
                                                for t in node.targets):
            weight_map = ast.literal_eval(node.value)
    if weight_map is None:
        raise SystemExit("convert_hf_checkpoint.py: weight_map not found")
    permute_def = _find(func.body, ast.FunctionDef, "permute")
    code = compile(ast.Module(body=[permute_def], type_ignores=[]), str(path), "exec")

    def make_permute(config):
        namespace = {"config": config, "torch": torch}  # permute reads config.dim / config.head_dim
        exec(code, namespace)
        return namespace["permute"]

    return weight_map, make_permute


def load_janus(projector_path, vlm_path):
    class AttrDict(dict):  # stand-in for the attrdict package (attribute access to keys)
        def __getattr__(self, key):
            try:
                return self[key]
            except KeyError as e:
                raise AttributeError(key) from e

    stub = types.ModuleType("attrdict")
    stub.AttrDict = AttrDict
    sys.modules.setdefault("attrdict", stub)
    projector = load_module("janus_projector", projector_path)

    tree = ast.parse(pathlib.Path(vlm_path).read_text(), filename=str(vlm_path))
    cls = _find(tree.body, ast.ClassDef, "vision_head")
    namespace = {"torch": torch, "__name__": "janus_modeling_vlm"}
    exec(compile(ast.Module(body=[cls], type_ignores=[]), str(vlm_path), "exec"), namespace)
    return projector.MlpProjector, namespace["vision_head"], AttrDict


# ----------------------------------------------------------------------------------------------------
# weights in the original Janus layout

def make_weights(cfg, gen, sc=SCALES):
    D, H, KV, hd = cfg["hidden_size"], cfg["num_heads"], cfg["num_kv_heads"], cfg["head_dim"]
    I, V = cfg["intermediate_size"], cfg["vocab_size"]
    n_codes, code_dim, E = cfg["image_token_size"], cfg["code_dim"], cfg["image_token_embed"]

    def normal(shape, std):
        return torch.randn(*shape, generator=gen) * std

    def norm_weight():  # RMSNorm weights perturbed away from 1
        return 1.0 + normal([D], sc["norm_jitter"])

    w = collections.OrderedDict()
    p = "language_model.model."
    w[p + "embed_tokens.weight"] = normal([V, D], sc["embed"])
    for i in range(cfg["num_layers"]):
        q = f"{p}layers.{i}."
        w[q + "self_attn.q_proj.weight"] = normal([H * hd, D], sc["q"])
        w[q + "self_attn.k_proj.weight"] = normal([KV * hd, D], sc["k"])
        w[q + "self_attn.v_proj.weight"] = normal([KV * hd, D], sc["v"])
        w[q + "self_attn.o_proj.weight"] = normal([D, H * hd], sc["o"])
        w[q + "mlp.gate_proj.weight"] = normal([I, D], sc["mlp"])
        w[q + "mlp.up_proj.weight"] = normal([I, D], sc["mlp"])
        w[q + "mlp.down_proj.weight"] = normal([D, I], sc["mlp"])
        w[q + "input_layernorm.weight"] = norm_weight()
        w[q + "post_attention_layernorm.weight"] = norm_weight()
    w[p + "norm.weight"] = norm_weight()
    w["language_model.lm_head.weight"] = normal([V, D], sc["lm_head"])
    w["gen_embed.weight"] = normal([n_codes, code_dim], sc["gen_embed"])
    w["gen_aligner.layers.0.weight"] = normal([D, code_dim], 1.0 / math.sqrt(code_dim))
    w["gen_aligner.layers.0.bias"] = normal([D], sc["bias"])
    w["gen_aligner.layers.2.weight"] = normal([D, D], sc["aligner_out"] / math.sqrt(D))
    w["gen_aligner.layers.2.bias"] = normal([D], sc["bias"])
    w["gen_head.output_mlp_projector.weight"] = normal([E, D], 1.0 / math.sqrt(D))
    w["gen_head.output_mlp_projector.bias"] = normal([E], sc["bias"])
    w["gen_head.vision_head.weight"] = normal([n_codes, E], 1.0 / math.sqrt(E))
    w["gen_head.vision_head.bias"] = normal([n_codes], sc["bias"])
    return w


def gptfast_state_dict(weights, weight_map):
    """The renaming loop of gpt-fast's convert_hf_checkpoint() applied to our tensors (HF keys are the
    Janus keys without the 'language_model.' prefix)."""
    merged = {k[len("language_model."):]: v for k, v in weights.items() if k.startswith("language_model.")}
    final = {}
    for key, value in merged.items():
        if "layers" in key:
            abstract_key = re.sub(r'(\d+)', '{}', key)
            layer_num = re.search(r'\d+', key).group(0)
            new_key = weight_map[abstract_key]
            if new_key is None:
                continue
            new_key = new_key.format(layer_num)
        else:
            new_key = weight_map[key]
        final[new_key] = value
    return final


def build_decoder(gptfast, cfg, weights, weight_map, make_permute):
    args = gptfast.ModelArgs(
        block_size=cfg["max_position_embeddings"], vocab_size=cfg["vocab_size"], n_layer=cfg["num_layers"],
        n_head=cfg["num_heads"], dim=cfg["hidden_size"], intermediate_size=cfg["intermediate_size"],
        n_local_heads=cfg["num_kv_heads"], head_dim=cfg["head_dim"], rope_base=cfg["rope_theta"],
        norm_eps=cfg["rms_norm_eps"])
    assert args.head_dim == cfg["head_dim"], "gpt-fast derives head_dim = dim // n_head"
    permute = make_permute(args)
    final = gptfast_state_dict(weights, weight_map)
    # as in convert_hf_checkpoint(): wq/wk rows permuted (rotate-half -> interleaved pairs), then
    # concatenated with wv into wqkv
    for key in tuple(final.keys()):
        if "wq" in key:
            q = final[key]
            k = final[key.replace("wq", "wk")]
            v = final[key.replace("wq", "wv")]
            q = permute(q, args.n_head)
            k = permute(k, args.n_local_heads)
            final[key.replace("wq", "wqkv")] = torch.cat([q, k, v])
            del final[key]
            del final[key.replace("wq", "wk")]
            del final[key.replace("wq", "wv")]
    model = gptfast.Transformer(args)
    model.load_state_dict(final, strict=True)
    return model.eval()


def fresh_caches(model, batch, length):
    """New zeroed KV caches of exactly `batch` rows (gpt-fast's setup_caches keeps old ones when they
    are large enough)."""
    model.max_batch_size = -1
    model.max_seq_length = -1
    model.setup_caches(batch, length)


def decoder_on_embeddings(model, x, input_pos):
    """gpt-fast Transformer.forward with inputs_embeds instead of token ids and without the output
    projection: returns the final-norm hidden states (what Janus reads as last_hidden_state)."""
    mask = model.causal_mask[None, None, input_pos]
    freqs_cis = model.freqs_cis[input_pos]
    for layer in model.layers:
        x = layer(x, input_pos, freqs_cis, mask)
    return model.norm(x)


def independent_rotate_half_forward(cfg, weights, ids):
    """Cross-check only (not stored): a direct HF-convention LLaMA forward on the unpermuted Janus
    weights, to confirm that the permuted gpt-fast model computes the same function."""
    D, H, KV, hd = cfg["hidden_size"], cfg["num_heads"], cfg["num_kv_heads"], cfg["head_dim"]
    p = "language_model.model."
    B, L = ids.shape

    def rms(x, w):
        return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + cfg["rms_norm_eps"]))

    inv = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, hd, 2).float() / hd))
    ang = torch.outer(torch.arange(L).float(), inv)
    ang = torch.cat([ang, ang], -1)
    cos, sin = ang.cos(), ang.sin()

    def rope(x):  # [B, h, L, hd]
        x1, x2 = x[..., : hd // 2], x[..., hd // 2:]
        return x * cos + torch.cat([-x2, x1], -1) * sin

    h = weights[p + "embed_tokens.weight"][ids]
    causal = torch.ones(L, L, dtype=torch.bool).tril()
    for i in range(cfg["num_layers"]):
        q_ = f"{p}layers.{i}."
        x = rms(h, weights[q_ + "input_layernorm.weight"])
        q = (x @ weights[q_ + "self_attn.q_proj.weight"].T).view(B, L, H, hd).transpose(1, 2)
        k = (x @ weights[q_ + "self_attn.k_proj.weight"].T).view(B, L, KV, hd).transpose(1, 2)
        v = (x @ weights[q_ + "self_attn.v_proj.weight"].T).view(B, L, KV, hd).transpose(1, 2)
        q, k = rope(q), rope(k)
        k = k[:, :, None].expand(B, KV, H // KV, L, hd).reshape(B, H, L, hd)
        v = v[:, :, None].expand(B, KV, H // KV, L, hd).reshape(B, H, L, hd)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        a = torch.softmax(s.masked_fill(~causal, float("-inf")), -1) @ v
        h = h + a.transpose(1, 2).reshape(B, L, H * hd) @ weights[q_ + "self_attn.o_proj.weight"].T
        x = rms(h, weights[q_ + "post_attention_layernorm.weight"])
        m = F.silu(x @ weights[q_ + "mlp.gate_proj.weight"].T) * (x @ weights[q_ + "mlp.up_proj.weight"].T)
        h = h + m @ weights[q_ + "mlp.down_proj.weight"].T
    h = rms(h, weights[p + "norm.weight"])
    return h @ weights["language_model.lm_head.weight"].T


# ----------------------------------------------------------------------------------------------------

def generate_one(cfg, refs, out_dir):
    gptfast, weight_map, make_permute, MlpProjector, VisionHead, AttrDict = refs
    gen = torch.Generator().manual_seed(cfg["seed"])
    weights = make_weights(cfg, gen)
    D, V = cfg["hidden_size"], cfg["vocab_size"]
    n_codes = cfg["image_token_size"]
    steps = cfg["grid_size"] ** 2

    decoder = build_decoder(gptfast, cfg, weights, weight_map, make_permute)
    gen_embed = torch.nn.Embedding(n_codes, cfg["code_dim"])
    gen_embed.load_state_dict({"weight": weights["gen_embed.weight"]})
    gen_aligner = MlpProjector(AttrDict(projector_type="mlp_gelu", input_dim=cfg["code_dim"], n_embed=D,
                                        depth=2))
    gen_aligner.load_state_dict({k[len("gen_aligner."):]: v for k, v in weights.items()
                                 if k.startswith("gen_aligner.")}, strict=True)
    gen_head = VisionHead(AttrDict(n_embed=D, image_token_embed=cfg["image_token_embed"],
                                   image_token_size=n_codes))
    gen_head.load_state_dict({k[len("gen_head."):]: v for k, v in weights.items()
                              if k.startswith("gen_head.")}, strict=True)
    for m in (gen_embed, gen_aligner, gen_head):
        m.eval()

    def prepare_gen_img_embeds(ids):  # MultiModalityCausalLM.prepare_gen_img_embeds
        return gen_aligner(gen_embed(ids))

    # inputs
    input_ids = torch.randint(0, V, (FORWARD_BATCH, FORWARD_LEN), generator=gen)
    codes = torch.randint(0, n_codes, (FORWARD_BATCH, GEN_CODES), generator=gen)
    prompts = torch.randint(FIRST_PLAIN_ID, V, (PARALLEL, PROMPT_LEN), generator=gen)
    prompts[:, 0] = BOS_ID
    prompts[:, -1] = BOI_ID
    assert not torch.equal(prompts[0], prompts[1])

    captured = {}
    hook = decoder.norm.register_forward_hook(lambda mod, inp, out: captured.__setitem__("h", out))
    stats = {}
    with torch.no_grad():
        # 1. full causal forward from position 0
        fresh_caches(decoder, FORWARD_BATCH, FORWARD_LEN)
        logits = decoder(input_ids, torch.arange(FORWARD_LEN))
        hidden = captured["h"]

        # 2. KV cache: prefill, then single-token steps
        fresh_caches(decoder, FORWARD_BATCH, FORWARD_LEN)
        decoder(input_ids[:, :PREFILL], torch.arange(PREFILL))
        steps_logits = []
        for pos in range(PREFILL, FORWARD_LEN):
            steps_logits.append(decoder(input_ids[:, pos:pos + 1], torch.tensor([pos])))
        incremental = torch.cat(steps_logits, dim=1)
        hook.remove()
        stats["incremental"] = (logits[:, PREFILL:] - incremental).abs().max().item()

        # embeddings path == token path (the wrapper used for generation)
        fresh_caches(decoder, FORWARD_BATCH, FORWARD_LEN)
        h_emb = decoder_on_embeddings(decoder, decoder.tok_embeddings(input_ids), torch.arange(FORWARD_LEN))
        stats["embeds_wrapper"] = (h_emb - hidden).abs().max().item()
        stats["rotate_half"] = (independent_rotate_half_forward(cfg, weights, input_ids) - logits).abs().max().item()

        # 3. generation adapters
        embeds_in = prepare_gen_img_embeds(codes)
        head_logits = gen_head(hidden[:, -GEN_CODES:])

        # 4. greedy CFG image generation, as generation_inference.py but argmax instead of multinomial
        rows = torch.zeros((PARALLEL * 2, PROMPT_LEN), dtype=torch.long)
        for i in range(PARALLEL * 2):
            rows[i, :] = prompts[i // 2]
            if i % 2 != 0:
                rows[i, 1:-1] = PAD_ID
        inputs_embeds = decoder.tok_embeddings(rows)  # language_model.get_input_embeddings()
        fresh_caches(decoder, PARALLEL * 2, PROMPT_LEN + steps)
        generated = torch.zeros((PARALLEL, steps), dtype=torch.long)
        step_logits = torch.zeros((steps, PARALLEL, n_codes))
        all_embeds = inputs_embeds  # for the no-cache cross-check
        pos, margins = 0, []
        for i in range(steps):
            seq = inputs_embeds.shape[1]
            hidden_states = decoder_on_embeddings(decoder, inputs_embeds, torch.arange(pos, pos + seq))
            pos += seq
            logits_g = gen_head(hidden_states[:, -1, :])
            logit_cond = logits_g[0::2, :]
            logit_uncond = logits_g[1::2, :]
            guided = logit_uncond + CFG_WEIGHT * (logit_cond - logit_uncond)
            step_logits[i] = guided
            next_token = torch.argmax(guided, dim=-1, keepdim=True)
            top2 = guided.topk(2, dim=-1).values
            margins.append((top2[:, 0] - top2[:, 1]).min().item())
            generated[:, i] = next_token.squeeze(dim=-1)
            next_token = torch.cat([next_token.unsqueeze(dim=1), next_token.unsqueeze(dim=1)], dim=1).view(-1)
            img_embeds = prepare_gen_img_embeds(next_token)
            inputs_embeds = img_embeds.unsqueeze(dim=1)
            if i + 1 < steps:
                all_embeds = torch.cat([all_embeds, inputs_embeds], dim=1)
        stats["cfg_min_top2_margin"] = min(margins)
        stats["cfg_distinct"] = min(len(set(r.tolist())) for r in generated)
        # and so that greedy decoding does not fall into a single repeated code within a few steps
        assert stats["cfg_distinct"] >= MIN_DISTINCT_CODES, f"only {stats['cfg_distinct']} distinct codes"
        # seeds were chosen so that no greedy step is a near tie (an fp32 implementation must pick the
        # same token); fail loudly if a change to the weights/inputs breaks that
        assert min(margins) > MIN_TOP2_MARGIN, f"greedy CFG step with top-2 margin {min(margins):.2e}"
        assert not torch.equal(generated[0], generated[1]), "the two images should differ"

        # cross-check: the same generation recomputed without cache (full sequence each step)
        worst = 0.0
        for i in range(steps):
            L = PROMPT_LEN + i
            fresh_caches(decoder, PARALLEL * 2, L)
            hs = decoder_on_embeddings(decoder, all_embeds[:, :L], torch.arange(L))
            lg = gen_head(hs[:, -1, :])
            g = lg[1::2] + CFG_WEIGHT * (lg[0::2] - lg[1::2])
            worst = max(worst, (g - step_logits[i]).abs().max().item())
        stats["cfg_no_cache"] = worst

    stats["logits_absmax"] = logits.abs().max().item()
    stats["logits_std"] = logits.std().item()
    stats["cfg_logits_absmax"] = step_logits.abs().max().item()

    out_dir.mkdir(parents=True, exist_ok=True)
    save_safetensors(out_dir / "model.safetensors", weights, {"format": "pt"})
    expected = collections.OrderedDict()
    expected["forward.input_ids"] = input_ids
    expected["forward.logits"] = logits
    expected["forward.hidden"] = hidden
    expected["incremental.logits"] = incremental
    expected["gen.codes"] = codes
    expected["gen.embeds_in"] = embeds_in
    expected["gen.head_logits"] = head_logits
    expected["cfg.prompt_ids"] = prompts
    expected["cfg.tokens"] = generated
    expected["cfg.step_logits"] = step_logits
    meta = {"generator": "tools/make_llm_fixtures.py", "cfg_weight": CFG_WEIGHT, "bos_id": BOS_ID,
            "pad_id": PAD_ID, "boi_id": BOI_ID, "prefill": PREFILL}
    meta.update({"ref_sha256." + k: v for k, v in refs_digest.items()})
    save_safetensors(out_dir / "expected.safetensors", expected, meta)

    config = {
        "format": "adgen-model", "version": 1, "name": cfg["name"], "family": "janus-pro",
        "language": {k: cfg[k] for k in ("hidden_size", "num_layers", "num_heads", "num_kv_heads", "head_dim",
                                          "intermediate_size", "vocab_size", "rms_norm_eps", "rope_theta",
                                          "max_position_embeddings")},
        "generation": {k: cfg[k] for k in ("image_token_size", "code_dim", "image_token_embed", "grid_size")},
    }
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gpt-fast-model", required=True, help="gpt-fast model.py")
    ap.add_argument("--gpt-fast-convert", required=True, help="gpt-fast scripts/convert_hf_checkpoint.py")
    ap.add_argument("--janus-projector", required=True, help="Janus janus/models/projector.py")
    ap.add_argument("--janus-vlm", required=True, help="Janus janus/models/modeling_vlm.py")
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    a = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    for key, path in (("gpt-fast/model.py", a.gpt_fast_model),
                      ("gpt-fast/scripts/convert_hf_checkpoint.py", a.gpt_fast_convert),
                      ("Janus/janus/models/projector.py", a.janus_projector),
                      ("Janus/janus/models/modeling_vlm.py", a.janus_vlm)):
        refs_digest[key] = hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()

    shim = install_sdpa_shim()
    gptfast = load_module("gptfast_model", a.gpt_fast_model)
    weight_map, make_permute = load_gptfast_converter(a.gpt_fast_convert)
    MlpProjector, VisionHead, AttrDict = load_janus(a.janus_projector, a.janus_vlm)
    refs = (gptfast, weight_map, make_permute, MlpProjector, VisionHead, AttrDict)
    print(f"torch {torch.__version__}, numpy {np.__version__}, "
          f"scaled_dot_product_attention: {'shim' if shim else 'torch'}")

    for cfg in CONFIGS:
        s = generate_one(cfg, refs, a.out / cfg["name"])
        print(f"{cfg['name']}: max|forward.logits[:,8:12] - incremental.logits| = {s['incremental']:.3e}; "
              f"embeddings wrapper vs token path (hidden) = {s['embeds_wrapper']:.3e}; "
              f"independent rotate-half forward vs gpt-fast (logits) = {s['rotate_half']:.3e}; "
              f"CFG cached vs recomputed (guided logits) = {s['cfg_no_cache']:.3e}; "
              f"smallest CFG top-2 margin = {s['cfg_min_top2_margin']:.3e}; "
              f"distinct codes per image >= {s['cfg_distinct']}; "
              f"|logits| max {s['logits_absmax']:.2f}, std {s['logits_std']:.2f}, "
              f"|guided| max {s['cfg_logits_absmax']:.2f}")


if __name__ == "__main__":
    main()
