#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adgen::text {

// A Hugging Face `tokenizer.json` byte-level BPE tokenizer, as Janus-Pro / DeepSeek-LLM use it
// (also reads DeepSeek-V3, LLaMA 3 and Qwen files), in plain C++17: ids match the Rust
// `tokenizers` crate exactly, which the model needs since every id indexes an embedding row.
//
// encode(): split on added tokens -> normalizer -> pre-tokenizer (regex Splits, Digits,
// ByteLevel) -> BPE merges -> post-processor (BOS). decode(): tokens -> bytes (ByteLevel table;
// added tokens verbatim) -> UTF-8 with invalid bytes replaced by U+FFFD.
//
// Encoding and decoding are const and safe to call from several threads; addToken and
// loadAddedTokenSidecar change the vocabulary and must not run concurrently with them.
class Tokenizer {
public:
    // Reads tokenizer.json, and tokenizer_config.json beside it when present (a LlamaTokenizerFast
    // there decides BOS/EOS the way transformers does). Throws adgen::Error naming the file and
    // what is wrong in it.
    static Tokenizer fromFile(const std::filesystem::path& tokenizerJson);

    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    // {"<token>": id, ...}: tokens Uni-AdGen adds at run time, with the exact ids its Python
    // processor gave them (they index fine-tuned embedding rows). Each becomes a special added
    // token. Throws adgen::Error, changing nothing, if an id is taken by a different token or a
    // token already has a different id.
    void loadAddedTokenSidecar(const std::filesystem::path& sidecarJson);

    // Adds a token the way `tokenizers` does: an existing token keeps its id; a new one gets
    // max(added ids) + 1 when that max is at least the base vocabulary size, else the base
    // vocabulary size.
    int32_t addToken(const std::string& content, bool special);

    // BOS (and whatever else the post-processor adds) only when addSpecialTokens is true; added
    // tokens written in the text are always recognised. Invalid UTF-8 is read as U+FFFD.
    std::vector<int32_t> encode(std::string_view text, bool addSpecialTokens = true) const;
    // Unknown ids are skipped, as the reference does.
    std::string decode(const std::vector<int32_t>& ids, bool skipSpecialTokens = false) const;

    // Id of an added token or base-vocabulary token by its content (base tokens in their
    // byte-level spelling, e.g. "Ġthe").
    std::optional<int32_t> tokenId(std::string_view tokenContent) const;
    // The exact bytes this id decodes to (possibly part of a UTF-8 character); "" for an id
    // no token uses. For constrained decoding and streaming.
    const std::string& tokenBytes(int32_t id) const;
    bool isSpecial(int32_t id) const;
    // Highest id + 1.
    int32_t size() const;
    std::optional<int32_t> bosId() const;
    std::optional<int32_t> eosId() const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace adgen::text
