#pragma once

#include <functional>
#include <string>

#include "adgen/error.h"

// The message of the adgen::Error that `action` throws, or "(no error)", so a test can assert
// on what the user would read.
inline std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const adgen::Error& e) {
        return e.what();
    }
    return "(no error)";
}
