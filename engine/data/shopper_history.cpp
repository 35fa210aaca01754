#include "adgen/shopper_history.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "adgen/error.h"

namespace adgen {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

[[noreturn]] void badHistory(const std::string& source, const std::string& problem) {
    throw Error("The shopper history " + source + " " + problem + ".",
                "Write a JSON list of {\"title\": ..., \"image\": ...} clicks, or an object with \"history_titles\" and "
                "\"history_images\" lists (see docs/formats.md, \"Shopper history files\").");
}

std::string text(const json& value, const std::string& source, const std::string& where) {
    if (!value.is_string()) badHistory(source, "has a " + where + " that is not text");
    return value.get<std::string>();
}

std::string resolve(const std::string& image, const std::string& baseDirectory) {
    const fs::path p(image);
    if (p.is_absolute() || baseDirectory.empty()) return p.lexically_normal().string();
    return (fs::absolute(baseDirectory) / p).lexically_normal().string();
}

// --- Pasted lines ---------------------------------------------------------------------------

constexpr const char* kPasteFix =
    "Put one click per line: the title, then the image file, separated by a tab or \" | \" "
    "(Red bottle | clicks/red.png), or ending in a .png, .jpg, .jpeg, .webp or .bmp file "
    "(Red bottle clicks/red.png); or paste a shopper history's JSON.";

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool hasImageExtension(std::string_view path) {
    std::string lower(path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const std::string_view ext : {".png", ".jpg", ".jpeg", ".webp", ".bmp"}) {
        if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) return true;
    }
    return false;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// What a file manager or a QML drop puts on the clipboard: a quoted path or a file:// URL.
std::string plainPath(std::string_view path) {
    path = trim(path);
    if (path.size() >= 2 && (path.front() == '"' || path.front() == '\'') && path.back() == path.front())
        path = trim(path.substr(1, path.size() - 2));
    constexpr std::string_view kFileScheme = "file://";
    if (path.substr(0, kFileScheme.size()) != kFileScheme) return std::string(path);
    path.remove_prefix(kFileScheme.size());
    std::string decoded;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size() && hexValue(path[i + 1]) >= 0 && hexValue(path[i + 2]) >= 0) {
            decoded += char(hexValue(path[i + 1]) * 16 + hexValue(path[i + 2]));
            i += 2;
        } else {
            decoded += path[i];
        }
    }
    return decoded;
}

// The line as the message quotes it: at most about 60 bytes, cut at a character boundary.
std::string quoted(std::string_view line) {
    if (line.size() <= 60) return "\"" + std::string(line) + "\"";
    std::size_t end = 60;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    return "\"" + std::string(line.substr(0, end)) + "…\"";
}

struct SplitLine {
    std::string_view title;
    std::string_view path;
};

// Title and path of one line, or nothing when none of the accepted forms fits.
std::optional<SplitLine> splitLine(std::string_view line) {
    if (const auto tab = line.find('\t'); tab != std::string_view::npos)
        return SplitLine{trim(line.substr(0, tab)), trim(line.substr(tab + 1))};
    // The last " | ": a title may contain the separator ("Brand | Bottle"), a path hardly.
    if (const auto bar = line.rfind(" | "); bar != std::string_view::npos)
        return SplitLine{trim(line.substr(0, bar)), trim(line.substr(bar + 3))};
    std::size_t start = std::string_view::npos;
    if (line.back() == '"' || line.back() == '\'') {
        // A quoted path may hold spaces: it starts at the matching quote.
        const auto open = line.substr(0, line.size() - 1).rfind(line.back());
        if (open != std::string_view::npos) start = open;
    }
    if (start == std::string_view::npos) {
        const auto space = line.find_last_of(" \t");
        if (space == std::string_view::npos) return std::nullopt;
        start = space + 1;
    }
    const std::string_view path = line.substr(start);
    if (!hasImageExtension(plainPath(path))) return std::nullopt;
    return SplitLine{trim(line.substr(0, start)), path};
}

}  // namespace

std::vector<ClickEntry> parseShopperHistoryJson(std::string_view jsonText, const std::string& baseDirectory,
                                                const std::string& sourceName) {
    json root;
    try {
        root = json::parse(jsonText.begin(), jsonText.end());
    } catch (const json::parse_error& e) {
        badHistory(sourceName, std::string("is not valid JSON (") + e.what() + ")");
    }
    std::vector<ClickEntry> clicks;
    const auto add = [&](std::string title, const std::string& image, std::optional<double> similarity) {
        clicks.push_back({std::move(title), resolve(image, baseDirectory), similarity, 0});
    };
    if (root.is_array()) {
        for (size_t i = 0; i < root.size(); ++i) {
            const auto& item = root[i];
            const auto at = "click " + std::to_string(i + 1);
            if (!item.is_object() || !item.contains("title") || !item.contains("image"))
                badHistory(sourceName, "has a " + at + " without \"title\" and \"image\"");
            std::optional<double> similarity;
            if (item.contains("similarity")) {
                if (!item["similarity"].is_number())
                    badHistory(sourceName, "has a " + at + " whose \"similarity\" is not a number");
                similarity = item["similarity"].get<double>();
            }
            add(text(item["title"], sourceName, at + " title"), text(item["image"], sourceName, at + " image"), similarity);
        }
        return clicks;
    }
    if (!root.is_object() || !root.contains("history_titles") || !root.contains("history_images"))
        badHistory(sourceName, "is neither a list of clicks nor an object with \"history_titles\" and \"history_images\"");
    const auto& titles = root["history_titles"];
    const auto& paths = root["history_images"];
    if (!titles.is_array() || !paths.is_array() || titles.size() != paths.size())
        badHistory(sourceName, "has \"history_titles\" and \"history_images\" that are not lists of the same length");
    const json* similarity =
        root.contains("text_similarity") && !root["text_similarity"].is_null() ? &root["text_similarity"] : nullptr;
    if (similarity && (!similarity->is_array() || similarity->size() != titles.size()))
        badHistory(sourceName, "has a \"text_similarity\" list whose length differs from the titles'");
    for (size_t i = 0; i < titles.size(); ++i) {
        std::optional<double> s;
        if (similarity) {
            if (!(*similarity)[i].is_number()) badHistory(sourceName, "has a text_similarity entry that is not a number");
            s = (*similarity)[i].get<double>();
        }
        add(text(titles[i], sourceName, "history title"), text(paths[i], sourceName, "history image"), s);
    }
    return clicks;
}

std::vector<ClickEntry> loadShopperHistory(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || fs::is_directory(path)) throw Error("The shopper history " + path + " cannot be read.", "Check the path.");
    std::ostringstream contents;
    contents << in.rdbuf();
    return parseShopperHistoryJson(contents.str(), fs::absolute(path).parent_path().string(), path);
}

std::vector<ClickEntry> parsePastedClickHistory(std::string_view text, const std::string& baseDirectory) {
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) text.remove_prefix(kByteOrderMark.size());
    const std::string_view trimmed = trim(text);
    if (!trimmed.empty() && (trimmed.front() == '[' || trimmed.front() == '{'))
        return parseShopperHistoryJson(trimmed, baseDirectory, "you pasted");

    std::vector<ClickEntry> clicks;
    std::size_t lineNumber = 0;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        ++lineNumber;
        if (line.empty()) continue;
        const auto split = splitLine(line);
        const std::string where = "Line " + std::to_string(lineNumber) + " of the pasted click history, " + quoted(line) + ",";
        const std::string path = split ? plainPath(split->path) : std::string();
        if (path.empty()) throw Error(where + " has no image path.", kPasteFix);
        if (split->title.empty()) throw Error(where + " has an image path but no title.", kPasteFix);
        clicks.push_back({std::string(split->title), resolve(path, baseDirectory), std::nullopt, int(lineNumber)});
    }
    return clicks;
}

}  // namespace adgen
