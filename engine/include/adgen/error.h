#pragma once

#include <stdexcept>
#include <string>

namespace adgen {

// An error the user can act on. `problem` says what is wrong (naming the file, field or key),
// `fix` says what to do about it; what() joins both for logs and the CLI.
class Error : public std::runtime_error {
public:
    Error(std::string problem, std::string fix)
        : std::runtime_error(fix.empty() ? problem : problem + " " + fix),
          problem_(std::move(problem)),
          fix_(std::move(fix)) {}

    const std::string& problem() const { return problem_; }
    const std::string& fix() const { return fix_; }

private:
    std::string problem_;
    std::string fix_;
};

}  // namespace adgen
