#include "review/precheck_data.h"

#include "adgen/error.h"
#include "data/json_file.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace adgen::review {
namespace {

namespace fs = std::filesystem;

bool isDirectory(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

// share/adgen-studio/prechecks beside the running executable's bin/ folder; empty when unknown.
fs::path besideExecutable() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().parent_path() / "share" / "adgen-studio" / "prechecks";
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n\f\v");
    return text.substr(first, last - first + 1);
}

bool validUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

}  // namespace

std::string precheckDataDirectory() {
    if (const char* env = std::getenv("ADGEN_PRECHECKS_DIR"); env && *env) {
        if (isDirectory(env)) return env;
        throw Error(std::string("ADGEN_PRECHECKS_DIR is set to ") + env + ", which is not a folder.",
                    "Point it at a folder holding the pre-check word lists (resources/prechecks in the "
                    "source tree), or unset it.");
    }
    std::vector<fs::path> candidates;
    if (auto beside = besideExecutable(); !beside.empty()) candidates.push_back(beside);
#ifdef ADGEN_PRECHECKS_DATA_DIR
    candidates.emplace_back(ADGEN_PRECHECKS_DATA_DIR);
#endif
#ifdef ADGEN_PRECHECKS_INSTALL_DIR
    candidates.emplace_back(ADGEN_PRECHECKS_INSTALL_DIR);
#endif
    std::string looked;
    for (const auto& candidate : candidates) {
        if (isDirectory(candidate)) return candidate.string();
        looked += (looked.empty() ? "" : ", ") + candidate.string();
    }
    throw Error("The pre-check word lists were not found (looked in: " + looked + ").",
                "Reinstall AdGen Studio, or set ADGEN_PRECHECKS_DIR to a folder holding them "
                "(resources/prechecks in the source tree).");
}

std::string precheckDataFile(const std::string& directory, const std::string& name) {
    return (fs::path(directory) / name).string();
}

std::vector<std::string> readWordList(const std::string& path) {
    std::string text = data::readTextFile(path, "Pre-check word list");
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::vector<std::string> entries;
    size_t lineNumber = 0;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++lineNumber;
        const std::string line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        if (!validUtf8(line)) {
            throw Error("Line " + std::to_string(lineNumber) + " of the pre-check word list " + path +
                            " is not valid UTF-8.",
                        "Save the file as UTF-8.");
        }
        entries.push_back(line);
    }
    return entries;
}

}  // namespace adgen::review
