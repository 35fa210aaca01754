#!/usr/bin/env python3
"""Writes corpus.jsonl (next to this script), the input of the tokenizer differential test.

One JSON string per line, so samples can contain newlines, tabs and CRs. The first part is
hand-written (ad copy, model numbers, emoji, whitespace runs, scripts, special tokens of each peer
vocabulary); the second part mixes pieces of it at random with a fixed seed, to reach the
boundaries hand-written lines miss (a Chinese character right after a digit, a special token
glued to an emoji, ...). Standard library only:  python3 tests/peer/tokenizer/make_corpus.py
"""
import json
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent / "corpus.jsonl"

BOS = "<\uff5cbegin\u2581of\u2581sentence\uff5c>"
EOS = "<\uff5cend\u2581of\u2581sentence\uff5c>"

HAND_WRITTEN = [
    # Uni-AdGen's own strings
    "Generate an engaging title using only the words from the word list '轻薄 便携 快充' in similar "
    "style to the history title set '<title_placeholder><title_placeholder>', and based on the "
    "original title '大容量充电宝20000毫安', create a promising product marketing image for the "
    "produce in the image in similar style to history image set <image_placeholder>"
    "<image_placeholder>. (Directly provide the title and prompt without preface explanation)",
    BOS + "<|User|>: 写一个标题\n\n<|Assistant|>: <prompt>夏季新款连衣裙</prompt>" + EOS + "<begin_of_image>",
    "low quality, jpeg artifacts, ugly, duplicate, morbid, mutilated, extra fingers, mutated hands, "
    "poorly drawn hands, poorly drawn face, mutation, deformed, blurry, dehydrated, bad anatomy.",
    "<|ref|>红色的杯子<|/ref|><|det|>[[12, 40, 388, 512]]<|/det|><|grounding|>",
    "<begin_of_image><image_placeholder><end_of_image><patch_placeholder><\uff5c\u2581pad\u2581\uff5c>",
    # Chinese ad copy
    "新款无线蓝牙耳机，主动降噪，超长续航40小时，快速充电10分钟听歌2小时。",
    "【限时秒杀】买一送一！全场包邮，今日下单立即发货～",
    "商品标题：女士夏季连衣裙，修身显瘦，碎花雪纺，清新气质（S/M/L/XL）",
    "智能手表｜心率监测｜睡眠追踪｜50米防水｜运动健康好帮手",
    "「年度爆款」全球百万用户好评推荐，品质保证，假一赔十。",
    "有机绿茶礼盒装 250g×2罐 春季新茶 清香回甘 送礼自用两相宜",
    "儿童书包大容量减负护脊 1-6年级 防水面料 反光条设计更安全",
    "家用空气净化器除甲醛PM2.5除异味静音节能 适用面积60㎡",
    "￥199.00 包邮 限量1000件 先到先得！！！",
    "鑫淼犇骉 龘靐 𠀀𠀁 𪚥 （生僻字与扩展区汉字）",
    "繁體中文：輕薄便攜，長效保溫，臺灣製造。",
    # model numbers and mixed alphanumerics
    "XR-2000mAh",
    "5G",
    "iPhone15ProMax",
    "iPhone 15 Pro Max 256GB 深空黑色 A3108",
    "RTX4090 24GB GDDR6X, i9-14900K @ 6.0GHz, DDR5-6400 CL32",
    "Wi-Fi 6E / BT5.3 / USB-C PD3.0 65W / HDMI2.1 4K@120Hz",
    "型号：ABC-123/xyz_456，SKU#00789，批次2024-06-18T08:30:00Z",
    "3.14159 2.71828 1,000,000 1e-5 0x7FFF 0b1010 -42 +7 ½ ¾ 10%",
    "２０２４年６月１８日 ＡＢＣ１２３ ｆｕｌｌｗｉｄｔｈ",
    "m² cm³ H₂O x⁴ ①②③ Ⅻ ⅷ 〇 ٣ ५ ๕ 𝟘𝟙𝟚",
    "MacBookAir13 M3芯片 8核CPU 10核GPU 16GB+512GB",
    "SN74HC595N, STM32F103C8T6, ESP32-WROOM-32E, LM317T",
    "ISO9001:2015认证 GB/T 19001-2016 CE/FCC/RoHS",
    "version v1.2.3-beta.4+build.567 (rc2) — released 2024/01/02",
    # emoji
    "emoji 😀😃😄 👍🏽👍🏿 ❤️ ✨🔥💯",
    "family 👨\u200d👩\u200d👧\u200d👦 and 🏳️\u200d🌈 and 👩🏽\u200d💻",
    "flags 🇨🇳🇺🇸🇯🇵🇪🇺 keycaps 1️⃣2️⃣#️⃣ ©️®️™️",
    "新品上市🎉🎉🎉限时特价💰💰快来抢购🛒",
    "☀️⛅🌧️❄️ ☕🍵🥤 📱💻⌚🎧",
    # whitespace runs and newlines
    "  leading spaces",
    "trailing spaces   ",
    "inner    runs     of      spaces",
    "\ttabs\tand\t\tdouble tabs\t",
    "line one\nline two\n\nline four\n\n\n",
    "windows\r\nline endings\r\n\r\n",
    "\n\n\nstarts with newlines",
    " \n \n mixed space and newline \n ",
    "non-breaking\u00a0space, thin\u2009space, ideographic\u3000space, em\u2003space",
    "zero\u200bwidth\u200cjoiners\u200dand\ufeffBOM",
    "   ",
    "\n",
    # other scripts
    "日本語のテキストとカタカナ、ひらがな。東京タワー",
    "한국어 텍스트 테스트입니다. 무선 이어폰 특가!",
    "Ελληνικά κείμενα με τόνους: ά έ ή ί ό ύ ώ",
    "Русский текст: беспроводные наушники, скидка 50%!",
    "العربية: سماعات لاسلكية بخصم كبير",
    "עברית: אוזניות אלחוטיות",
    "हिन्दी: वायरलेस हेडफ़ोन पर भारी छूट",
    "ไทย: หูฟังไร้สาย ลดราคาพิเศษ",
    "Tiếng Việt: tai nghe không dây giảm giá",
    "Ünïcödé ñ ß æ ø å œ ﬁ ﬂ ǅ ǈ",
    "composed é vs decomposed e\u0301, Å vs A\u030a, 가 vs \u1100\u1161",
    "math ∑∫∂√∞≈≠≤≥ ∀x∈ℝ: x²≥0  ℂℕℤℚ Ωmega Kelvin \u212a Ohm \u2126",
    "symbols ©®™ € £ ¥ ± × ÷ ← → ↑ ↓ ★ ☆ ✓ ✗ § ¶ † ‡ • … ‰",
    "full-width punctuation：！？。，、；“引号”‘单引’（括号）【方括】《书名》——破折号……省略",
    "ASCII punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "contractions: it's, don't, we're, I've, I'm, you'll, he'd, IT'S, DON'T",
    "URLs https://shop.example.com/item?id=123&ref=ad#top and mail@example.com",
    "code: for (int i = 0; i < n; ++i) { sum += a[i]; } // done",
    # special tokens of each peer vocabulary, glued and spaced
    "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
    "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n你好<|im_end|>",
    "<|endoftext|>text after end",
    BOS + BOS + "double bos" + EOS,
    "partial tokens <|User and <\uff5cbegin\u2581of and <image_placeholder and |>",
    "spaces around special  <|User|>  tokens  <|Assistant|>  ",
    "text<|User|>glued<|Assistant|>text",
    "<think>reasoning</think> answer",
    "\u2581 sentencepiece marks \u2581\u2581 and \uff5c full-width bars \uff5c",
    # English ad copy
    "Wireless noise cancelling headphones with 40 hours of battery life and fast charging.",
    "Portable power bank 20000mAh with USB-C fast charge, slim design, fits in your pocket.",
    "Limited time offer: BUY ONE GET ONE FREE!!! Free shipping on all orders today...",
    "A product photo on a clean white background, soft studio lighting, 8k, commercial style.",
    "Stainless-steel vacuum-insulated water bottle keeps drinks cold for 24 hours.",
    "CamelCaseWordsAndsnake_case_words and kebab-case-words and ALLCAPSWORDS",
    "Hello world",
    "a",
    "",
]

CHINESE = ["新款", "无线", "蓝牙耳机", "主动降噪", "超长续航", "快充", "充电宝", "毫安", "包邮", "限时",
           "秒杀", "爆款", "连衣裙", "修身", "保温杯", "智能手表", "防水", "礼盒", "有机绿茶", "净化器",
           "除甲醛", "大容量", "轻薄", "便携", "的", "了", "和", "，", "。", "！", "？", "、", "：", "（", "）"]
ENGLISH = ["wireless", "Headphones", "FAST", "charging", "battery", "life", "slim", "design", "the",
           "and", "with", "for", "Pro", "Max", "Ultra", "mini", "Plus", "new", "best", "seller",
           "it's", "don't", "USB-C", "Wi-Fi", "e-mail", "co-op", "'s", "'ll"]
NUMBERS = ["2000mAh", "5G", "4K", "120Hz", "65W", "256GB", "15", "2024", "3.5", "100%", "0.01",
           "1,299", "XR-2000", "A3108", "i9-14900K", "DDR5-6400", "２０２４", "①", "Ⅻ", "²", "٣"]
EMOJI = ["😀", "👍🏽", "❤️", "✨", "🔥", "🎉", "👨\u200d👩\u200d👧", "🇨🇳", "1️⃣", "☕", "🛒", "💯"]
SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n", "\u3000", "\u00a0", ""]
SPECIAL = [BOS, EOS, "<|User|>", "<|Assistant|>", "<image_placeholder>", "<begin_of_image>",
           "<end_of_image>", "<|ref|>", "<|/ref|>", "<|det|>", "<|/det|>", "<|begin_of_text|>",
           "<|eot_id|>", "<|im_start|>", "<|im_end|>", "<|endoftext|>"]
OTHER = ["日本語", "カタカナ", "한국어", "Ελληνικά", "Русский", "é", "e\u0301", "ß", "ﬁ", "\u212a",
         "“", "”", "…", "—", "@", "#", "$", "&", "*", "/", "\\", "|", "<", ">", "-", "_", "."]


def generated(count, seed=20240618):
    rng = random.Random(seed)
    pools = [CHINESE] * 4 + [ENGLISH] * 3 + [NUMBERS] * 2 + [EMOJI, SPECIAL, OTHER]
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(3, 18)):
            parts.append(rng.choice(rng.choice(pools)))
            if rng.random() < 0.45:
                parts.append(rng.choice(SPACES))
        lines.append("".join(parts))
    return lines


def main():
    lines = HAND_WRITTEN + generated(220)
    OUT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{OUT}: {len(lines)} lines ({len(HAND_WRITTEN)} hand-written)")


if __name__ == "__main__":
    main()
