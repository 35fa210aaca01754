#pragma once

// What the metrics tests share: a scratch folder for their files and a run of `adgen metrics`
// whose JSON report is read back.

#include "cli_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace adgen::testing {

// A scratch folder for one test's files, removed afterwards.
class Scratch {
public:
    Scratch(const std::string& prefix, const std::string& name)
        : dir_(std::filesystem::temp_directory_path() / (prefix + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    ~Scratch() { std::filesystem::remove_all(dir_); }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const std::string& name, const nlohmann::json& content) const {
        return writeText(name, content.dump(1));
    }
    std::string writeText(const std::string& name, const std::string& text) const {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }

private:
    std::filesystem::path dir_;
};

inline nlohmann::json readJsonFile(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// `adgen metrics ARGUMENTS --out report.json`: the report; fails the test when the command fails.
inline nlohmann::json runMetricsReport(const std::string& arguments, const Scratch& scratch) {
    const std::string out = scratch.path("report.json");
    const auto run = runAdgen("metrics " + arguments + " --out " + out);
    EXPECT_EQ(run.exitCode, 0) << run.all;
    if (run.exitCode != 0) return nlohmann::json::object();
    return readJsonFile(out);
}

}  // namespace adgen::testing
