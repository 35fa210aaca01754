#pragma once

// The synthetic catalog: categories with their sub-types, materials, sizes and selling points,
// brands, named colours, all in English and Chinese; and the products drawn from them.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace adgen::synth {

enum class Language { En, Zh };

struct Text {
    std::string en;
    std::string zh;
    const std::string& in(Language l) const { return l == Language::En ? en : zh; }
};

struct NamedColour {
    Text name;
    uint32_t rgb;
};

struct Subtype {
    Text name;
    std::vector<int> materials;  // indices into Category::materials
    std::vector<Text> sizes;
};

struct Category {
    std::string id;  // bottle, box, ...
    Text name;
    std::vector<Subtype> subtypes;
    std::vector<Text> materials;
    std::vector<Text> sellingPoints;
    std::vector<int> colours;  // indices into namedColours() a product body may take
};

struct Brand {
    Text name;
    std::string modelPrefix;
};

const std::vector<Category>& catalogCategories();
const std::vector<Brand>& catalogBrands();
const std::vector<NamedColour>& namedColours();

// Where the product stands on every canvas (ad and cut-out), normalised 0..1: the horizontal
// centre and the bottom of its box, and the box's size.
struct Placement {
    float centreX = 0.5f;
    float baseY = 0.88f;
    float width = 0.4f;
    float height = 0.5f;
};

struct Product {
    std::string id;   // "bottle-03"
    int category = 0;
    int indexInCategory = 0;
    int subtype = 0;
    int brand = 0;
    std::string model;  // "AU-3021"
    int colour = 0;     // body, index into namedColours()
    int accent = 0;     // second colour
    int material = 0;   // index into the category's materials
    int size = 0;       // index into the subtype's sizes
    std::vector<int> sellingPoints;  // indices into the category's selling points, in the product's order
    std::array<float, 8> shape{};    // shape parameters in [0, 1], read by the painter
    Placement placement;
    std::string split;  // train, val, test

    const Category& cat() const { return catalogCategories()[static_cast<size_t>(category)]; }
    const Subtype& sub() const { return cat().subtypes[static_cast<size_t>(subtype)]; }
    const Text& brandName() const { return catalogBrands()[static_cast<size_t>(brand)].name; }
    const Text& colourName() const { return namedColours()[static_cast<size_t>(colour)].name; }
    const Text& materialName() const { return cat().materials[static_cast<size_t>(material)]; }
    const Text& sizeName() const { return sub().sizes[static_cast<size_t>(size)]; }
    std::vector<std::string> sellingPointTexts(Language l) const;
};

// Product `index` of category `category`, from its own random stream of `seed`.
Product makeProduct(uint64_t seed, int category, int index);

// Catalog text: the plain original title (sku_title_cn), a one-paragraph description, and the
// selling points as PAd1M word_list ("a, b, c" in English, "a，b，c" in Chinese).
std::string originalTitle(const Product& p, Language l);
std::string productDescription(const Product& p, Language l);
std::string wordList(const Product& p, Language l);

}  // namespace adgen::synth
