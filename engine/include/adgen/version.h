#pragma once

#include <string>

namespace adgen {

// The project version (from CMake's project()), e.g. "0.1.0".
std::string versionString();

}  // namespace adgen
