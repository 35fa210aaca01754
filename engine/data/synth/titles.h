#pragma once

// Ad titles in a shopper's style. A style is four rule-based choices that a small model can pick
// up from a shopper's clicked ads and that tests can check:
//   order     where the parts go: product-first (P M S H), benefit-first (H P M S), size-first (S M P H)
//             with P the product phrase, M the model number, S the size, H the highlights;
//   length    short (colour + sub-type, size, 1 highlight), medium (+ material, 2 highlights),
//             long (+ model number, 3 highlights);
//   brand     first (right after the bracket tag), last, or omitted;
//   brackets  none, [square] or 【lenticular】 around the first highlight, which then opens the title.
// Variant v rotates which selling points are the highlights, so one product gets several titles
// in the same style.

#include "synth/catalog.h"

#include <string>

namespace adgen::synth {

enum class TitleOrder { ProductFirst, BenefitFirst, SizeFirst };
enum class TitleLength { Short, Medium, Long };
enum class BrandPosition { First, Last, Omitted };
enum class Brackets { None, Square, Lenticular };

struct TitleStyle {
    TitleOrder order = TitleOrder::ProductFirst;
    TitleLength length = TitleLength::Medium;
    BrandPosition brand = BrandPosition::First;
    Brackets brackets = Brackets::None;
};

const char* name(TitleOrder v);
const char* name(TitleLength v);
const char* name(BrandPosition v);
const char* name(Brackets v);
const char* name(Language v);

std::string composeTitle(const Product& p, const TitleStyle& style, Language language, int variant);

}  // namespace adgen::synth
