#include "normalizer.h"

#include <nlohmann/json.hpp>

#include "json_access.h"
#include "unicode_nfc.h"

namespace adgen::text {

namespace {

void collect(const nlohmann::json& spec, const std::string& where, std::vector<std::string>& out) {
    if (spec.is_null()) return;
    const std::string type = json_access::typeOf(spec, where);
    if (type == "Sequence") {
        const nlohmann::json& list = json_access::member(spec, "normalizers", where);
        if (!list.is_array()) json_access::wrongType(where + ".normalizers", "a list", list);
        for (size_t i = 0; i < list.size(); ++i) {
            collect(list[i], where + ".normalizers[" + std::to_string(i) + "]", out);
        }
        return;
    }
    out.push_back(type);
}

}  // namespace

Normalizer Normalizer::fromJson(const nlohmann::json& spec, const std::string& where) {
    std::vector<std::string> types;
    collect(spec, where, types);
    Normalizer normalizer;
    for (const std::string& type : types) {
        if (type == "NFC") {
            normalizer.steps_.push_back(Step::Nfc);
        } else {
            throw Error("normalizer \"" + type + "\" (in \"" + where +
                            "\") is not supported; AdGen's tokenizer implements no normalizer, an "
                            "empty Sequence and NFC.",
                        "Use the model's original byte-level BPE tokenizer.json (Janus-Pro, "
                        "DeepSeek, LLaMA 3 or Qwen), or report the model so support can be added.");
        }
    }
    return normalizer;
}

std::string Normalizer::apply(std::string_view text) const {
    std::string out(text);
    for (const Step step : steps_) {
        switch (step) {
            case Step::Nfc:
                out = unicode_nfc::normalize(out);
                break;
        }
    }
    return out;
}

}  // namespace adgen::text
