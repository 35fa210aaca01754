#include "bpe_trainer.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <queue>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "adgen/error.h"
#include "byte_level.h"
#include "../../data/json_file.h"  // engine/data: reading and writing files with clear errors
#include "pre_tokenizer.h"
#include "utf8.h"

namespace adgen::text {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

const std::string kBos = "<\xEF\xBD\x9C" "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>";
const std::string kEos = "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>";
const std::string kPad = "<\xEF\xBD\x9C\xE2\x96\x81pad\xE2\x96\x81\xEF\xBD\x9C>";

const char* kFixOptions = "Choose a larger vocabulary or fewer special tokens.";

struct CodeRange {
    char32_t first;
    char32_t last;
};

// "[ranges]" as the regex text DeepSeek's tokenizer.json has: a single code point alone, a range
// as "first-last" (the characters themselves, UTF-8).
std::string characterClass(std::initializer_list<CodeRange> ranges) {
    std::string out = "[";
    for (const CodeRange& range : ranges) {
        utf8::append(out, range.first);
        if (range.last != range.first) {
            out += '-';
            utf8::append(out, range.last);
        }
    }
    return out + "]";
}

ordered_json split(const std::string& regex) {
    ordered_json step;
    step["type"] = "Split";
    step["pattern"] = {{"Regex", regex}};
    step["behavior"] = "Isolated";
    step["invert"] = false;
    return step;
}

// ---- training state ------------------------------------------------------------------------

uint64_t pairKey(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}
int32_t pairLeft(uint64_t key) { return static_cast<int32_t>(key >> 32); }
int32_t pairRight(uint64_t key) { return static_cast<int32_t>(key & 0xFFFFFFFFu); }

struct Word {
    std::vector<int32_t> symbols;
    int64_t count = 0;
};

struct HeapEntry {
    int64_t count;
    uint64_t pair;
};

class Trainer {
public:
    explicit Trainer(const BpeTrainingOptions& options) : options_(options) {
        // The 256 byte tokens, ordered by the code point of their ByteLevel character.
        const ByteLevel& table = ByteLevel::instance();
        std::vector<std::string> chars;
        for (int b = 0; b < 256; ++b) chars.push_back(table.charFor(static_cast<unsigned char>(b)));
        std::sort(chars.begin(), chars.end());
        for (const std::string& c : chars) addToken(c);
    }

    void countPiece(const std::string& piece) { ++pieceCounts_[piece]; }

    void train(int baseTarget, BpeTrainingStats& stats) {
        buildWords(stats);
        const auto better = [this](const HeapEntry& a, const HeapEntry& b) {
            if (a.count != b.count) return a.count > b.count;
            const std::string& aLeft = tokens_[static_cast<size_t>(pairLeft(a.pair))];
            const std::string& bLeft = tokens_[static_cast<size_t>(pairLeft(b.pair))];
            if (aLeft != bLeft) return aLeft < bLeft;
            return tokens_[static_cast<size_t>(pairRight(a.pair))] <
                   tokens_[static_cast<size_t>(pairRight(b.pair))];
        };
        // priority_queue pops the "largest": make that the best entry.
        const auto worse = [&better](const HeapEntry& a, const HeapEntry& b) { return better(b, a); };
        std::priority_queue<HeapEntry, std::vector<HeapEntry>, decltype(worse)> heap(worse);
        for (const auto& [pair, count] : pairCounts_) {
            if (count > 0) heap.push({count, pair});
        }

        stats.stopReason = "";
        while (static_cast<int>(tokens_.size()) < baseTarget) {
            if (heap.empty()) {
                stats.stopReason = "the corpus has no pairs left to merge";
                break;
            }
            const HeapEntry top = heap.top();
            heap.pop();
            const int64_t current = countOf(top.pair);
            if (current != top.count) {
                // Stale: the pair was seen less often since. (An entry below the current count is
                // a leftover; a newer one with the current count is in the heap.)
                if (current > 0 && current < top.count) heap.push({current, top.pair});
                continue;
            }
            if (current < options_.minFrequency) {
                stats.stopReason = "no pair occurs " + std::to_string(options_.minFrequency) +
                                   " times any more (--min-frequency)";
                break;
            }
            merge(top.pair, [&heap](uint64_t pair, int64_t count) { heap.push({count, pair}); });
        }
        stats.reachedVocabSize = static_cast<int>(tokens_.size()) >= baseTarget;
        if (stats.reachedVocabSize) stats.stopReason = "reached the vocabulary size";
        stats.merges = static_cast<int>(merges_.size());
        stats.baseVocab = static_cast<int>(tokens_.size());
    }

    const std::vector<std::string>& tokens() const { return tokens_; }
    const std::vector<uint64_t>& merges() const { return merges_; }

private:
    int32_t addToken(const std::string& text) {
        const auto [it, inserted] = ids_.emplace(text, static_cast<int32_t>(tokens_.size()));
        if (inserted) tokens_.push_back(text);
        return it->second;
    }

    int64_t countOf(uint64_t pair) const {
        const auto it = pairCounts_.find(pair);
        return it == pairCounts_.end() ? 0 : it->second;
    }

    void noteWord(uint64_t pair, int32_t word) {
        std::vector<int32_t>& list = pairWords_[pair];
        if (list.empty() || list.back() != word) list.push_back(word);
    }

    void buildWords(BpeTrainingStats& stats) {
        // Sorted, so that word indices (and so everything after) do not depend on hashing.
        std::vector<std::pair<std::string, int64_t>> sorted(pieceCounts_.begin(), pieceCounts_.end());
        pieceCounts_.clear();
        std::sort(sorted.begin(), sorted.end());
        stats.distinctPieces = static_cast<int64_t>(sorted.size());
        words_.reserve(sorted.size());
        for (const auto& [piece, count] : sorted) {
            stats.pieces += count;
            Word word;
            word.count = count;
            size_t pos = 0;
            while (pos < piece.size()) {
                // Pieces are in the ByteLevel alphabet: every character is one of the 256 tokens.
                const size_t length = std::max<size_t>(1, utf8::validSequenceAt(piece, pos));
                const auto it = ids_.find(piece.substr(pos, length));
                if (it == ids_.end()) {
                    throw Error("internal error: the pre-tokenizer produced a character outside the "
                                "byte-level alphabet.",
                                "Report this as a bug.");
                }
                word.symbols.push_back(it->second);
                pos += length;
            }
            const auto index = static_cast<int32_t>(words_.size());
            for (size_t i = 0; i + 1 < word.symbols.size(); ++i) {
                const uint64_t pair = pairKey(word.symbols[i], word.symbols[i + 1]);
                pairCounts_[pair] += count;
                noteWord(pair, index);
            }
            words_.push_back(std::move(word));
        }
    }

    // Merges `pair` in every word that has it, updating the pair counts; `grown` is called once per
    // pair whose count went up, with its new count.
    template <typename Grown>
    void merge(uint64_t pair, Grown grown) {
        const int32_t left = pairLeft(pair);
        const int32_t right = pairRight(pair);
        const int32_t merged =
            addToken(tokens_[static_cast<size_t>(left)] + tokens_[static_cast<size_t>(right)]);
        // The same pair can come back (a token spelled the same way made by another merge next to
        // the same right token); the first rank already covers it at encode time.
        if (mergedPairs_.insert(pair).second) merges_.push_back(pair);

        std::unordered_map<uint64_t, int64_t> changes;
        const auto change = [&changes](int32_t a, int32_t b, int64_t delta) {
            changes[pairKey(a, b)] += delta;
        };
        std::vector<int32_t> wordList;
        wordList.swap(pairWords_[pair]);
        pairWords_.erase(pair);
        std::vector<int32_t> out;
        for (const int32_t index : wordList) {
            Word& word = words_[static_cast<size_t>(index)];
            const std::vector<int32_t>& symbols = word.symbols;
            const int64_t count = word.count;
            out.clear();
            bool changed = false;
            for (size_t i = 0; i < symbols.size();) {
                if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                    // (prev, left) and (right, next) give way to (prev, merged) and (merged, next);
                    // prev is what is already written, so back-to-back merges net out correctly.
                    if (!out.empty()) {
                        change(out.back(), left, -count);
                        change(out.back(), merged, count);
                        noteWord(pairKey(out.back(), merged), index);
                    }
                    change(left, right, -count);
                    if (i + 2 < symbols.size()) {
                        change(right, symbols[i + 2], -count);
                        change(merged, symbols[i + 2], count);
                        noteWord(pairKey(merged, symbols[i + 2]), index);
                    }
                    out.push_back(merged);
                    i += 2;
                    changed = true;
                } else {
                    out.push_back(symbols[i]);
                    ++i;
                }
            }
            if (changed) word.symbols = out;
        }
        for (const auto& [changedPair, delta] : changes) {
            if (delta == 0) continue;
            int64_t& count = pairCounts_[changedPair];
            count += delta;
            if (count <= 0) {
                pairCounts_.erase(changedPair);
            } else if (delta > 0) {
                grown(changedPair, count);
            }
        }
    }

    const BpeTrainingOptions& options_;
    std::vector<std::string> tokens_;
    std::unordered_map<std::string, int32_t> ids_;
    std::unordered_map<std::string, int64_t> pieceCounts_;
    std::vector<Word> words_;
    std::unordered_map<uint64_t, int64_t> pairCounts_;
    std::unordered_map<uint64_t, std::vector<int32_t>> pairWords_;
    std::unordered_set<uint64_t> mergedPairs_;
    std::vector<uint64_t> merges_;
};

// Cuts `text` at the special tokens (as the tokenizer's added vocabulary does, leftmost match,
// longest token first at the same place) and calls `segment` for the text between them.
template <typename Segment>
void forEachOrdinarySegment(std::string_view text, const std::vector<std::string>& specials,
                            Segment segment) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t best = std::string_view::npos;
        size_t bestLength = 0;
        for (const std::string& special : specials) {
            const size_t found = text.find(special, pos);
            if (found == std::string_view::npos) continue;
            if (found < best || (found == best && special.size() > bestLength)) {
                best = found;
                bestLength = special.size();
            }
        }
        if (best == std::string_view::npos) {
            segment(text.substr(pos));
            return;
        }
        if (best > pos) segment(text.substr(pos, best - pos));
        pos = best + bestLength;
    }
}

void collectStrings(const nlohmann::json& value, std::vector<std::string>& texts, size_t& added) {
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (!text.empty()) {
            texts.push_back(text);
            ++added;
        }
    } else if (value.is_array() || value.is_object()) {
        for (const auto& item : value) collectStrings(item, texts, added);
    }
}

std::string lowerExtension(const fs::path& file) {
    std::string extension = file.extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

}  // namespace

std::vector<std::string> BpeTrainingOptions::defaultSpecialTokens() {
    return {kBos,
            kEos,
            kPad,
            "<begin_of_image>",
            "<end_of_image>",
            "<image_placeholder>",
            "<title_placeholder>",
            "<begin_of_history_title>",
            "<end_of_history_title>",
            "<|User|>",
            "<|Assistant|>"};
}

ordered_json deepSeekPreTokenizerJson() {
    // DeepSeek-LLM's pre-tokenizer (Janus-Pro's tokenizer.json), code point for code point.
    const std::string letters = characterClass({
        {0x41, 0x5A}, {0x61, 0x7A}, {0xB5, 0xB5}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x1BA},
        {0x1BC, 0x1BF}, {0x1C4, 0x293}, {0x295, 0x2AF}, {0x370, 0x373}, {0x376, 0x376},
        {0x377, 0x377}, {0x37B, 0x37D}, {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A},
        {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5}, {0x3F7, 0x481}, {0x48A, 0x52F},
        {0x531, 0x556}, {0x10A0, 0x10C5}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1C90, 0x1CBA},
        {0x1CBD, 0x1CBF}, {0x1D00, 0x1D2B}, {0x1D6B, 0x1D77}, {0x1D79, 0x1D9A}, {0x1E00, 0x1F15},
        {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59},
        {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC},
        {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB},
        {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2102, 0x2102}, {0x2107, 0x2107},
        {0x210A, 0x2113}, {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126},
        {0x2128, 0x2128}, {0x212A, 0x212D}, {0x212F, 0x2134}, {0x2139, 0x2139}, {0x213C, 0x213F},
        {0x2145, 0x2149}, {0x214E, 0x214E}, {0x2183, 0x2183}, {0x2184, 0x2184}, {0x2C00, 0x2C7B},
        {0x2C7E, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF2}, {0x2CF3, 0x2CF3}, {0xA640, 0xA66D},
        {0xA680, 0xA69B}, {0xA722, 0xA76F}, {0xA771, 0xA787}, {0xA78B, 0xA78E}, {0xAB70, 0xABBF},
        {0xFB00, 0xFB06}, {0xFB13, 0xFB17}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A},
        {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB}, {0x10C80, 0x10CB2},
        {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943}});
    const std::string punctuation = characterClass({{0x21, 0x2F}, {0x3A, 0x7E}, {0xFF01, 0xFF0F},
                                                    {0xFF1A, 0xFF5E}, {0x2018, 0x201F},
                                                    {0x3000, 0x3002}});
    const std::string cjk = characterClass({{0x4E00, 0x9FA5}, {0x800, 0x4E00}, {0xAC00, 0xD7FF}});

    ordered_json digits;
    digits["type"] = "Digits";
    digits["individual_digits"] = true;
    ordered_json byteLevel;
    byteLevel["type"] = "ByteLevel";
    byteLevel["add_prefix_space"] = false;
    byteLevel["trim_offsets"] = true;
    byteLevel["use_regex"] = false;

    ordered_json spec;
    spec["type"] = "Sequence";
    spec["pretokenizers"] = ordered_json::array({split("[\r\n]"), split("\\s?" + letters + "+"),
                                                 split("\\s?" + punctuation + "+"), split("\\s+$"),
                                                 split(cjk + "+"), digits, byteLevel});
    return spec;
}

ordered_json trainByteLevelBpe(const std::vector<std::string>& texts, const BpeTrainingOptions& options,
                               BpeTrainingStats* statsOut) {
    const auto started = std::chrono::steady_clock::now();
    const int specialCount = static_cast<int>(options.specialTokens.size());
    if (options.vocabSize < 256 + specialCount) {
        throw Error("A vocabulary of " + std::to_string(options.vocabSize) +
                        " is too small: it needs at least the 256 byte tokens plus the " +
                        std::to_string(specialCount) + " special tokens (" +
                        std::to_string(256 + specialCount) + ").",
                    kFixOptions);
    }
    if (options.minFrequency < 1) {
        throw Error("The minimum pair frequency must be at least 1 (it is " +
                        std::to_string(options.minFrequency) + ").",
                    "Use 1 to merge every pair, or 2 and more to skip rare ones.");
    }
    std::set<std::string> seen;
    for (const std::string& special : options.specialTokens) {
        if (special.empty()) throw Error("A special token is empty.", "Give every special token some text.");
        if (!utf8::isValid(special)) {
            throw Error("The special token \"" + utf8::repairLossy(special) + "\" is not valid UTF-8.",
                        "Write special tokens as UTF-8 text.");
        }
        if (!seen.insert(special).second) {
            throw Error("The special token \"" + special + "\" is listed twice.", "List each once.");
        }
    }
    if (!options.bosToken.empty() && !seen.count(options.bosToken)) {
        throw Error("The BOS token \"" + options.bosToken + "\" is not one of the special tokens.",
                    "Add it to the special tokens, or leave the BOS token empty for no BOS.");
    }

    BpeTrainingStats stats;
    const ordered_json preTokenizerJson = deepSeekPreTokenizerJson();
    const PreTokenizer preTokenizer =
        PreTokenizer::fromJson(nlohmann::json::parse(preTokenizerJson.dump()), "pre_tokenizer");
    Trainer trainer(options);
    std::vector<std::string> pieces;
    std::string repaired;
    for (const std::string& original : texts) {
        ++stats.texts;
        stats.bytes += static_cast<int64_t>(original.size());
        std::string_view text = original;
        if (!utf8::isValid(text)) {
            repaired = utf8::repairLossy(text);
            text = repaired;
        }
        forEachOrdinarySegment(text, options.specialTokens, [&](std::string_view segment) {
            pieces.clear();
            preTokenizer.split(segment, pieces);
            for (const std::string& piece : pieces) trainer.countPiece(piece);
        });
    }
    trainer.train(options.vocabSize - specialCount, stats);

    const std::vector<std::string>& tokens = trainer.tokens();
    ordered_json vocab = ordered_json::object();
    for (size_t id = 0; id < tokens.size(); ++id) vocab[tokens[id]] = id;
    ordered_json merges = ordered_json::array();
    for (const uint64_t pair : trainer.merges()) {
        merges.push_back(tokens[static_cast<size_t>(pairLeft(pair))] + " " +
                         tokens[static_cast<size_t>(pairRight(pair))]);
    }

    ordered_json added = ordered_json::array();
    for (int i = 0; i < specialCount; ++i) {
        ordered_json token;
        token["id"] = static_cast<int>(tokens.size()) + i;
        token["content"] = options.specialTokens[static_cast<size_t>(i)];
        token["single_word"] = false;
        token["lstrip"] = false;
        token["rstrip"] = false;
        token["normalized"] = false;
        token["special"] = true;
        added.push_back(token);
    }

    ordered_json root;
    root["version"] = "1.0";
    root["truncation"] = nullptr;
    root["padding"] = nullptr;
    root["added_tokens"] = added;
    root["normalizer"] = nullptr;
    root["pre_tokenizer"] = preTokenizerJson;
    if (options.bosToken.empty()) {
        root["post_processor"] = nullptr;
    } else {
        const int bosId =
            static_cast<int>(tokens.size()) +
            static_cast<int>(std::find(options.specialTokens.begin(), options.specialTokens.end(),
                                       options.bosToken) -
                             options.specialTokens.begin());
        const auto special = [&options](int typeId) {
            return ordered_json{{"SpecialToken", {{"id", options.bosToken}, {"type_id", typeId}}}};
        };
        const auto sequence = [](const char* name, int typeId) {
            return ordered_json{{"Sequence", {{"id", name}, {"type_id", typeId}}}};
        };
        ordered_json post;
        post["type"] = "TemplateProcessing";
        post["single"] = ordered_json::array({special(0), sequence("A", 0)});
        post["pair"] = ordered_json::array({special(0), sequence("A", 0), special(1), sequence("B", 1)});
        ordered_json bosEntry;
        bosEntry["id"] = options.bosToken;
        bosEntry["ids"] = ordered_json::array({bosId});
        bosEntry["tokens"] = ordered_json::array({options.bosToken});
        post["special_tokens"] = ordered_json::object({{options.bosToken, bosEntry}});
        root["post_processor"] = post;
    }
    ordered_json decoder;
    decoder["type"] = "ByteLevel";
    decoder["add_prefix_space"] = true;
    decoder["trim_offsets"] = true;
    decoder["use_regex"] = true;
    root["decoder"] = decoder;
    ordered_json model;
    model["type"] = "BPE";
    model["dropout"] = nullptr;
    model["unk_token"] = nullptr;
    model["continuing_subword_prefix"] = nullptr;
    model["end_of_word_suffix"] = nullptr;
    model["fuse_unk"] = false;
    model["byte_fallback"] = false;
    model["vocab"] = std::move(vocab);
    model["merges"] = std::move(merges);
    root["model"] = std::move(model);

    stats.size = stats.baseVocab + specialCount;
    stats.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (statsOut) *statsOut = stats;
    return root;
}

void saveTokenizerJson(const ordered_json& tokenizer, const fs::path& path) {
    data::writeFileAtomically(path.string(), tokenizer.dump(2) + "\n");
}

size_t appendCorpusTexts(const fs::path& file, std::vector<std::string>& texts) {
    const std::string content = data::readTextFile(file.string(), "Corpus file");
    size_t added = 0;
    const std::string extension = lowerExtension(file);
    const std::string fix =
        "A corpus is a .json file (every string in it is a text), a .jsonl file (one JSON value "
        "a line) or plain UTF-8 text (one text a line).";
    if (extension == ".json") {
        collectStrings(data::parseJsonText(content, "Corpus file " + file.string(), fix), texts, added);
        return added;
    }
    std::istringstream lines(content);
    std::string line;
    size_t lineNumber = 0;
    while (std::getline(lines, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (extension == ".jsonl") {
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            collectStrings(data::parseJsonText(line, "Corpus file " + file.string() + " line " +
                                                         std::to_string(lineNumber),
                                               fix),
                           texts, added);
        } else {
            texts.push_back(line);
            ++added;
        }
    }
    return added;
}

}  // namespace adgen::text
