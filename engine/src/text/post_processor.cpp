#include "post_processor.h"

#include <nlohmann/json.hpp>

#include "json_access.h"

namespace adgen::text {

namespace {

int32_t requireId(const PostProcessor::IdLookup& idOf, const std::string& token,
                  const std::string& where) {
    const auto id = idOf(token);
    if (!id) {
        throw Error(
            "\"" + where + "\" uses the token \"" + token + "\", which is not in the vocabulary.",
            json_access::kFixCorrupt);
    }
    return *id;
}

// Bert/RobertaProcessing write a special token as ["text", id].
int32_t pairId(const nlohmann::json& pair, const std::string& where) {
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_number_integer()) {
        json_access::wrongType(where, "[\"token\", id]", pair);
    }
    return pair[1].get<int32_t>();
}

}  // namespace

PostProcessor PostProcessor::fromIds(std::vector<int32_t> prefix, std::vector<int32_t> suffix) {
    PostProcessor result;
    result.prefix_ = std::move(prefix);
    result.suffix_ = std::move(suffix);
    return result;
}

PostProcessor PostProcessor::fromJson(const nlohmann::json& spec, const std::string& where,
                                      const IdLookup& idOf) {
    PostProcessor result;
    if (!spec.is_null()) addParts(spec, where, idOf, result);
    return result;
}

void PostProcessor::addParts(const nlohmann::json& spec, const std::string& where,
                             const IdLookup& idOf, PostProcessor& out) {
    const std::string type = json_access::typeOf(spec, where);
    if (type == "ByteLevel") return;  // only adjusts offsets, never ids
    if (type == "Sequence") {
        const nlohmann::json& list = json_access::member(spec, "processors", where);
        if (!list.is_array()) json_access::wrongType(where + ".processors", "a list", list);
        for (size_t i = 0; i < list.size(); ++i) {
            addParts(list[i], where + ".processors[" + std::to_string(i) + "]", idOf, out);
        }
        return;
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        out.prefix_.push_back(pairId(json_access::member(spec, "cls", where), where + ".cls"));
        out.suffix_.insert(out.suffix_.begin(),
                           pairId(json_access::member(spec, "sep", where), where + ".sep"));
        return;
    }
    if (type != "TemplateProcessing") {
        throw Error("post-processor \"" + type + "\" (in \"" + where +
                        "\") is not supported; AdGen's tokenizer implements TemplateProcessing, "
                        "Bert/RobertaProcessing, ByteLevel and Sequence.",
                    "Use the model's original tokenizer.json, or report the model so support can "
                    "be added.");
    }
    // "single": [{"SpecialToken": {"id": name}}, {"Sequence": {"id": "A"}}, ...]; the ids of a
    // special token come from "special_tokens"[name].ids (one name may stand for several ids).
    const nlohmann::json& single = json_access::member(spec, "single", where);
    if (!single.is_array()) json_access::wrongType(where + ".single", "a list", single);
    const auto specialTokens = spec.find("special_tokens");
    bool seenSequence = false;
    for (size_t i = 0; i < single.size(); ++i) {
        const nlohmann::json& piece = single[i];
        const std::string at = where + ".single[" + std::to_string(i) + "]";
        if (piece.is_object() && piece.contains("Sequence")) {
            seenSequence = true;
            continue;
        }
        if (!piece.is_object() || !piece.contains("SpecialToken")) {
            json_access::wrongType(at, "{\"SpecialToken\": ...} or {\"Sequence\": ...}", piece);
        }
        const std::string name =
            json_access::member(piece["SpecialToken"], "id", at + ".SpecialToken")
                .get<std::string>();
        std::vector<int32_t> ids;
        if (specialTokens != spec.end() && specialTokens->contains(name)) {
            const nlohmann::json& entry = (*specialTokens)[name];
            const nlohmann::json& list =
                json_access::member(entry, "ids", where + ".special_tokens." + name);
            for (const auto& id : list) ids.push_back(id.get<int32_t>());
        } else {
            ids.push_back(requireId(idOf, name, at));
        }
        auto& target = seenSequence ? out.suffix_ : out.prefix_;
        target.insert(target.end(), ids.begin(), ids.end());
    }
}

void PostProcessor::apply(std::vector<int32_t>& ids) const {
    if (!prefix_.empty()) ids.insert(ids.begin(), prefix_.begin(), prefix_.end());
    ids.insert(ids.end(), suffix_.begin(), suffix_.end());
}

}  // namespace adgen::text
