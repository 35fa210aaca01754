#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adgen::text {

// The "normalizer" of a tokenizer.json: text rewriting applied before pre-tokenization (and to
// added tokens flagged "normalized"). Byte-level BPE vocabularies of the models AdGen runs use
// none (Janus-Pro/DeepSeek-LLM: null, DeepSeek-V3: an empty Sequence, LLaMA 3: null); anything
// else is refused at load time with a clear error rather than silently encoding differently.
class Normalizer {
public:
    // `where` names the field in error messages ("normalizer").
    static Normalizer fromJson(const nlohmann::json& spec, const std::string& where);

    bool isIdentity() const { return steps_.empty(); }
    std::string apply(std::string_view text) const;

private:
    enum class Step { Nfc };
    std::vector<Step> steps_;
};

}  // namespace adgen::text
