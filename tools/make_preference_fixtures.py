#!/usr/bin/python3
"""Writes the preference-module parity fixture tests/fixtures/parity/preference-tiny/.

The expected values come from Uni-AdGen's own classes (github.com/JD-GenX/Uni-AdGen,
Personalize/three_party/Janus/janus/models/masked_transformer.py and
dual_modality_fusion_encoder.py), which we did not write and do not commit. They are read at run
time from the read-only mirror with `git show` into a temporary folder:

    /usr/bin/python3 tools/make_preference_fixtures.py [--mirror /work/.mirror/JD-GenX+Uni-AdGen/repo]

Runs with Debian's python3 and python3-torch 1.13 (CPU); the safetensors writer is the one in
tools/make_vq_fixtures.py.

The modules are built the way modeling_vlm.py builds them (create_multimodal_fusion_encoder inside
TransformerWithSimilarityMask with the same similarity_mask_config, create_dual_modality_fusion_encoder)
at a tiny size, in eval mode (dropout off). The reference initialises biases to 0, LayerNorms to
(1, 0) and the positional tables with std 0.01, under which a missing bias or a misplaced table
would go unnoticed, so every parameter is perturbed after construction.

Gumbel noise: the reference draws it inside torch.nn.functional.gumbel_softmax from torch's global
generator. The script seeds that generator right before each mask generator runs and wraps
gumbel_softmax in a spy that draws the same values from a copy of the generator state, lets the real
function run, and checks that its result is exactly softmax((logits + noise) / tau). So the stored
noise is what the reference used, and the C++ test can check that drawGumbelNoise reproduces it from
the same seed. Seeds are searched (deterministically) until the top-k cut of every mask has a clear
margin, so rounding differences cannot flip which tokens are kept.
"""
import argparse
import hashlib
import importlib.util
import pathlib
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, str(REPO / "tools"))
from make_vq_fixtures import load_safetensors, save_safetensors  # noqa: E402

DEFAULT_MIRROR = pathlib.Path("/work/.mirror/JD-GenX+Uni-AdGen/repo")
DEFAULT_OUT = REPO / "tests" / "fixtures" / "parity" / "preference-tiny"
REFERENCE_DIR = "Personalize/three_party/Janus/janus/models/"
REFERENCE_FILES = ["masked_transformer.py", "dual_modality_fusion_encoder.py"]

# Tiny stand-ins for the released sizes (D 4096, 16 heads, ff 4D, 2 mask layers, 4 fusion layers,
# 64 image and 30 title tokens per item, 10 items).
DIM, HEADS, FF_DIM = 32, 4, 64
MASK_LAYERS, FUSION_LAYERS = 2, 2
IMAGE_TOKENS, TITLE_TOKENS = 8, 5
MODEL_SEED = 20240801

# name, batch, (image items, image tokens per item), (title items, title tokens per item), first noise seed
CASES = [
    ("main", 2, (3, IMAGE_TOKENS), (3, TITLE_TOKENS), 1000),
    ("single", 2, (1, IMAGE_TOKENS), (1, TITLE_TOKENS), 2000),
    # What the reference does beyond the released use: item lengths other than the positional
    # tables (6 < 8 cuts the image table, 7 > 5 repeats the title table) and different numbers of
    # images and titles.
    ("lengths", 2, (2, 6), (3, 7), 3000),
]

MIN_LOG_MARGIN = 1e-3  # log(p_k / p_k+1) at every top-k cut


def load_reference(mirror):
    """The two reference files from the mirror's HEAD, imported from a temporary folder."""
    commit = subprocess.run(["git", "-C", str(mirror), "rev-parse", "HEAD"], check=True, capture_output=True,
                            text=True).stdout.strip()
    modules, digests = {}, {}
    with tempfile.TemporaryDirectory(prefix="uniadgen_ref_") as folder:
        for name in REFERENCE_FILES:
            source = subprocess.run(["git", "-C", str(mirror), "show", f"{commit}:{REFERENCE_DIR}{name}"],
                                    check=True, capture_output=True).stdout
            path = pathlib.Path(folder) / name
            path.write_bytes(source)
            digests[name] = hashlib.sha256(source).hexdigest()
            spec = importlib.util.spec_from_file_location("uniadgen_" + path.stem, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            modules[path.stem] = module
    return modules["masked_transformer"], modules["dual_modality_fusion_encoder"], commit, digests


def perturb(module):
    """Moves every parameter away from the reference's structured initialisation."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            elif "pos_encoding" in name or "modality_embeddings" in name:
                p.copy_(0.5 * torch.randn_like(p))
            else:
                p.add_(0.02 * torch.randn_like(p))


def build_models(masked, dual):
    """As MultiModalityCausalLM.__init__ builds them, at the tiny size."""
    torch.manual_seed(MODEL_SEED)
    mask_config = {"temperature": 1.0, "hard": False, "similarity_eps": 1e-8}
    visual = masked.TransformerWithSimilarityMask(
        base_transformer=masked.create_multimodal_fusion_encoder(
            emb_dim=DIM, n_head=HEADS, ff_dim=FF_DIM, n_layer=MASK_LAYERS, n_token=IMAGE_TOKENS, dropout=0.1),
        similarity_mask_config=dict(mask_config))
    text = masked.TransformerWithSimilarityMask(
        base_transformer=masked.create_multimodal_fusion_encoder(
            emb_dim=DIM, n_head=HEADS, ff_dim=FF_DIM, n_layer=MASK_LAYERS, n_token=TITLE_TOKENS, dropout=0.1),
        similarity_mask_config=dict(mask_config))
    fusion = dual.create_dual_modality_fusion_encoder(
        emb_dim=DIM, n_head=HEADS, ff_dim=FF_DIM, n_layer=FUSION_LAYERS, n_image_token=IMAGE_TOKENS,
        n_text_token=TITLE_TOKENS, dropout=0.1)
    models = {"visual_mask_generator.": visual, "text_mask_generator.": text,
              "dual_modality_fusion_encoder.": fusion}
    for m in models.values():
        perturb(m)
        m.eval()
    return models


class GumbelSpy:
    """Wraps torch.nn.functional.gumbel_softmax (the reference calls it through that attribute) and
    records the noise each call draws."""

    def __init__(self):
        self.real = F.gumbel_softmax
        self.draws = []

    def __call__(self, logits, tau=1, hard=False, eps=1e-10, dim=-1):
        state = torch.get_rng_state()
        noise = -torch.empty_like(logits, memory_format=torch.legacy_contiguous_format).exponential_().log()
        torch.set_rng_state(state)
        result = self.real(logits, tau=tau, hard=hard, eps=eps, dim=dim)
        assert not hard and torch.equal(result, ((logits + noise) / tau).softmax(dim)), \
            "gumbel_softmax did not use the noise the spy drew"
        self.draws.append(noise)
        return result

    def __enter__(self):
        torch.nn.functional.gumbel_softmax = self
        return self

    def __exit__(self, *exc):
        torch.nn.functional.gumbel_softmax = self.real


def top_k_margin(probabilities, keep):
    """Smallest log(p_k / p_k+1) over the rows: how far the top-k cut is from a tie."""
    if keep == 0 or keep >= probabilities.shape[1]:
        return float("inf")
    top = probabilities.topk(keep + 1, dim=1).values
    return (top[:, keep - 1].log() - top[:, keep].log()).min().item()


def run_mask_generator(module, tokens, first_seed):
    """Runs the reference with a seeded global generator; tries seeds until the top-k cut is clear."""
    layer = module.similarity_mask_layer
    tokens_total = tokens.shape[1] * tokens.shape[2]
    keep = int(layer.token_keep_rate * tokens_total)
    for seed in range(first_seed, first_seed + 100):
        torch.manual_seed(seed)
        with GumbelSpy() as spy:
            output, similarity, mask = module(tokens, return_attention_info=True)
        (noise,) = spy.draws
        similarity = similarity.reshape(tokens.shape[0], tokens_total)
        margin = top_k_margin(((similarity + noise) / layer.temperature).softmax(-1), keep)
        if margin >= MIN_LOG_MARGIN:
            return dict(seed=seed, noise=noise, similarity=similarity, mask=mask, output=output, keep=keep,
                        margin=margin)
    sys.exit(f"no seed in [{first_seed}, {first_seed + 100}) gives a top-k margin >= {MIN_LOG_MARGIN}")


def run_case(models, case):
    name, batch, (n_img, t_img), (n_txt, t_txt), first_seed = case
    gen = torch.Generator().manual_seed(MODEL_SEED + first_seed)
    images = torch.randn(batch, n_img, t_img, DIM, generator=gen)
    titles = torch.randn(batch, n_txt, t_txt, DIM, generator=gen)
    with torch.no_grad():
        visual = run_mask_generator(models["visual_mask_generator."], images, first_seed)
        text = run_mask_generator(models["text_mask_generator."], titles, first_seed + 500)
        # As prepare_inputs_embeds: the fusion encoder sees the two mask generators' outputs and its
        # fused sequence is split at n_images * image tokens.
        fused = models["dual_modality_fusion_encoder."](image_tokens=visual["output"], text_tokens=text["output"])
    image_length = n_img * t_img
    out = {f"{name}.image_tokens": images, f"{name}.title_tokens": titles,
           f"{name}.fusion.image": fused[:, :image_length], f"{name}.fusion.text": fused[:, image_length:]}
    for side, r in (("visual", visual), ("text", text)):
        kept = r["mask"] > 0.5
        assert (kept.reshape(batch, -1).sum(1) == r["keep"]).all()
        # Where dropped the straight-through mask is exactly 0; where kept, (1 + p) - p.
        assert (r["mask"][~kept] == 0).all()
        off_one = (r["mask"][kept] != 1).sum().item()
        farthest = (r["mask"][kept] - 1).abs().max().item()
        out.update({f"{name}.{side}.noise_seed": torch.tensor([r["seed"]], dtype=torch.int64),
                    f"{name}.{side}.noise": r["noise"],
                    f"{name}.{side}.similarity": r["similarity"],
                    f"{name}.{side}.kept": kept.to(torch.int64),
                    f"{name}.{side}.output": r["output"]})
        print(f"{name} {side}: seed {r['seed']}, keep {r['keep']} of {r['noise'].shape[1]}, "
              f"top-k log margin {r['margin']:.3g}, kept mask values != 1: {off_one} (by <= {farthest:.2g}), "
              f"output range [{r['output'].min():.3f}, {r['output'].max():.3f}]")
    print(f"{name} fusion: image {tuple(fused[:, :image_length].shape)}, text {tuple(fused[:, image_length:].shape)}, "
          f"range [{fused.min():.3f}, {fused.max():.3f}]")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=pathlib.Path, default=DEFAULT_MIRROR,
                        help="bare git mirror of JD-GenX/Uni-AdGen")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    masked, dual, commit, digests = load_reference(args.mirror)
    torch.set_num_threads(1)  # fixed reduction order, so reruns write identical files

    models = build_models(masked, dual)
    state = {prefix + k: v for prefix, m in models.items() for k, v in m.state_dict().items()}
    metadata = {"source": "tools/make_preference_fixtures.py", "reference_commit": commit,
                **{f"sha256 {k}": v for k, v in digests.items()}}
    save_safetensors(args.out / "model.safetensors", state, metadata)

    # The file round-trips: fresh reference modules load it strictly.
    back = load_safetensors(args.out / "model.safetensors")
    assert set(back) == set(state)
    for prefix, m in build_models(masked, dual).items():
        m.load_state_dict({k[len(prefix):]: v for k, v in back.items() if k.startswith(prefix)}, strict=True)

    expected = {}
    for case in CASES:
        expected.update(run_case(models, case))
    save_safetensors(args.out / "expected.safetensors", expected, {**metadata, "model_seed": MODEL_SEED})
    print(f"{len(state)} weight tensors ({sum(v.numel() for v in state.values())} values), "
          f"files {sum(p.stat().st_size for p in args.out.glob('*.safetensors'))} bytes")


if __name__ == "__main__":
    main()
