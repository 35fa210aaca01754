#pragma once

#include <string>
#include <vector>

// The model subcommands of `adgen`, implemented in the engine so the engine-only build (the GPU
// machine: libtorch, no Qt, no OpenCV) has them too. Each takes the arguments after its name and
// returns the exit code: 0 success, 1 the input was read but is not acceptable, 2 the command
// could not run (usage error, unreadable or unusable model).
namespace adgen::cli {

int generateCommand(const std::vector<std::string>& args);
int inspectModelCommand(const std::vector<std::string>& args);
int forwardCommand(const std::vector<std::string>& args);
int benchCommand(const std::vector<std::string>& args);
int initRandomModelCommand(const std::vector<std::string>& args);

}  // namespace adgen::cli
