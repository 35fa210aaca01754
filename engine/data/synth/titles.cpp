#include "synth/titles.h"

#include <vector>

namespace adgen::synth {

const char* name(TitleOrder v) {
    switch (v) {
        case TitleOrder::ProductFirst: return "product-first";
        case TitleOrder::BenefitFirst: return "benefit-first";
        case TitleOrder::SizeFirst: return "size-first";
    }
    return "";
}
const char* name(TitleLength v) {
    switch (v) {
        case TitleLength::Short: return "short";
        case TitleLength::Medium: return "medium";
        case TitleLength::Long: return "long";
    }
    return "";
}
const char* name(BrandPosition v) {
    switch (v) {
        case BrandPosition::First: return "first";
        case BrandPosition::Last: return "last";
        case BrandPosition::Omitted: return "omitted";
    }
    return "";
}
const char* name(Brackets v) {
    switch (v) {
        case Brackets::None: return "none";
        case Brackets::Square: return "square";
        case Brackets::Lenticular: return "lenticular";
    }
    return "";
}
const char* name(Language v) { return v == Language::En ? "en" : "zh"; }

std::string composeTitle(const Product& p, const TitleStyle& style, Language language, int variant) {
    const bool en = language == Language::En;
    const auto points = p.sellingPointTexts(language);
    const size_t wanted = style.length == TitleLength::Short ? 1 : (style.length == TitleLength::Medium ? 2 : 3);
    std::vector<std::string> highlights;
    for (size_t i = 0; i < wanted && i < points.size(); ++i)
        highlights.push_back(points[(static_cast<size_t>(variant) + i) % points.size()]);

    std::string tag;
    if (style.brackets != Brackets::None && !highlights.empty()) {
        tag = (style.brackets == Brackets::Square ? "[" : "【") + highlights.front() +
              (style.brackets == Brackets::Square ? "]" : "】");
        highlights.erase(highlights.begin());
    }

    const std::string sep = en ? " " : "";
    std::string product = p.colourName().in(language) + sep;
    if (style.length != TitleLength::Short) product += p.materialName().in(language) + sep;
    product += p.sub().name.in(language);
    std::string h;
    for (size_t i = 0; i < highlights.size(); ++i) h += (i ? (en ? ", " : " ") : "") + highlights[i];
    const std::string model = style.length == TitleLength::Long ? p.model : "";
    const std::string size = p.sizeName().in(language);

    std::vector<std::string> parts;
    switch (style.order) {
        case TitleOrder::ProductFirst: parts = {product, model, size, h}; break;
        case TitleOrder::BenefitFirst: parts = {h, product, model, size}; break;
        case TitleOrder::SizeFirst: parts = {size, model, product, h}; break;
    }
    const std::string& brand = p.brandName().in(language);
    if (style.brand == BrandPosition::First) parts.insert(parts.begin(), brand);
    if (style.brand == BrandPosition::Last) parts.push_back(brand);
    if (!tag.empty()) parts.insert(parts.begin(), tag);

    std::string title;
    for (const auto& part : parts) {
        if (part.empty()) continue;
        if (!title.empty()) title += " ";
        title += part;
    }
    return title;
}

}  // namespace adgen::synth
