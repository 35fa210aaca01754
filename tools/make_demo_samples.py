#!/usr/bin/env python3
"""Copies sample products and shopper profiles from a synthetic world into resources/samples/.

usage: make_demo_samples.py WORLD_DIR OUT_DIR

Everything comes from the world's held-out test split, so the demo model never saw these
products or shoppers. Writes:
  products/NAME.png + NAME.adgen.json   a brief per product (docs/formats.md, "Brief"), English
  shoppers/ID.json + shoppers/images/   each test shopper's clicks (docs/formats.md, "Shopper
                                        history files"), in click order
  samples.json                          what each file is: product text, shopper taste in words
"""

import json
import shutil
import sys
from pathlib import Path

PRODUCTS_PER_CATEGORY = 1
CATEGORIES = ["bottle", "can", "mug", "shoe", "lamp", "chair", "box", "device"]


def main():
    world, out = Path(sys.argv[1]), Path(sys.argv[2])
    catalog = json.loads((world / "catalog.json").read_text())["products"]
    shoppers = json.loads((world / "shoppers.json").read_text())["shoppers"]
    if out.exists():
        shutil.rmtree(out)
    (out / "products").mkdir(parents=True)
    (out / "shoppers" / "images").mkdir(parents=True)
    index = {"format": "adgen-samples", "version": 1, "source": "adgen synth --seed 1, test split",
             "products": [], "shoppers": []}

    for category in CATEGORIES:
        picked = [p for p in catalog if p["split"] == "test" and p["category"] == category][:PRODUCTS_PER_CATEGORY]
        for product in picked:
            name = product["id"]
            shutil.copy(world / product["image"], out / "products" / f"{name}.png")
            brief = {"format": "adgen-brief", "version": 1, "product": {"image": f"{name}.png"},
                     "selling_points": [s["en"] for s in product["selling_points"]],
                     "description": product["description"]["en"], "original_title": product["title"]["en"]}
            (out / "products" / f"{name}.adgen.json").write_text(json.dumps(brief, indent=2, ensure_ascii=False) + "\n")
            index["products"].append({"id": name, "category": category, "title": product["title"]["en"],
                                      "title_zh": product["title"]["zh"], "brief": f"products/{name}.adgen.json"})

    for shopper in (s for s in shoppers if s["split"] == "test"):
        clicks = []
        for click in shopper["clicks"]:
            image = Path(click["image"]).name
            shutil.copy(world / click["image"], out / "shoppers" / "images" / image)
            clicks.append({"title": click["title"], "image": f"images/{image}"})
        sid = shopper["id"]
        (out / "shoppers" / f"{sid}.json").write_text(json.dumps(clicks, indent=2, ensure_ascii=False) + "\n")
        scene, style = shopper["scene"], shopper["title_style"]
        noisy = sum(1 for c in shopper["clicks"] if c["noisy"])
        index["shoppers"].append({
            "id": sid, "history": f"shoppers/{sid}.json", "language": shopper["language"],
            "clicks": len(clicks), "noisy_clicks": noisy,
            "taste": f"{scene['family']} scenes in {scene['palette']}; titles {style['order']}, {style['length']}, "
                     f"brand {style['brand']}, brackets {style['brackets']}"})
    (out / "samples.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
