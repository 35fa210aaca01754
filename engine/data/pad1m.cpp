#include "adgen/pad1m.h"

#include "adgen/error.h"
#include "json_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace adgen {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kProblemsShown = 12;
const char* kFix =
    "Fix these records (the PAd1M format is described in docs/formats.md), or regenerate the file with `adgen synth`.";

std::string trimmed(std::string s) {
    const auto* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::vector<std::string> splitOn(const std::string& text, const std::vector<std::string>& separators) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t best = std::string::npos, length = 0;
        for (const auto& sep : separators) {
            const auto at = text.find(sep, start);
            if (at < best) best = at, length = sep.size();
        }
        auto item = trimmed(text.substr(start, best == std::string::npos ? std::string::npos : best - start));
        if (!item.empty()) out.push_back(std::move(item));
        if (best == std::string::npos) return out;
        start = best + length;
    }
}

// Reads one record, appending every problem it finds to `problems`.
class RecordReader {
public:
    RecordReader(const json& record, size_t index, const std::string& baseDir, bool checkFiles,
                 std::vector<std::string>& problems)
        : record_(record), index_(index), baseDir_(baseDir), checkFiles_(checkFiles), problems_(problems) {}

    Pad1mRecord read() {
        Pad1mRecord r;
        if (!record_.is_object()) {
            problem("", "is not a JSON object");
            return r;
        }
        r.adImage = path("f_path", false);
        r.productCutout = path("f_path_trans", true);
        r.whiteBackground = path("f_path_white", false);
        if (r.productCutout.empty() && r.whiteBackground.empty() && record_.contains("f_path_trans"))
            problem("f_path_trans", "is empty and f_path_white is not set, so there is no product image");
        r.width = integer("width", 512);
        r.height = integer("height", 512);
        r.caption = text("caption", false);
        r.category = text("cid3_english_name", false, "object");
        r.productTitle = text("sku_title_cn", true);
        r.adTitles = text("gt_title_cn", false);
        r.sellingPoints = text("word_list", true);
        if (record_.contains("word_list") && r.sellingPointList().empty())
            problem("word_list", "has no selling points");
        r.ocrImage = path("f_ocr_path", false);
        r.maxRatio = number("max_ratio", 1.0, true);
        if (!(r.maxRatio > 0.0 && r.maxRatio <= 1.0)) problem("max_ratio", "is " + std::to_string(r.maxRatio) + ", outside (0, 1]");
        r.productBoxes = boxes();
        r.historyImages = paths("history_images");
        r.historyTitles = strings("history_titles");
        if (r.historyImages.size() != r.historyTitles.size())
            problem("history_titles", "has " + std::to_string(r.historyTitles.size()) + " titles for " +
                                          std::to_string(r.historyImages.size()) + " history images");
        if (record_.contains("text_similarity")) {
            r.textSimilarity = numbers("text_similarity");
            if (r.textSimilarity->size() != r.historyTitles.size())
                problem("text_similarity", "has " + std::to_string(r.textSimilarity->size()) + " values for " +
                                               std::to_string(r.historyTitles.size()) + " history titles");
        }
        if (record_.contains("url")) r.url = text("url", false);
        return r;
    }

private:
    void problem(const std::string& field, const std::string& what) {
        problems_.push_back("record " + std::to_string(index_) + (field.empty() ? "" : " field \"" + field + "\"") + " " + what);
    }

    const json* find(const char* key, bool required) {
        if (!record_.contains(key) || record_.at(key).is_null()) {
            if (required) problem(key, "is missing");
            return nullptr;
        }
        return &record_.at(key);
    }

    std::string text(const char* key, bool required, const std::string& fallback = "") {
        const auto* v = find(key, required);
        if (!v) return fallback;
        if (!v->is_string()) {
            problem(key, "should be a string, not " + v->dump());
            return fallback;
        }
        return v->get<std::string>();
    }

    std::string resolve(const std::string& p, const std::string& field) {
        if (p.empty()) return p;
        const fs::path full = fs::path(p).is_absolute() ? fs::path(p) : fs::path(baseDir_) / p;
        if (checkFiles_ && !fs::exists(full)) problem(field, "names " + full.string() + ", which does not exist");
        return full.lexically_normal().string();
    }

    std::string path(const char* key, bool required) { return resolve(text(key, required), key); }

    int integer(const char* key, int fallback) {
        const auto* v = find(key, false);
        if (!v) return fallback;
        if (!v->is_number_integer() || v->get<int64_t>() <= 0) {
            problem(key, "should be a positive integer, not " + v->dump());
            return fallback;
        }
        return v->get<int>();
    }

    double number(const char* key, double fallback, bool required) {
        const auto* v = find(key, required);
        if (!v) return fallback;
        if (!v->is_number()) {
            problem(key, "should be a number, not " + v->dump());
            return fallback;
        }
        return v->get<double>();
    }

    const json* array(const char* key) {
        const auto* v = find(key, true);
        if (v && !v->is_array()) {
            problem(key, "should be a list, not " + v->dump().substr(0, 60));
            return nullptr;
        }
        return v;
    }

    std::vector<std::string> strings(const char* key) {
        std::vector<std::string> out;
        if (const auto* v = array(key))
            for (size_t i = 0; i < v->size(); ++i) {
                if (!(*v)[i].is_string()) {
                    problem(std::string(key) + "[" + std::to_string(i) + "]", "should be a string");
                    continue;
                }
                out.push_back((*v)[i].get<std::string>());
            }
        return out;
    }

    std::vector<std::string> paths(const char* key) {
        auto out = strings(key);
        for (size_t i = 0; i < out.size(); ++i) out[i] = resolve(out[i], std::string(key) + "[" + std::to_string(i) + "]");
        return out;
    }

    std::vector<double> numbers(const char* key) {
        std::vector<double> out;
        if (const auto* v = array(key))
            for (size_t i = 0; i < v->size(); ++i) {
                if (!(*v)[i].is_number()) {
                    problem(std::string(key) + "[" + std::to_string(i) + "]", "should be a number");
                    continue;
                }
                out.push_back((*v)[i].get<double>());
            }
        return out;
    }

    std::vector<std::array<double, 4>> boxes() {
        std::vector<std::array<double, 4>> out;
        const auto* v = find("ref_exps", false);
        if (!v) return out;
        if (!v->is_array()) {
            problem("ref_exps", "should be a list of [x1, y1, x2, y2] boxes");
            return out;
        }
        for (size_t i = 0; i < v->size(); ++i) {
            const auto& b = (*v)[i];
            if (!b.is_array() || b.size() < 4 || !std::all_of(b.begin(), b.begin() + 4, [](const json& x) { return x.is_number(); })) {
                problem("ref_exps[" + std::to_string(i) + "]", "should be [x1, y1, x2, y2], not " + b.dump());
                continue;
            }
            out.push_back({b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()});
        }
        return out;
    }

    const json& record_;
    size_t index_;
    const std::string& baseDir_;
    bool checkFiles_;
    std::vector<std::string>& problems_;
};

std::string relativeTo(const std::string& p, const std::string& baseDir) {
    if (p.empty()) return p;
    const auto rel = fs::path(p).lexically_relative(baseDir);
    if (rel.empty() || *rel.begin() == "..") return p;
    return rel.generic_string();
}

}  // namespace

std::vector<std::string> Pad1mRecord::adTitleList() const { return splitOn(adTitles, {kTitleSplit}); }

std::vector<std::string> Pad1mRecord::sellingPointList() const { return splitOn(sellingPoints, {",", "，"}); }

bool Pad1mRecord::operator==(const Pad1mRecord& o) const {
    return adImage == o.adImage && productCutout == o.productCutout && whiteBackground == o.whiteBackground &&
           productBoxes == o.productBoxes && width == o.width && height == o.height && caption == o.caption &&
           category == o.category && productTitle == o.productTitle && adTitles == o.adTitles &&
           sellingPoints == o.sellingPoints && ocrImage == o.ocrImage && maxRatio == o.maxRatio &&
           historyImages == o.historyImages && historyTitles == o.historyTitles &&
           textSimilarity == o.textSimilarity && url == o.url;
}

std::vector<Pad1mRecord> pad1mFromJson(const std::string& text, const std::string& baseDirectory,
                                       const std::string& sourceName, const Pad1mLoadOptions& options) {
    const auto document = data::parseJsonText(text, sourceName, "Fix the file in a text editor.");
    if (!document.is_array())
        throw Error(sourceName + " is not a PAd1M file: the top level must be a JSON list of records.",
                    "Choose a PAd1M JSON file (a list of records with f_path_trans, sku_title_cn, word_list ...).");
    std::vector<Pad1mRecord> records;
    std::vector<std::string> problems;
    for (size_t i = 0; i < document.size(); ++i)
        records.push_back(RecordReader(document[i], i, baseDirectory, options.checkFiles, problems).read());
    if (!problems.empty()) {
        std::string list;
        for (size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) list += "\n  " + problems[i];
        if (problems.size() > kProblemsShown) list += "\n  ... and " + std::to_string(problems.size() - kProblemsShown) + " more";
        throw Error(sourceName + " has " + std::to_string(problems.size()) + (problems.size() == 1 ? " problem:" : " problems:") + list,
                    kFix);
    }
    return records;
}

std::vector<Pad1mRecord> loadPad1m(const std::string& path, const Pad1mLoadOptions& options) {
    const auto text = data::readTextFile(path, "PAd1M file");
    return pad1mFromJson(text, fs::absolute(path).parent_path().string(), fs::path(path).filename().string(), options);
}

std::string pad1mToJson(const std::vector<Pad1mRecord>& records, const std::string& baseDirectory) {
    json out = json::array();
    for (const auto& r : records) {
        json j = {{"f_path", relativeTo(r.adImage, baseDirectory)},
                  {"f_path_trans", relativeTo(r.productCutout, baseDirectory)},
                  {"f_path_white", relativeTo(r.whiteBackground, baseDirectory)},
                  {"ref_exps", r.productBoxes},
                  {"width", r.width},
                  {"height", r.height},
                  {"caption", r.caption},
                  {"cid3_english_name", r.category},
                  {"sku_title_cn", r.productTitle},
                  {"gt_title_cn", r.adTitles},
                  {"word_list", r.sellingPoints},
                  {"f_ocr_path", relativeTo(r.ocrImage, baseDirectory)},
                  {"max_ratio", r.maxRatio},
                  {"history_images", json::array()},
                  {"history_titles", r.historyTitles}};
        for (const auto& h : r.historyImages) j["history_images"].push_back(relativeTo(h, baseDirectory));
        if (r.textSimilarity) j["text_similarity"] = *r.textSimilarity;
        if (r.url) j["url"] = *r.url;
        out.push_back(std::move(j));
    }
    return out.dump(1) + "\n";
}

void savePad1m(const std::vector<Pad1mRecord>& records, const std::string& path) {
    data::writeFileAtomically(path, pad1mToJson(records, fs::absolute(path).parent_path().lexically_normal().string()));
}

}  // namespace adgen
