#pragma once

#include "adgen/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace adgen::model {

// What every config.json error suggests.
inline const char* kFixConfig =
    "Fix the field in config.json, or use the config.json that came with the model (see docs/formats.md).";

// Reads an optional field of a config.json section: absent (or null) keeps `fallback`, a wrong
// type is an error naming the file (`origin`) and the field (`section` + `key`).
template <typename T>
T field(const nlohmann::json& object, const char* key, T fallback, const std::string& origin,
        const std::string& section) {
    if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return fallback;
    try {
        return object.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error("The model config " + origin + " has a field \"" + section + key + "\" of the wrong type (" +
                        object.at(key).dump() + ").",
                    kFixConfig);
    }
}

}  // namespace adgen::model
