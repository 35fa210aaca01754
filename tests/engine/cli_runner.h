#pragma once

// Runs the `adgen` executable as a user does: a separate process, its stdout, stderr and exit code.

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace adgen::testing {

struct CliRun {
    int exitCode = -1;
    std::string out;  // stdout only
    std::string all;  // stdout and stderr
};

inline CliRun runAdgen(const std::string& arguments) {
    CliRun run;
    const auto errFile = std::filesystem::temp_directory_path() / ("adgen-cli-stderr-" + std::to_string(::getpid()));
    const std::string command = std::string(ADGEN_CLI_EXE) + " " + arguments + " 2>" + errFile.string();
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    std::array<char, 4096> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) run.out += buffer.data();
    const int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(errFile);
    run.all = run.out + std::string(std::istreambuf_iterator<char>(err), {});
    std::filesystem::remove(errFile);
    return run;
}

}  // namespace adgen::testing
