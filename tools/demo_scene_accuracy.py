#!/usr/bin/env python3
"""Does the generated scene follow the shopper? Scene accuracy of `adgen eval` runs on the synthetic world.

usage: demo_scene_accuracy.py WORLD_DIR TEST.json EVAL_DIR [EVAL_DIR ...]

BGS says how close a background is to the ground truth's, and an average, pale background is
close to every ground truth. This names the scene instead: each of the world's 32 scenes (family x
palette) gets a prototype, the mean 16 x 16 thumbnail of its training ads with the product's
pixels left out (the cut-out's alpha, dilated by one pixel). A picture is assigned the scene whose
prototype is nearest (mean squared difference over the picture's own background pixels). For each
EVAL_DIR it finds the share of generated images (pr_image/N.png for record N of TEST.json) whose
scene, and whose family, is the shopper's, and the same for the ground-truth images (gt_image/N.png),
which checks the classifier itself. Chance is 1/32 for the scene and 1/8 for the family.

Runs named alike but for a -sSEED suffix (scripts/eval-demo's pss-h10-s1, -s2, -s3) are one
setting: it prints a Markdown table with each setting's mean over seeds and the sample standard
deviation of the per-seed shares.
"""

import json
import re
import statistics
import sys
from pathlib import Path

from PIL import Image, ImageFilter

SIZE = 16


def thumbnail(path):
    return list(Image.open(path).convert("RGB").resize((SIZE, SIZE), Image.BOX).getdata())


def background_mask(product_path):
    """True where the ad shows background: the cut-out's alpha at the thumbnail size, dilated."""
    alpha = Image.open(product_path).convert("RGBA").getchannel("A").resize((SIZE, SIZE), Image.BOX)
    return [a == 0 for a in alpha.filter(ImageFilter.MaxFilter(3)).getdata()]


def shopper_of(record):
    return Path(record["f_path"]).name.rsplit("-ad", 1)[0]


def scene_prototypes(world, scenes_by_shopper):
    sums, counts = {}, {}
    for record in json.loads((world / "train.json").read_text()):
        scene = scenes_by_shopper[shopper_of(record)]
        pixels = thumbnail(world / record["f_path"])
        mask = background_mask(world / record["f_path_trans"])
        s = sums.setdefault(scene, [[0.0, 0.0, 0.0] for _ in pixels])
        c = counts.setdefault(scene, [0] * len(pixels))
        for i, (pixel, keep) in enumerate(zip(pixels, mask)):
            if keep:
                c[i] += 1
                for k in range(3):
                    s[i][k] += pixel[k]
    prototypes = {}
    for scene, pixel_sums in sums.items():
        # None where the product covered the pixel in every training ad of the scene.
        prototypes[scene] = [[v / n for v in total] if n else None for total, n in zip(pixel_sums, counts[scene])]
    return prototypes


def nearest_scene(pixels, mask, prototypes):
    def distance(prototype):
        total, n = 0.0, 0
        for pixel, keep, mean in zip(pixels, mask, prototype):
            if keep and mean is not None:
                total += sum((pixel[k] - mean[k]) ** 2 for k in range(3))
                n += 1
        return total / max(n, 1)
    return min(prototypes, key=lambda scene: distance(prototypes[scene]))


def accuracy(eval_dir, folder, records, masks, truth, prototypes):
    scene_hits = family_hits = 0
    for n in range(len(records)):
        guess = nearest_scene(thumbnail(eval_dir / folder / f"{n}.png"), masks[n], prototypes)
        scene_hits += guess == truth[n]
        family_hits += guess[0] == truth[n][0]
    return scene_hits / len(records), family_hits / len(records)


def spread(values):
    mean = statistics.mean(values)
    return f"{mean:.3f} ± {statistics.stdev(values):.3f}" if len(values) > 1 else f"{mean:.3f}"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    world, test = Path(sys.argv[1]), Path(sys.argv[2])
    shoppers = json.loads((world / "shoppers.json").read_text())["shoppers"]
    scenes_by_shopper = {s["id"]: (s["scene"]["family"], s["scene"]["palette"]) for s in shoppers}
    prototypes = scene_prototypes(world, scenes_by_shopper)
    records = json.loads(test.read_text())
    masks = [background_mask(world / r["f_path_trans"]) for r in records]
    truth = [scenes_by_shopper[shopper_of(r)] for r in records]
    settings = {}
    for eval_dir in map(Path, sys.argv[3:]):
        setting = re.sub(r"-s\d+$", "", eval_dir.name)
        generated = accuracy(eval_dir, "pr_image", records, masks, truth, prototypes)
        ground_truth = accuracy(eval_dir, "gt_image", records, masks, truth, prototypes)
        settings.setdefault(setting, []).append((generated, ground_truth))
    print("| setting | seeds | scene (chance 0.031) | family (chance 0.125) | ground truth's scene (lowest) |")
    print("|---|---:|---:|---:|---:|")
    for setting, runs in settings.items():
        print(f"| {setting} | {len(runs)} | {spread([g[0] for g, _ in runs])} | {spread([g[1] for g, _ in runs])} "
              f"| {min(t[0] for _, t in runs):.3f} |")


if __name__ == "__main__":
    main()
