#!/usr/bin/python3
"""Writes the foreground-perception parity fixture under tests/fixtures/parity/foreground-tiny/.

The expected values come from Uni-AdGen's own code (github.com/JD-GenX/Uni-AdGen), which we did not
write and do not commit: the Hugging Face transformers 4.38.2 DINOv2 it vendors
(``Personalize/transformers/models/dinov2/{configuration,modeling}_dinov2.py``, run unmodified) and
the ``newMLP2``, ``Dinov2_Adapter`` and ``ConditionEmbedder`` classes of its modified
``Personalize/transformers/models/llama/modeling_llama.py`` (taken out of that file with ``ast``; the
rest of it, the LLaMA model, is not needed). Point the script at the repository (a checkout or the
bare mirror):

    /usr/bin/python3 tools/make_foreground_fixtures.py --uniadgen /work/.mirror/JD-GenX+Uni-AdGen/repo

It runs with Debian's python3 and python3-torch (1.13, CPU); transformers is not needed: the script
copies the two DINOv2 files into a temporary ``transformers`` package whose other modules are small
stubs (ACT2FN, output dataclasses, PreTrainedModel, config base class, docstring decorators), and
``Dinov2_Adapter``'s ``AutoModel.from_pretrained('../ckpt/dinov2-small')`` is answered with a tiny
random Dinov2Model. Nothing numeric is stubbed or transcribed.

The tiny model: DINOv2 hidden 32, 2 layers, 4 heads, MLP 64, patch 14, position table for a 5x5 grid
(26 rows); adapter and condition MLPs at LLM width 48, 5 condition layers; image grid 4 (control
64x64 -> nearest resize to 56x56 -> 4x4 patches), so the position table is interpolated from 5x5 to
4x4 with the +0.1 scale factor quirk, as the real model goes from 37x37 to 24x24. A separate check
interpolates a random [1, 1370, 8] table to the real 24x24 grid.
"""
import argparse
import ast
import hashlib
import importlib
import json
import pathlib
import struct
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "fixtures" / "parity" / "foreground-tiny"
PREFIX = "language_model.model."
SEED = 20240801

DINO = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, mlp_ratio=2, patch_size=14,
            image_size=70, layer_norm_eps=1e-6, hidden_act="gelu", qkv_bias=True, layerscale_value=1.0,
            use_swiglu_ffn=False, drop_path_rate=0.0, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
DIM = 48
CONDITION_LAYERS = 5
GRID = 4
BATCH = 2
UNCOND_TOKENS = 16  # the reference's ConditionEmbedder buffer is [1024, dim]; any length does here

DINOV2_FILES = ["Personalize/transformers/models/dinov2/configuration_dinov2.py",
                "Personalize/transformers/models/dinov2/modeling_dinov2.py"]
LLAMA_FILE = "Personalize/transformers/models/llama/modeling_llama.py"
LLAMA_CLASSES = ["newMLP2", "Dinov2_Adapter", "ConditionEmbedder"]

# ----------------------------------------------------------------------------------------------------
# Stubs for the transformers internals the two DINOv2 files import. None of them computes anything
# the fixture checks: ACT2FN["gelu"] is exact GELU as in transformers (GELUActivation ->
# nn.functional.gelu); the output classes are attribute bags; PreTrainedModel supplies config
# handling, post_init (weight init, then overwritten anyway) and get_head_mask (no head mask).

STUBS = {
    "__init__.py": "",
    "activations.py": """
import torch.nn as nn
ACT2FN = {"gelu": nn.GELU()}
""",
    "modeling_outputs.py": """
class _Output(dict):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.__dict__.update(kw)
    def __getitem__(self, i):
        if isinstance(i, int):
            return [v for v in self.values() if v is not None][i]
        return dict.__getitem__(self, i)
BackboneOutput = BaseModelOutput = BaseModelOutputWithPooling = ImageClassifierOutput = _Output
""",
    "modeling_utils.py": """
import torch.nn as nn
class PreTrainedModel(nn.Module):
    def __init__(self, config, *a, **kw):
        super().__init__()
        self.config = config
    def post_init(self):
        self.apply(self._init_weights)
    def get_head_mask(self, head_mask, num_hidden_layers):
        return [None] * num_hidden_layers
""",
    "pytorch_utils.py": """
def find_pruneable_heads_and_indices(*a, **kw):
    raise NotImplementedError
def prune_linear_layer(*a, **kw):
    raise NotImplementedError
""",
    "configuration_utils.py": """
class PretrainedConfig:
    def __init__(self, **kw):
        self.output_attentions = False
        self.output_hidden_states = False
        self.use_return_dict = True
        for k, v in kw.items():
            setattr(self, k, v)
""",
    "onnx/__init__.py": """
class OnnxConfig:
    pass
""",
    "utils/__init__.py": """
import logging as _logging
class logging:
    @staticmethod
    def get_logger(name):
        return _logging.getLogger(name)
def _passthrough(*a, **kw):
    return lambda f: f
add_code_sample_docstrings = add_start_docstrings = add_start_docstrings_to_model_forward = _passthrough
replace_return_docstrings = _passthrough
""",
    "utils/backbone_utils.py": """
class BackboneMixin:
    pass
class BackboneConfigMixin:
    pass
def get_aligned_output_features_output_indices(out_features, out_indices, stage_names):
    return out_features, out_indices
""",
    "models/__init__.py": "",
    "models/dinov2/__init__.py": "",
}


def git_show(repo, path):
    repo = pathlib.Path(repo)
    worktree_file = repo / path
    if worktree_file.is_file():
        return worktree_file.read_text()
    return subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def load_reference(repo, tmp):
    """Imports the vendored DINOv2 through the stub package and returns (modeling module, llama
    namespace with the three classes, sha256 of the sources)."""
    pkg = pathlib.Path(tmp) / "transformers"
    for rel, text in STUBS.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    digest = hashlib.sha256()
    for path in DINOV2_FILES:
        text = git_show(repo, path)
        digest.update(text.encode())
        (pkg / "models" / "dinov2" / pathlib.Path(path).name).write_text(text)
    sys.path.insert(0, str(tmp))
    modeling = importlib.import_module("transformers.models.dinov2.modeling_dinov2")
    config_module = importlib.import_module("transformers.models.dinov2.configuration_dinov2")

    llama_source = git_show(repo, LLAMA_FILE)
    digest.update(llama_source.encode())
    tree = ast.parse(llama_source)
    wanted = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in LLAMA_CLASSES]
    assert sorted(n.name for n in wanted) == sorted(LLAMA_CLASSES), "reference classes not found"

    class AutoModel:  # Dinov2_Adapter loads '../ckpt/dinov2-small'; it gets the tiny model instead
        @staticmethod
        def from_pretrained(name):
            assert name == "../ckpt/dinov2-small", name
            return modeling.Dinov2Model(config_module.Dinov2Config(**DINO)).eval()

    namespace = {"torch": torch, "nn": nn, "F": F, "AutoModel": AutoModel}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), LLAMA_FILE, "exec"), namespace)
    return modeling, namespace, digest.hexdigest()


class ForegroundParts(nn.Module):
    """The foreground-perception attributes of Uni-AdGen's LlamaModel, built as its __init__ builds
    them (at width DIM), so state_dict() gives the checkpoint's key names."""

    def __init__(self, ref):
        super().__init__()
        self.adapter = ref["Dinov2_Adapter"]()
        self.condition_projection = ref["newMLP2"](DINO["hidden_size"], DIM, DIM)
        self.adapter_mlp = ref["newMLP2"](DINO["hidden_size"], DIM, DIM)
        self.condition_mlp = ref["ConditionEmbedder"](UNCOND_TOKENS, DIM, 0.1, UNCOND_TOKENS, 16384)
        self.condition_layers = nn.ModuleList([ref["newMLP2"](DIM, DIM, DIM) for _ in range(CONDITION_LAYERS)])


def randomise(parts):
    """Weights at a scale where every part matters: linears ~ 1/sqrt(fan_in), biases 0.1, layer norms
    and layer scales around 1, unit-scale CLS, mask token and position table."""
    with torch.no_grad():
        for name, p in parts.named_parameters():
            if name.endswith("lambda1"):
                p.copy_(1.0 + 0.3 * torch.randn_like(p))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            elif p.dim() >= 2 and "embeddings." not in name or "projection.weight" in name:
                p.copy_(torch.randn_like(p) / p[0].numel() ** 0.5)
            else:
                p.copy_(torch.randn_like(p))


def make_control():
    """A canny-like control: -1 background, a bright product-shaped disc and some thin lines, plus
    pixel noise so that which source pixel the nearest resize picks matters everywhere."""
    side = GRID * 16
    ys = torch.linspace(-1, 1, side).view(side, 1).expand(side, side)
    xs = torch.linspace(-1, 1, side).view(1, side).expand(side, side)
    disc = ((xs - 0.1) ** 2 + (ys + 0.2) ** 2 < 0.3).float()
    lines = ((torch.arange(side).view(1, side) % 7) == 0).float().expand(side, side)
    base = torch.stack([disc * 1.6 - 0.8, lines - 0.5, 0.7 * xs * ys])
    control = (base.unsqueeze(0) + 0.4 * torch.randn(BATCH, 3, side, side)).clamp(-1, 1)
    control[1] = torch.rand(3, side, side) * 2 - 1
    return control


def save_safetensors(path, tensors, metadata=None):
    codes = {torch.float32: "F32", torch.int64: "I64"}
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
        modeling, ref, digest = load_reference(args.uniadgen, tmp)
        torch.manual_seed(SEED)
        parts = ForegroundParts(ref).eval()
        randomise(parts)
        with torch.no_grad():
            parts.condition_mlp.uncond_embedding.normal_()  # present in the file, must stay unused

        with torch.no_grad():
            control = make_control()
            resized = parts.adapter.to_patch14(control)
            assert resized.shape[-1] == GRID * DINO["patch_size"]
            hidden = parts.adapter.model(resized).last_hidden_state
            features = parts.adapter(control)
            assert torch.equal(features, hidden[:, 1:])
            tokens = parts.condition_mlp(parts.adapter_mlp(features), train=False)
            injections = [layer(tokens) for layer in parts.condition_layers]

            # The 4.38.2 interpolation at the real size: a [1, 1370, 8] table (37x37 + CLS) for a
            # 336x336 input (24x24 patches), straight from the reference's Dinov2Embeddings.
            real_cfg = dict(DINO, hidden_size=8, image_size=518)
            real = modeling.Dinov2Embeddings(importlib.import_module(
                "transformers.models.dinov2.configuration_dinov2").Dinov2Config(**real_cfg))
            real.position_embeddings.copy_(torch.randn(1, 1370, 8))
            real_interp = real.interpolate_pos_encoding(torch.zeros(1, 577, 8), 336, 336)
            naive = F.interpolate(real.position_embeddings[:, 1:].reshape(1, 37, 37, 8).permute(0, 3, 1, 2),
                                  size=(24, 24), mode="bicubic", align_corners=False)
            quirk = (real_interp[:, 1:] - naive.permute(0, 2, 3, 1).reshape(1, 576, 8)).abs().max().item()

            # The tiny model's own table interpolation (5x5 -> 4x4), also straight from the reference.
            tiny_interp = parts.adapter.model.embeddings.interpolate_pos_encoding(
                torch.zeros(1, 1 + GRID * GRID, DINO["hidden_size"]), GRID * 14, GRID * 14)

            # Legacy nearest at the real size, on an index ramp: which source row each of the 336
            # output rows reads.
            ramp = torch.arange(384, dtype=torch.float32).view(1, 1, 384, 1).expand(1, 1, 384, 2)
            rows_384 = F.interpolate(ramp, size=(336, 2), mode="nearest")[0, 0, :, 0].long()

        state = {PREFIX + k: v for k, v in parts.state_dict().items()}
        save_safetensors(args.out / "model.safetensors", state,
                         {"source": "tools/make_foreground_fixtures.py", "reference_sha256": digest})
        expected = {
            "control": control,
            "resized": resized,
            "dinov2.last_hidden_state": hidden,
            "condition_tokens": tokens,
            "tiny.position_embeddings": tiny_interp,
            "real.position_table": real.position_embeddings.detach(),
            "real.position_embeddings": real_interp,
            "nearest.rows_384_to_336": rows_384,
        }
        for k, t in enumerate(injections):
            expected[f"injection.{k}"] = t
        save_safetensors(args.out / "expected.safetensors", expected,
                         {"source": "tools/make_foreground_fixtures.py", "reference_sha256": digest, "seed": SEED})
        config = {
            "dinov2": {"hidden": DINO["hidden_size"], "layers": DINO["num_hidden_layers"],
                       "heads": DINO["num_attention_heads"], "mlp": DINO["hidden_size"] * DINO["mlp_ratio"],
                       "patch": DINO["patch_size"], "position_grid": DINO["image_size"] // DINO["patch_size"],
                       "ln_eps": DINO["layer_norm_eps"]},
            "dim": DIM, "condition_layers": CONDITION_LAYERS, "grid_size": GRID, "image_size": GRID * 16,
            "prefix": PREFIX, "seed": SEED,
        }
        (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    print(f"foreground-tiny: hidden range [{hidden.min():.3f}, {hidden.max():.3f}], tokens max |{tokens.abs().max():.3f}|, "
          f"injection max |{max(t.abs().max().item() for t in injections):.3f}|, "
          f"real-size +0.1 quirk vs size=(24,24): max abs {quirk:.3g}, "
          f"files {sum(p.stat().st_size for p in args.out.iterdir())} bytes")


if __name__ == "__main__":
    main()
