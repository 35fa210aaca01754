#!/usr/bin/env python3
"""Writes tests/fixtures/tokenizers/tiny-janus/tokenizer.json with the Python standard library only.

The fixture is a miniature of the Janus-Pro (DeepSeek-LLM) tokenizer: the same file layout, the same
pre-tokenizer (the DeepSeek-LLM Split regexes, individual digits, ByteLevel without its own regex),
the same ByteLevel decoder, a TemplateProcessing post-processor that prepends BOS, and the Janus
added tokens right after the base vocabulary. Only the vocabulary is small: 256 byte tokens plus
merges learned here, by a tiny BPE trainer, on a built-in English + Chinese ad-copy corpus. Tiny test
models use it, so its ids must stay stable: the trainer is deterministic (ties broken by the pair's
text) and nothing here depends on the Python version's Unicode tables beyond what the corpus uses.

Run from anywhere:  python3 tools/make_tiny_tokenizer.py
"""
import collections
import json
import pathlib
import re

OUT = (pathlib.Path(__file__).resolve().parent.parent
       / "tests" / "fixtures" / "tokenizers" / "tiny-janus" / "tokenizer.json")

MERGES_WANTED = 500

# DeepSeek-LLM pre-tokenizer (deepseek-llm-7b-base, inherited by Janus-Pro), as in its tokenizer.json:
# five Split regexes, each match isolated, then Digits(individual_digits) and ByteLevel(use_regex=false).
# Written with escapes so that look-alike code points (U+2126 OHM SIGN, U+212A KELVIN SIGN, U+1FBE, ...)
# survive editors and normalisation; json.dumps writes them back as the literal characters.
LETTERS = (
    "A-Za-z\u00b5\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01ba\u01bc-\u01bf\u01c4-\u0293\u0295-\u02af"
    "\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u038a\u038c\u038e-\u03a1"
    "\u03a3-\u03f5\u03f7-\u0481\u048a-\u052f\u0531-\u0556\u10a0-\u10c5\u13a0-\u13f5\u13f8-\u13fd"
    "\u1c90-\u1cba\u1cbd-\u1cbf\u1d00-\u1d2b\u1d6b-\u1d77\u1d79-\u1d9a\u1e00-\u1f15\u1f18-\u1f1d"
    "\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4"
    "\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec"
    "\u1ff2-\u1ff4\u1ff6-\u1ffc\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124\u2126\u2128"
    "\u212a-\u212d\u212f-\u2134\u2139\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184\u2c00-\u2c7b"
    "\u2c7e-\u2ce4\u2ceb-\u2cee\u2cf2\u2cf3\ua640-\ua66d\ua680-\ua69b\ua722-\ua76f\ua771-\ua787"
    "\ua78b-\ua78e\uab70-\uabbf\ufb00-\ufb06\ufb13-\ufb17\uff21-\uff3a\uff41-\uff5a"
    "\U00010400-\U0001044f\U000104b0-\U000104d3\U000104d8-\U000104fb\U00010c80-\U00010cb2"
    "\U00010cc0-\U00010cf2\U000118a0-\U000118df\U0001e900-\U0001e943")
SPLIT_REGEXES = [
    "[\r\n]",
    "\\s?[" + LETTERS + "]+",
    "\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+",
    "\\s+$",
    "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+",
]

BOS = "<\uff5cbegin\u2581of\u2581sentence\uff5c>"
EOS = "<\uff5cend\u2581of\u2581sentence\uff5c>"
PAD = "<\uff5c\u2581pad\u2581\uff5c>"
# (content, special, normalized) in Janus-Pro's order; the DeepSeek ones are normalized like the hub file.
ADDED_TOKENS = [
    (BOS, True, True), (EOS, True, True), (PAD, True, True),
    ("<begin_of_image>", True, False), ("<end_of_image>", True, False),
    ("<image_placeholder>", True, False), ("<patch_placeholder>", True, False),
    ("<|ref|>", True, False), ("<|/ref|>", True, False), ("<|det|>", True, False),
    ("<|/det|>", True, False), ("<|grounding|>", True, False),
    ("<|User|>", True, False), ("<|Assistant|>", True, False),
]

# Ad copy of the kind Uni-AdGen writes and reads: product titles, selling points, prompts.
CORPUS = """
Generate an engaging title using only the words from the word list in similar style to the history title set.
Create a promising product marketing image for the product in the image in similar style to history image set.
Directly provide the title and prompt without preface explanation.
Wireless noise cancelling headphones with 40 hours of battery life and fast charging.
Portable power bank 20000mAh with USB-C fast charge, slim design, fits in your pocket.
Stainless steel vacuum insulated water bottle keeps drinks cold for 24 hours.
Organic green tea gift box, hand picked spring leaves, fresh aroma and smooth taste.
Lightweight running shoes with breathable mesh upper and cushioned sole for daily training.
Smart watch with heart rate monitor, sleep tracking, GPS and water resistance up to 50 meters.
Professional hair dryer with ionic technology for fast drying and less frizz.
Ceramic non-stick frying pan, even heating, easy to clean, safe for the whole family.
A product photo on a clean white background, soft studio lighting, high resolution, commercial style.
A bottle of perfume on a marble table with flowers, warm sunlight, elegant and luxurious.
The new phone with a bright display, a powerful camera and all day battery.
Limited time offer: buy one get one free, free shipping on all orders today.
Best seller of the year, loved by millions of customers around the world.
Premium quality, modern design, perfect gift for friends and family.
Upgrade your home with the smart speaker: play music, set alarms and control lights by voice.
Kids backpack with large capacity, waterproof fabric and reflective strips for safety.
Fresh fruit delivered to your door, sweet juicy oranges picked this morning.
<prompt>A cup of coffee on a wooden table, morning light, cozy atmosphere</prompt>
<prompt>Sports shoes on a running track, dynamic angle, bright colors, energetic mood</prompt>
low quality, jpeg artifacts, ugly, duplicate, blurry, bad anatomy, bad proportions, extra limbs.
新款无线蓝牙耳机，主动降噪，超长续航，快速充电，音质清晰。
大容量充电宝20000毫安，轻薄便携，支持快充，出行必备。
不锈钢保温杯，长效保温保冷，防漏设计，办公室学生都适用。
有机绿茶礼盒，春季新茶，清香回甘，送礼自用两相宜。
轻便跑步鞋，透气网面，缓震鞋底，日常训练舒适耐穿。
智能手表，心率监测，睡眠追踪，防水设计，运动健康好帮手。
专业吹风机，负离子护发，快速干发，减少毛躁。
陶瓷不粘锅，受热均匀，易清洗，全家健康安心使用。
限时优惠，买一送一，全场包邮，今日下单立即发货。
年度畅销爆款，全球百万用户好评推荐。
品质优良，时尚设计，送给家人朋友的完美礼物。
智能音箱，语音控制，播放音乐，设置闹钟，控制灯光。
儿童书包，大容量，防水面料，反光条设计更安全。
新鲜水果产地直发，甜美多汁的橙子，今早现摘。
一杯咖啡放在木桌上，清晨的阳光，温馨的氛围。
运动鞋在跑道上，动感角度，明亮色彩，充满活力。
产品图片，纯白背景，柔和灯光，高清商业摄影风格。
香水瓶放在大理石桌面上，鲜花点缀，温暖阳光，高雅奢华。
新款手机，明亮屏幕，强大相机，全天续航。
根据历史标题的风格，使用词表中的词语，为商品生成吸引人的标题和营销图片。
商品标题：女士夏季连衣裙，修身显瘦，碎花雪纺，清新气质。
商品标题：男士休闲运动裤，宽松透气，春秋款，多色可选。
商品标题：家用空气净化器，除甲醛，除异味，静音节能。
商品标题：5G智能手机，大屏高刷，长续航，拍照清晰。
XR-2000mAh battery, 5G phone, iPhone15ProMax case, 4K TV, 65 inch, 120Hz, Wi-Fi 6.
""".strip()


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable code points (what ByteLevel does)."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1))
                 + list(range(0xAE, 0xFF + 1)))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return [(b, chr(c)) for b, c in zip(printable, codes)]


def split_isolated(pieces, pattern):
    out = []
    for piece in pieces:
        last = 0
        for m in pattern.finditer(piece):
            if m.start() == m.end():
                continue
            if m.start() > last:
                out.append(piece[last:m.start()])
            out.append(m.group(0))
            last = m.end()
        if last < len(piece):
            out.append(piece[last:])
    return out


def pre_tokenize(text):
    """Approximation of the pre-tokenizer with Python's re (only used to pick merges)."""
    pieces = [text]
    for regex in SPLIT_REGEXES:
        pieces = split_isolated(pieces, re.compile(regex))
    pieces = split_isolated(pieces, re.compile(r"\d"))  # Digits(individual_digits=true)
    return pieces


def train(words, byte_map, wanted):
    """Plain BPE: repeatedly merge the most frequent adjacent pair (ties: smallest pair text)."""
    seqs = {tuple(byte_map[b] for b in w.encode("utf-8")): n for w, n in words.items()}
    merges = []
    while len(merges) < wanted:
        pairs = collections.Counter()
        for seq, n in seqs.items():
            for a, b in zip(seq, seq[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        if best[1] < 2:
            break
        a, b = best[0]
        merges.append((a, b))
        merged = {}
        for seq, n in seqs.items():
            out = []
            i = 0
            while i < len(seq):
                if i + 1 < len(seq) and seq[i] == a and seq[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(seq[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        seqs = merged
    return merges


def main():
    mapping = bytes_to_unicode()
    byte_map = dict(mapping)
    words = collections.Counter()
    for line in CORPUS.splitlines():
        words.update(pre_tokenize(line + "\n"))
    merges = train(words, byte_map, MERGES_WANTED)

    vocab = {}
    for _, ch in mapping:
        vocab[ch] = len(vocab)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    base = len(vocab)

    added = [{"id": base + i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": norm, "special": special}
             for i, (c, special, norm) in enumerate(ADDED_TOKENS)]
    split = [{"type": "Split", "pattern": {"Regex": r}, "behavior": "Isolated", "invert": False}
             for r in SPLIT_REGEXES]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": split + [
            {"type": "Digits", "individual_digits": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        ]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": BOS, "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": BOS, "type_id": 1}},
                     {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {BOS: {"id": BOS, "ids": [base], "tokens": [BOS]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
            "vocab": vocab,
            "merges": [a + " " + b for a, b in merges],
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(tokenizer, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{OUT}: {base} base tokens ({len(merges)} merges), {len(added)} added, size {base + len(added)}")


if __name__ == "__main__":
    main()
