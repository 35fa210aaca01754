#include "bpe_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <queue>

#include "json_access.h"
#include "utf8.h"

namespace adgen::text {

BpeModel::BpeModel(BpeModel&& other) noexcept
    : vocab_(std::move(other.vocab_)),
      tokens_(std::move(other.tokens_)),
      merges_(std::move(other.merges_)),
      unkId_(other.unkId_),
      fuseUnk_(other.fuseUnk_),
      byteFallback_(other.byteFallback_),
      ignoreMerges_(other.ignoreMerges_),
      continuingSubwordPrefix_(std::move(other.continuingSubwordPrefix_)),
      endOfWordSuffix_(std::move(other.endOfWordSuffix_)),
      cache_(std::move(other.cache_)) {}

BpeModel BpeModel::fromJson(const nlohmann::json& spec, const std::string& where) {
    using json_access::kFixCorrupt;
    const std::string type = json_access::typeOf(spec, where);
    if (type != "BPE") {
        throw Error("model type is \"" + type +
                        "\"; AdGen's tokenizer implements only \"BPE\" "
                        "(byte-level BPE, as Janus-Pro, DeepSeek, LLaMA 3 and Qwen use).",
                    "Use a model whose tokenizer.json has a BPE model, or report the model so "
                    "support can be added.");
    }
    if (spec.contains("dropout") && spec["dropout"].is_number() &&
        spec["dropout"].get<double>() > 0) {
        throw Error("\"" + where + ".dropout\" is set; BPE dropout is a training-time option.",
                    "Set \"dropout\" to null in tokenizer.json.");
    }
    BpeModel model;
    const nlohmann::json& vocab = json_access::member(spec, "vocab", where);
    if (!vocab.is_object()) json_access::wrongType(where + ".vocab", "an object", vocab);
    model.vocab_.reserve(vocab.size());
    for (const auto& [token, idValue] : vocab.items()) {
        if (!idValue.is_number_integer() || idValue.get<int64_t>() < 0 ||
            idValue.get<int64_t>() > INT32_MAX) {
            json_access::wrongType(where + ".vocab[\"" + token + "\"]", "a non-negative id",
                                   idValue);
        }
        const auto id = static_cast<int32_t>(idValue.get<int64_t>());
        model.vocab_.emplace(token, id);
        if (static_cast<size_t>(id) >= model.tokens_.size()) {
            model.tokens_.resize(static_cast<size_t>(id) + 1);
        }
        model.tokens_[static_cast<size_t>(id)] = token;
    }

    model.continuingSubwordPrefix_ =
        json_access::stringOr(spec, "continuing_subword_prefix", where, "");
    model.endOfWordSuffix_ = json_access::stringOr(spec, "end_of_word_suffix", where, "");
    model.fuseUnk_ = json_access::boolOr(spec, "fuse_unk", where, false);
    model.byteFallback_ = json_access::boolOr(spec, "byte_fallback", where, false);
    model.ignoreMerges_ = json_access::boolOr(spec, "ignore_merges", where, false);
    const std::string unk = json_access::stringOr(spec, "unk_token", where, "");
    if (!unk.empty()) {
        const auto it = model.vocab_.find(unk);
        if (it == model.vocab_.end()) {
            throw Error(
                "\"" + where + ".unk_token\" is \"" + unk + "\", which is not in the vocabulary.",
                kFixCorrupt);
        }
        model.unkId_ = it->second;
    }

    const nlohmann::json& merges = json_access::member(spec, "merges", where);
    if (!merges.is_array()) json_access::wrongType(where + ".merges", "a list", merges);
    model.merges_.reserve(merges.size());
    const size_t prefixLength = model.continuingSubwordPrefix_.size();
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const nlohmann::json& entry = merges[rank];
        const std::string at = where + ".merges[" + std::to_string(rank) + "]";
        std::string left, right;
        // Older files write a merge as "left right"; newer ones as ["left", "right"], which
        // allows tokens that contain spaces.
        if (entry.is_string()) {
            const std::string text = entry.get<std::string>();
            const size_t space = text.find(' ');
            if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos) {
                throw Error(
                    "merge \"" + text + "\" (" + at + ") is not two tokens separated by one space.",
                    kFixCorrupt);
            }
            left = text.substr(0, space);
            right = text.substr(space + 1);
        } else if (entry.is_array() && entry.size() == 2 && entry[0].is_string() &&
                   entry[1].is_string()) {
            left = entry[0].get<std::string>();
            right = entry[1].get<std::string>();
        } else {
            json_access::wrongType(at, "\"left right\" or [\"left\", \"right\"]", entry);
        }
        const auto leftIt = model.vocab_.find(left);
        const auto rightIt = model.vocab_.find(right);
        for (const auto* side : {&left, &right}) {
            if (model.vocab_.find(*side) == model.vocab_.end()) {
                throw Error("merge #" + std::to_string(rank) + " \"" + left + " " + right +
                                "\" refers to token \"" + *side +
                                "\", which is not in the vocabulary.",
                            kFixCorrupt);
            }
        }
        if (right.size() < prefixLength) {
            throw Error("merge #" + std::to_string(rank) + " \"" + left + " " + right +
                            "\" has a right side shorter than the continuing-subword prefix.",
                        kFixCorrupt);
        }
        const std::string merged = left + right.substr(prefixLength);
        const auto mergedIt = model.vocab_.find(merged);
        if (mergedIt == model.vocab_.end()) {
            throw Error("merge #" + std::to_string(rank) + " \"" + left + " " + right +
                            "\" makes \"" + merged + "\", which is not in the vocabulary.",
                        kFixCorrupt);
        }
        // A repeated pair keeps its last rank, as the Rust crate's map does.
        model.merges_[pairKey(leftIt->second, rightIt->second)] =
            Merge{static_cast<int32_t>(rank), mergedIt->second};
    }
    return model;
}

std::optional<int32_t> BpeModel::tokenId(std::string_view token) const {
    const auto it = vocab_.find(std::string(token));
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

void BpeModel::encodePiece(const std::string& piece, std::vector<int32_t>& ids) const {
    if (ignoreMerges_) {
        // Newer files (LLaMA 3) take a piece that is a whole vocabulary entry as is, even when
        // the merges would split it differently.
        const auto it = vocab_.find(piece);
        if (it != vocab_.end()) {
            ids.push_back(it->second);
            return;
        }
    }
    {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        const auto it = cache_.find(piece);
        if (it != cache_.end()) {
            ids.insert(ids.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<int32_t> result;
    mergeWord(piece, result);
    ids.insert(ids.end(), result.begin(), result.end());
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_.size() < kCacheCapacity) cache_.emplace(piece, std::move(result));
}

void BpeModel::mergeWord(const std::string& piece, std::vector<int32_t>& ids) const {
    // Symbols as a doubly linked list over a vector; merged-away symbols get length 0.
    struct Symbol {
        int32_t id;
        int prev;
        int next;
        size_t length;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(piece.size());
    // An unknown character waiting to be emitted (fuse_unk grows it over following unknowns).
    bool unkPending = false;
    size_t unkLength = 0;
    const auto push = [&](int32_t id, size_t length) {
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({id, index - 1, index + 1, length});
    };
    size_t pos = 0;
    while (pos < piece.size()) {
        size_t length = utf8::validSequenceAt(piece, pos);
        if (length == 0) length = 1;
        std::string unit = piece.substr(pos, length);
        if (pos != 0) unit.insert(0, continuingSubwordPrefix_);
        if (pos + length == piece.size()) unit += endOfWordSuffix_;
        pos += length;

        const auto it = vocab_.find(unit);
        if (it != vocab_.end()) {
            if (unkPending) push(*unkId_, unkLength);
            unkPending = false;
            push(it->second, length);
            continue;
        }
        if (byteFallback_) {
            // Each byte as its <0xXX> token, if the vocabulary has all of them.
            std::vector<int32_t> byteIds;
            for (size_t i = pos - length; i < pos; ++i) {
                char name[8];
                std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(piece[i]));
                const auto byteIt = vocab_.find(name);
                if (byteIt == vocab_.end()) break;
                byteIds.push_back(byteIt->second);
            }
            if (byteIds.size() == length) {
                if (unkPending) push(*unkId_, unkLength);
                unkPending = false;
                for (const int32_t id : byteIds) push(id, 1);
                continue;
            }
        }
        if (unkId_) {
            if (unkPending && fuseUnk_) {
                unkLength += length;
            } else {
                if (unkPending) push(*unkId_, unkLength);
                unkPending = true;
                unkLength = length;
            }
        }
        // Without an unknown token the character is dropped, as the reference does.
    }
    if (unkPending) push(*unkId_, unkLength);
    if (symbols.empty()) return;
    symbols.back().next = -1;

    struct Candidate {
        int32_t rank;
        int position;
        int32_t result;
        bool operator<(const Candidate& other) const {
            // std::priority_queue pops the largest: make that the lowest rank, then leftmost.
            if (rank != other.rank) return rank > other.rank;
            return position > other.position;
        }
    };
    std::priority_queue<Candidate> queue;
    const auto consider = [&](int left) {
        const int right = symbols[static_cast<size_t>(left)].next;
        if (right < 0) return;
        const auto it = merges_.find(
            pairKey(symbols[static_cast<size_t>(left)].id, symbols[static_cast<size_t>(right)].id));
        if (it != merges_.end()) queue.push({it->second.rank, left, it->second.result});
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i) consider(i);

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[static_cast<size_t>(top.position)];
        if (left.length == 0 || left.next < 0) continue;
        const int rightIndex = left.next;
        Symbol& right = symbols[static_cast<size_t>(rightIndex)];
        // Skip entries made stale by an earlier merge of one of the two symbols.
        const auto it = merges_.find(pairKey(left.id, right.id));
        if (it == merges_.end() || it->second.result != top.result) continue;
        left.id = top.result;
        left.length += right.length;
        left.next = right.next;
        right.length = 0;
        if (left.next >= 0) symbols[static_cast<size_t>(left.next)].prev = top.position;
        if (left.prev >= 0) consider(left.prev);
        consider(top.position);
    }
    for (const Symbol& symbol : symbols) {
        if (symbol.length != 0) ids.push_back(symbol.id);
    }
}

}  // namespace adgen::text
