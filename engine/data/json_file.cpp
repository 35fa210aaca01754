#include "json_file.h"

#include "adgen/error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace adgen::data {
namespace fs = std::filesystem;

nlohmann::json parseJsonText(std::string_view text, const std::string& sourceName, const std::string& fix) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is 1-based; turn it into the line and column a text editor shows.
        const std::size_t offset = std::min<std::size_t>(e.byte, text.size());
        const std::string_view before = text.substr(0, offset > 0 ? offset - 1 : 0);
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
        const std::size_t lineStart = before.rfind('\n');
        const std::size_t column = before.size() - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
        throw Error(sourceName + " is not valid JSON (line " + std::to_string(line) + ", column " +
                        std::to_string(column) + ").",
                    fix);
    }
}

std::string readTextFile(const std::string& path, const std::string& what) {
    if (!fs::exists(path)) throw Error(what + " not found: " + path + ".", "Check the path.");
    if (fs::is_directory(path)) throw Error(path + " is a folder, not a " + what + ".", "Choose the file itself.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("Cannot read " + path + ".", "Check that you have permission to read it.");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    const fs::path target = fs::absolute(path);
    const fs::path temporary = target.string() + ".saving";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            throw Error("Cannot write " + target.string() + ".",
                        "Check that the folder exists, that you may write to it and that the disk is not full.");
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
        fs::remove(temporary, error);
        throw Error("Cannot replace " + target.string() + ".",
                    "Check that the file is not read-only and that you may write to its folder.");
    }
}

}  // namespace adgen::data
