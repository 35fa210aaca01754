#!/usr/bin/env python3
"""docs/results/demo-samples.png: generated ads (product x shopper) next to the ground truth.

usage: demo_samples_grid.py WORLD_DIR TEST.json EVAL_DIR OUT.png [PRODUCTS [SHOPPERS]]

EVAL_DIR is an `adgen eval` output on TEST.json (pr_image/, fusion_image/ and gt_image/N.png for
record N). Rows are products, columns shoppers (comma-separated ids; default the first four
products and every shopper of the test split); the header shows each shopper's taste and three of
their on-taste clicks. Each cell holds the generated image, the same with the product cut-out
composited on it (the fusion image, what the studio exports), and the ground truth, with the
generated title below.
"""

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CELL = 128
PAD = 8
FONT_PATHS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]


def font(size):
    for path in reversed(FONT_PATHS):  # a CJK font first: titles may be Chinese
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def main():
    world, test, eval_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    records = json.loads(test.read_text())
    predictions = json.loads((eval_dir / "predictions.json").read_text())
    shoppers = {s["id"]: s for s in json.loads((world / "shoppers.json").read_text())["shoppers"] if s["split"] == "test"}
    cells = {}
    for n, record in enumerate(records):
        shopper = Path(record["f_path"]).name.rsplit("-ad", 1)[0]
        product = Path(record["f_path_trans"]).stem
        cells[(product, shopper)] = n
    products = sys.argv[5].split(",") if len(sys.argv) > 5 else list(dict.fromkeys(p for p, _ in cells))[:4]
    columns = sys.argv[6].split(",") if len(sys.argv) > 6 else sorted(shoppers)

    small, tiny = font(13), font(11)
    header = 120
    label = 110
    cell_w, cell_h = 3 * CELL + 2 * PAD, CELL + 34
    sheet = Image.new("RGB", (label + len(columns) * (cell_w + PAD) + PAD, header + len(products) * (cell_h + PAD) + PAD),
                      "white")
    draw = ImageDraw.Draw(sheet)
    for c, sid in enumerate(columns):
        x = label + c * (cell_w + PAD)
        s = shoppers[sid]
        draw.text((x, 4), f"{sid} ({s['language']})", fill="black", font=small)
        draw.text((x, 22), f"{s['scene']['family']}, {s['scene']['palette']}", fill="black", font=small)
        draw.text((x, 40), "on-taste clicks; below: generated | fusion | ground truth", fill="grey", font=tiny)
        clean = [k for k in s["clicks"] if not k["noisy"]][:3]
        for k, click in enumerate(clean):
            thumb = Image.open(world / click["image"]).convert("RGB").resize((60, 60), Image.BICUBIC)
            sheet.paste(thumb, (x + k * 64, 56))
    for r, product in enumerate(products):
        y = header + r * (cell_h + PAD)
        cut = Image.open(world / "images" / "products" / f"{product}.png").convert("RGBA").resize((80, 80), Image.BICUBIC)
        sheet.paste(cut, (8, y + 10), cut)
        draw.text((8, y + 96), product, fill="black", font=small)
        for c, sid in enumerate(columns):
            x = label + c * (cell_w + PAD)
            n = cells.get((product, sid))
            if n is None:
                draw.text((x, y + CELL // 2), "(no test record)", fill="grey", font=small)
                continue
            generated = Image.open(eval_dir / "pr_image" / f"{n}.png").convert("RGB").resize((CELL, CELL), Image.NEAREST)
            fusion = Image.open(eval_dir / "fusion_image" / f"{n}.png").convert("RGB").resize((CELL, CELL), Image.BICUBIC)
            truth = Image.open(eval_dir / "gt_image" / f"{n}.png").convert("RGB").resize((CELL, CELL), Image.BICUBIC)
            sheet.paste(generated, (x, y))
            sheet.paste(fusion, (x + CELL + PAD, y))
            sheet.paste(truth, (x + 2 * (CELL + PAD), y))
            title = predictions[n]["title"]
            draw.text((x, y + CELL + 2), title[:66], fill="black", font=tiny)
            draw.text((x, y + CELL + 16), title[66:132], fill="black", font=tiny)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)


if __name__ == "__main__":
    main()
