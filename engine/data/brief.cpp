#include "adgen/brief.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adgen/error.h"
#include "json_file.h"

namespace adgen {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormatName = "adgen-brief";

std::string relativeOrAbsolute(const std::string& path, const std::string& baseDir) {
    if (path.empty() || baseDir.empty()) return path;
    const fs::path relative = fs::absolute(path).lexically_normal().lexically_relative(
        fs::absolute(baseDir).lexically_normal());
    return relative.empty() ? path : relative.generic_string();
}

// Reads an optional string field; a present field of another type is an error, since silently
// ignoring it would drop what the user wrote.
std::string optionalString(const json& object, const char* key, const std::string& where,
                           const std::string& sourceName) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) {
        throw Error(sourceName + ": field \"" + where + key + "\" must be a string, but it is " +
                        it->type_name() + ".",
                    "Edit the file so the field holds text, or remove it.");
    }
    return it->get<std::string>();
}

std::string resolveProductPath(const json& product, const std::string& briefDirectory,
                               const std::string& sourceName) {
    const std::string relative = optionalString(product, "image", "product.", sourceName);
    const std::string absolute = optionalString(product, "image_absolute", "product.", sourceName);
    if (relative.empty()) return absolute;
    fs::path candidate(relative);
    if (candidate.is_relative() && !briefDirectory.empty()) {
        candidate = fs::absolute(fs::path(briefDirectory) / candidate).lexically_normal();
    }
    // The brief may have been moved without its product: fall back to where it was saved from.
    if (!fs::exists(candidate) && !absolute.empty() && fs::exists(absolute)) return absolute;
    return candidate.string();
}

}  // namespace

std::string briefToJson(const Brief& brief, const std::string& briefDirectory) {
    json product = json::object();
    if (!brief.productImage.empty()) {
        product["image"] = relativeOrAbsolute(brief.productImage, briefDirectory);
        product["image_absolute"] = fs::absolute(brief.productImage).lexically_normal().string();
    }
    const json document = {
        {"format", kFormatName},
        {"version", kBriefFormatVersion},
        {"product", product},
        {"selling_points", brief.sellingPoints},
        {"description", brief.description},
        {"original_title", brief.originalTitle},
    };
    return document.dump(2) + "\n";
}

Brief briefFromJson(std::string_view text, const std::string& briefDirectory,
                    const std::string& sourceName) {
    const json document =
        data::parseJsonText(text, sourceName, "Fix the file in a text editor or open another brief.");
    if (!document.is_object()) {
        throw Error(sourceName + " is not a brief: the top level must be a JSON object.",
                    "Open a .adgen.json file saved by AdGen Studio.");
    }
    if (document.value("format", std::string()) != kFormatName) {
        throw Error(sourceName + " is not a brief: \"format\" must be \"" + kFormatName + "\".",
                    "Open a .adgen.json file saved by AdGen Studio.");
    }
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer()) {
        throw Error(sourceName + ": field \"version\" is missing or not a whole number.",
                    "Add \"version\": 1 to the file.");
    }
    if (version->get<int>() > kBriefFormatVersion) {
        throw Error(sourceName + " was written by a newer AdGen Studio (brief format version " +
                        std::to_string(version->get<int>()) + ", this one reads up to " +
                        std::to_string(kBriefFormatVersion) + ").",
                    "Update AdGen Studio to open it.");
    }

    Brief brief;
    const auto product = document.find("product");
    if (product != document.end() && !product->is_null()) {
        if (!product->is_object()) {
            throw Error(sourceName + ": field \"product\" must be an object.",
                        "Edit it to {\"image\": \"product.png\"} or remove it.");
        }
        brief.productImage = resolveProductPath(*product, briefDirectory, sourceName);
    }

    const auto points = document.find("selling_points");
    if (points != document.end() && !points->is_null()) {
        if (!points->is_array()) {
            throw Error(sourceName + ": field \"selling_points\" must be a list of strings.",
                        "Write it as [\"first point\", \"second point\"].");
        }
        for (std::size_t i = 0; i < points->size(); ++i) {
            const json& point = (*points)[i];
            if (!point.is_string()) {
                throw Error(sourceName + ": selling point " + std::to_string(i + 1) +
                                " must be a string, but it is " + point.type_name() + ".",
                            "Put the selling point in quotes or remove it.");
            }
            brief.sellingPoints.push_back(point.get<std::string>());
        }
    }
    brief.description = optionalString(document, "description", "", sourceName);
    brief.originalTitle = optionalString(document, "original_title", "", sourceName);
    return brief;
}

Brief loadBrief(const std::string& path) {
    const std::string text = data::readTextFile(path, "Brief file");
    return briefFromJson(text, fs::absolute(path).parent_path().string(), fs::path(path).filename().string());
}

void saveBrief(const Brief& brief, const std::string& path) {
    data::writeFileAtomically(path, briefToJson(brief, fs::absolute(path).parent_path().string()));
}

std::vector<std::string> splitSellingPoints(std::string_view text) {
    // UTF-8 separators: ASCII , ; and line breaks, full-width ，；, and the enumeration comma 、.
    static const std::string_view separators[] = {",", ";", "\n", "\r", "\xEF\xBC\x8C",
                                                  "\xEF\xBC\x9B", "\xE3\x80\x81"};
    // ASCII whitespace only: std::isspace depends on the C locale, and in a Latin-1 locale it
    // would take 0xA0 (a UTF-8 continuation byte) for a space and cut a character in half.
    auto isAsciiSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    auto trim = [&](std::string_view s) {
        // Trim ASCII whitespace and the ideographic space U+3000.
        for (;;) {
            const std::size_t before = s.size();
            while (!s.empty() && isAsciiSpace(s.front())) s.remove_prefix(1);
            while (!s.empty() && isAsciiSpace(s.back())) s.remove_suffix(1);
            if (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
            if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
            if (s.size() == before) return s;
        }
    };

    std::vector<std::string> items;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t separatorLength = 0;
        if (i < text.size()) {
            for (std::string_view separator : separators) {
                if (text.substr(i, separator.size()) == separator) {
                    separatorLength = separator.size();
                    break;
                }
            }
        }
        if (i == text.size() || separatorLength > 0) {
            const std::string_view item = trim(text.substr(start, i - start));
            if (!item.empty()) items.emplace_back(item);
            i += separatorLength == 0 ? 1 : separatorLength;
            start = i;
        } else {
            ++i;
        }
    }
    return items;
}

}  // namespace adgen
