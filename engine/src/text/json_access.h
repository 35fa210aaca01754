#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "adgen/error.h"

// Small typed accessors for tokenizer.json fields. A field of the wrong type is reported as an
// adgen::Error naming the field; Tokenizer::fromFile adds the file name in front.
namespace adgen::text::json_access {

inline const char* kFixCorrupt =
    "The file is damaged or was edited by hand: download tokenizer.json again from the model's "
    "Hugging Face repository.";

[[noreturn]] inline void wrongType(const std::string& where, const char* expected,
                                   const nlohmann::json& value) {
    throw Error(
        "field \"" + where + "\" should be " + expected + " but is " + value.type_name() + ".",
        kFixCorrupt);
}

inline const nlohmann::json& member(const nlohmann::json& object, const char* key,
                                    const std::string& where) {
    if (!object.is_object()) wrongType(where, "an object", object);
    const auto it = object.find(key);
    if (it == object.end()) {
        throw Error("field \"" + where + "." + key + "\" is missing.", kFixCorrupt);
    }
    return *it;
}

inline std::string stringOr(const nlohmann::json& object, const char* key, const std::string& where,
                            const std::string& fallback) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_string()) wrongType(where + "." + key, "a string", *it);
    return it->get<std::string>();
}

inline bool boolOr(const nlohmann::json& object, const char* key, const std::string& where,
                   bool fallback) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) wrongType(where + "." + key, "true or false", *it);
    return it->get<bool>();
}

inline std::string typeOf(const nlohmann::json& object, const std::string& where) {
    const nlohmann::json& type = member(object, "type", where);
    if (!type.is_string()) wrongType(where + ".type", "a string", type);
    return type.get<std::string>();
}

}  // namespace adgen::text::json_access
