#pragma once

#include "adgen/engine.h"
#include "adgen/error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace adgen::cli {

// `--name value` / `--flag` options and positional arguments of one subcommand. Unknown options
// are usage errors, so a typo never silently falls back to a default.
class CliArgs {
public:
    CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
            const std::set<std::string>& flags);

    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    double number(const std::string& name, double fallback) const;
    int64_t integer(const std::string& name, int64_t fallback) const;
    std::optional<double> optionalNumber(const std::string& name) const;
    // "1,2,3" -> {1, 2, 3}
    std::vector<int64_t> integers(const std::string& name, std::vector<int64_t> fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

// Thrown for usage mistakes; commands turn it into exit code 2 with the message.
struct UsageError : Error {
    explicit UsageError(const std::string& problem) : Error(problem, "Run `adgen help` for the options.") {}
};

// The model options every model command takes: --model DIR, --device cpu|cuda, --dtype, --threads.
// The model directory must be given (UsageError otherwise).
LoadRequest modelLoadRequest(const CliArgs& args);

std::vector<int64_t> parseIntegerList(const std::string& text, const std::string& what);

}  // namespace adgen::cli
