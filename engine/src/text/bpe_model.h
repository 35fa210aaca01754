#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace adgen::text {

// The "model" of a tokenizer.json when its type is BPE: the vocabulary (token text -> id) and the
// ranked merges. A piece is split into characters, then the adjacent pair with the best (lowest)
// merge rank is merged, leftmost first among equal ranks, until no pair merges; this is the order
// the Rust tokenizers crate uses, so ids match it exactly. Results are cached per piece, since
// real text repeats the same words constantly.
class BpeModel {
public:
    static BpeModel fromJson(const nlohmann::json& spec, const std::string& where);

    BpeModel(BpeModel&& other) noexcept;
    BpeModel& operator=(BpeModel&&) = delete;
    BpeModel(const BpeModel&) = delete;
    BpeModel& operator=(const BpeModel&) = delete;

    // Appends the ids of one pre-tokenized piece. Thread-safe.
    void encodePiece(const std::string& piece, std::vector<int32_t>& ids) const;

    std::optional<int32_t> tokenId(std::string_view token) const;
    // Token text by id ("" for ids the vocabulary does not use).
    const std::vector<std::string>& tokens() const { return tokens_; }
    // Number of vocabulary entries (the `tokenizers` "vocab size" that added-token ids start from).
    int32_t vocabSize() const { return static_cast<int32_t>(vocab_.size()); }

private:
    BpeModel() = default;
    void mergeWord(const std::string& piece, std::vector<int32_t>& ids) const;

    struct Merge {
        int32_t rank;
        int32_t result;
    };
    static uint64_t pairKey(int32_t left, int32_t right) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) |
               static_cast<uint32_t>(right);
    }

    std::unordered_map<std::string, int32_t> vocab_;
    std::vector<std::string> tokens_;
    std::unordered_map<uint64_t, Merge> merges_;
    std::optional<int32_t> unkId_;
    bool fuseUnk_ = false;
    bool byteFallback_ = false;
    bool ignoreMerges_ = false;
    std::string continuingSubwordPrefix_;
    std::string endOfWordSuffix_;

    static constexpr size_t kCacheCapacity = 1u << 16;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace adgen::text
