#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace adgen {

// What a designer hands to the generator for one product: the transparent cut-out and the text
// about it. Saved as a `.adgen.json` file (see docs/formats.md).
struct Brief {
    std::string productImage;  // absolute path of the product cut-out, empty if none chosen
    std::vector<std::string> sellingPoints;
    std::string description;
    std::string originalTitle;

    bool operator==(const Brief& other) const {
        return productImage == other.productImage && sellingPoints == other.sellingPoints &&
               description == other.description && originalTitle == other.originalTitle;
    }
    bool operator!=(const Brief& other) const { return !(*this == other); }
};

inline constexpr const char* kBriefFileSuffix = ".adgen.json";
inline constexpr int kBriefFormatVersion = 1;

// Serialises a brief. The product path is written relative to `briefDirectory` (so a folder of
// briefs and products can be moved together) and, as a fallback, absolute.
std::string briefToJson(const Brief& brief, const std::string& briefDirectory);

// Parses a brief; relative product paths are resolved against `briefDirectory`. `sourceName`
// names the file in error messages. Throws adgen::Error naming the field and the fix.
Brief briefFromJson(std::string_view json, const std::string& briefDirectory,
                    const std::string& sourceName);

// Reads and writes brief files. Saving writes a temporary file and renames it over the target,
// so an interrupted save never leaves a half-written brief. Both throw adgen::Error.
Brief loadBrief(const std::string& path);
void saveBrief(const Brief& brief, const std::string& path);

// Splits pasted text into selling points: separators are commas, semicolons and line breaks,
// in ASCII and full-width forms, and the Chinese enumeration comma. Items are trimmed; empty
// items are dropped.
std::vector<std::string> splitSellingPoints(std::string_view text);

}  // namespace adgen
