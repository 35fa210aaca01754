#!/usr/bin/python3
"""Writes tests/fixtures/sampling/pss.json: history sampling draws computed by the reference.

    /usr/bin/python3 tools/make_sampling_fixtures.py [--uniadgen-mirror DIR] [--out FILE]

* ``pss``: Uni-AdGen's ``weighted_random_sampling`` (dataset/code_hico/debug_grit.py, read from the
  git mirror at run time and executed alone: the module imports packages we do not have) on varied
  inputs: n < k, n == k, n > k, negative and zero similarities, titles equal to the target, ties,
  more than 128 items (NumPy's pairwise sum), lists of different lengths, integer similarities.
  ``expected`` holds the selected indices (history image i is called ``"img<i>"`` so the returned
  paths map back to indices).
* ``random_sample``: ``random.seed(seed); random.sample(range(n), k)`` (CPython 3.11), both of its
  algorithms (pool and set).
* ``python_random``: ``random()``, ``getrandbits(k)`` and ``choice`` draws after ``random.seed``.
* ``numpy_choice``: ``np.random.seed(seed); np.random.choice(n, size, replace=False, p=p)``
  (NumPy 1.24 legacy), including the error NumPy raises when too few entries of p are non-zero.
* ``numpy_sum``: ``np.sum`` of float64 arrays of several lengths (pairwise summation).
* ``numpy_random_sample``: the first ``random_sample`` draws after ``np.random.seed(seed)``.
"""
import argparse
import ast
import contextlib
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIRROR = Path("/work/.mirror/JD-GenX+Uni-AdGen/repo")
DEBUG_GRIT = "Personalize/project/uniadgen/dataset/code_hico/debug_grit.py"


def load_weighted_random_sampling(mirror):
    source = subprocess.run(["git", "-C", str(mirror), "show", f"HEAD:{DEBUG_GRIT}"],
                            check=True, capture_output=True, text=True).stdout
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "weighted_random_sampling":
            namespace = {"random": random, "np": np}
            exec(compile(ast.Module(body=[node], type_ignores=[]), DEBUG_GRIT, "exec"), namespace)
            return namespace["weighted_random_sampling"]
    raise SystemExit(f"weighted_random_sampling not found in {DEBUG_GRIT}")


def pss_cases(rng):
    """(name, titles, similarity, images count, gt_title, k) tuples."""
    def titles(n, prefix="t"):
        return [f"{prefix}{i}" for i in range(n)]

    def sims(n, low=-0.2, high=0.9):
        return [round(float(x), 6) for x in rng.uniform(low, high, n)]

    cases = []
    for n, k in ((3, 5), (6, 10), (9, 10), (10, 10), (11, 10), (16, 10), (40, 10), (25, 3), (7, 1), (1, 1)):
        cases.append((f"n{n}_k{k}_mixed_signs", titles(n), sims(n), n, None, k))
        cases.append((f"n{n}_k{k}_positive", titles(n), sims(n, 0.05, 0.95), n, None, k))
    cases.append(("all_zero", titles(12), [0.0] * 12, 12, None, 10))
    cases.append(("all_equal_positive", titles(12), [0.5] * 12, 12, None, 10))
    cases.append(("ties_and_zero_min", titles(14), [0.3, 0.3, 0.0, 0.7, 0.7, 0.3, 0.1, 0.0, 0.9, 0.9, 0.3, 0.5, 0.5, 0.2], 14, None, 10))
    cases.append(("integer_similarities", titles(12), [1, 2, 3, 0, 5, 1, 2, 3, 4, 5, 6, 7], 12, None, 10))
    cases.append(("one_heavy_weight", titles(15), [0.001] * 14 + [50.0], 15, None, 10))
    cases.append(("n150_pairwise_sum", titles(150), sims(150), 150, None, 10))
    cases.append(("n333_pairwise_sum", titles(333), sims(333, 0.0, 1.0), 333, None, 10))
    cases.append(("more_similarities_than_titles", titles(12), sims(15), 12, None, 10))
    cases.append(("fewer_images", titles(14), sims(14), 11, None, 10))
    # Titles equal to the target.
    t = titles(20)
    for i in (2, 5, 11, 17):
        t[i] = "GT"
    cases.append(("duplicates_n_gt_k", t, sims(20), 20, "GT", 10))
    cases.append(("duplicates_seed_variant", t, sims(20, 0.1, 0.2), 20, "GT", 10))
    t = titles(10)
    t[0] = t[4] = t[9] = "GT"
    cases.append(("duplicates_n_eq_k", t, sims(10), 10, "GT", 10))
    cases.append(("all_duplicates_n_eq_k", ["GT"] * 10, sims(10), 10, "GT", 10))
    t = titles(7)
    t[3] = "GT"
    cases.append(("duplicates_n_lt_k", t, sims(7), 7, "GT", 10))
    t = titles(13)
    for i in range(0, 13, 2):
        t[i] = "GT"
    cases.append(("many_duplicates_few_available", t, sims(13), 13, "GT", 10))
    cases.append(("empty_gt_matches_empty_titles", ["", "a", "", "b", "c", "", "d", "e", "f", "g", "h", "i"],
                  sims(12), 12, "", 10))
    cases.append(("gt_not_present", titles(12), sims(12), 12, "nothing", 10))
    cases.append(("k0", titles(5), sims(5), 5, None, 0))
    return cases


def make_pss(weighted_random_sampling, rng):
    out = []
    seeds = [42, 42, 42, 7, 123456789]
    for i, (name, titles, similarity, images, gt, k) in enumerate(pss_cases(rng)):
        seed = seeds[i % len(seeds)]
        paths = [f"img{j}" for j in range(images)]
        with contextlib.redirect_stdout(io.StringIO()):  # the reference prints warnings
            sampled_images, sampled_titles, _ = weighted_random_sampling(
                None, paths, list(titles), list(similarity), k=k, random_seed=seed, gt_title=gt)
        expected = [int(p[3:]) for p in sampled_images]
        assert [titles[j] for j in expected] == sampled_titles
        out.append({"name": name, "titles": titles, "similarity": similarity, "images": images,
                    "gt_title": gt, "k": k, "seed": seed, "expected": expected})
    return out


def make_random_sample():
    out = []
    for seed in (0, 1, 42, 2**32 + 5, 2**40 + 3):
        for n, k in ((10, 10), (10, 3), (21, 5), (22, 5), (30, 3), (30, 10), (200, 10), (100, 100), (5, 0)):
            random.seed(seed)
            out.append({"seed": seed, "n": n, "k": k, "expected": random.sample(range(n), k)})
    return out


def make_python_random():
    out = []
    for seed in (0, 42, 2**32 - 1, 2**32, 2**63 + 11):
        random.seed(seed)
        doubles = [random.random() for _ in range(3)]
        bits = {str(b): random.getrandbits(b) for b in (1, 7, 31, 32, 33, 53, 64)}
        choices = [random.choice(range(m)) for m in (1, 2, 3, 10, 1000, 2**31 + 1)]
        out.append({"seed": seed, "random": doubles, "getrandbits": bits, "choice_sizes": [1, 2, 3, 10, 1000, 2**31 + 1],
                    "choice": choices})
    return out


def make_numpy_choice(rng):
    out = []
    for seed in (0, 42, 2**32 - 1):
        for n, size in ((5, 5), (10, 3), (40, 10), (200, 150)):
            w = rng.uniform(0.0, 1.0, n)
            w[rng.integers(0, n, max(1, n // 10))] = 0.0 if size < n - n // 10 else w[0]
            p = (w / w.sum()).tolist()
            np.random.seed(seed)
            out.append({"seed": seed, "n": n, "size": size, "p": p,
                        "expected": np.random.choice(n, size, replace=False, p=p).tolist()})
    p = [0.5, 0.5, 0.0, 0.0]
    np.random.seed(1)
    try:
        np.random.choice(4, 3, replace=False, p=p)
        raise SystemExit("expected NumPy to refuse")
    except ValueError as e:
        out.append({"seed": 1, "n": 4, "size": 3, "p": p, "error": str(e)})
    return out


def make_numpy_sum(rng):
    out = []
    for n in (1, 5, 8, 9, 17, 100, 128, 129, 300, 1000):
        a = rng.standard_normal(n) * 10.0 ** rng.uniform(-4, 4, n)
        out.append({"values": a.tolist(), "sum": float(np.sum(a))})
    return out


def make_numpy_random_sample():
    out = []
    for seed in (0, 42, 2**32 - 1):
        np.random.seed(seed)
        out.append({"seed": seed, "values": np.random.random_sample(4).tolist()})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uniadgen-mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "sampling" / "pss.json")
    args = parser.parse_args()
    rng = np.random.default_rng(20240705)
    data = {
        "about": "Written by tools/make_sampling_fixtures.py; do not edit by hand.",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "pss": make_pss(load_weighted_random_sampling(args.uniadgen_mirror), rng),
        "random_sample": make_random_sample(),
        "python_random": make_python_random(),
        "numpy_choice": make_numpy_choice(rng),
        "numpy_sum": make_numpy_sum(rng),
        "numpy_random_sample": make_numpy_random_sample(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out.relative_to(ROOT)}: {len(data['pss'])} PSS cases, {args.out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
