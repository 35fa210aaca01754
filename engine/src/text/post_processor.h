#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace adgen::text {

// What encode(..., addSpecialTokens=true) wraps around a single sequence: the "post_processor" of
// tokenizer.json (TemplateProcessing, Bert/RobertaProcessing, ByteLevel, Sequence), or the rule a
// LlamaTokenizerFast applies over it (add_bos_token / add_eos_token from tokenizer_config.json,
// which is how DeepSeek and Janus-Pro get their BOS).
class PostProcessor {
public:
    using IdLookup = std::function<std::optional<int32_t>(const std::string&)>;

    static PostProcessor fromJson(const nlohmann::json& spec, const std::string& where,
                                  const IdLookup& idOf);
    static PostProcessor fromIds(std::vector<int32_t> prefix, std::vector<int32_t> suffix);

    void apply(std::vector<int32_t>& ids) const;
    const std::vector<int32_t>& prefix() const { return prefix_; }
    const std::vector<int32_t>& suffix() const { return suffix_; }

private:
    static void addParts(const nlohmann::json& spec, const std::string& where, const IdLookup& idOf,
                         PostProcessor& out);
    std::vector<int32_t> prefix_;
    std::vector<int32_t> suffix_;
};

}  // namespace adgen::text
