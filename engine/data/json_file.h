#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace adgen::data {

// Parses JSON text; a syntax error becomes an adgen::Error giving `sourceName` and the line and
// column a text editor shows, with `fix` as the advice.
nlohmann::json parseJsonText(std::string_view text, const std::string& sourceName, const std::string& fix);

// The whole file as text; adgen::Error when it is missing, a folder or unreadable. `what` names
// the kind of file in messages ("Brief file", "PAd1M file").
std::string readTextFile(const std::string& path, const std::string& what);

// Writes a temporary file and renames it over `path`, so an interrupted save never leaves a
// half-written file.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace adgen::data
