#pragma once

#include <string>
#include <vector>

// One function per `adgen` subcommand. Each takes the arguments after the subcommand name and
// returns the process exit code: 0 success, 1 the input was read but is not acceptable, 2 the
// command could not run (usage error, unreadable file).
namespace adgen::cli {

using Args = std::vector<std::string>;

int versionCommand(const Args& args);
int inspectImageCommand(const Args& args);
int personalizeCommand(const Args& args);
int evalCommand(const Args& args);
int trainCommand(const Args& args);
int metricsCommand(const Args& args);
int synthCommand(const Args& args);
int precheckCommand(const Args& args);

}  // namespace adgen::cli
