// The `adgen` command line, run as a user runs it: a separate process, its output and exit code.
#include "cli_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

using adgen::testing::CliRun;

CliRun runCli(const std::string& arguments) { return adgen::testing::runAdgen(arguments); }

std::string fixture(const std::string& name) { return std::string(ADGEN_FIXTURES_DIR) + "/images/" + name; }

}  // namespace

TEST(Cli, VersionNamesTheProjectVersionAndLibtorch) {
    const CliRun run = runCli("--version");
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.all.rfind(std::string("adgen ") + ADGEN_EXPECTED_VERSION + "\n", 0), 0u) << run.all;
    EXPECT_NE(run.all.find("libtorch "), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("BLAS: "), std::string::npos) << run.all;
}

TEST(Cli, InspectImageReportsBoxAndCoverage) {
    const CliRun run = runCli("inspect-image " + fixture("rgba_box.png"));
    EXPECT_EQ(run.exitCode, 0) << run.all;
    EXPECT_NE(run.all.find("size:         40 x 30 px"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("product box:  x 10, y 5, 26 x 21 px (alpha > 50)"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("coverage:     25.1 %"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("product cut-out: usable"), std::string::npos) << run.all;
}

TEST(Cli, InspectImageJsonCarriesTheSameFigures) {
    const CliRun run = runCli("inspect-image --json " + fixture("palette_trns.png"));
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto json = nlohmann::json::parse(run.all);
    EXPECT_EQ(json["width"], 16);
    EXPECT_EQ(json["alpha"], true);
    EXPECT_EQ(json["product_box"], (nlohmann::json{{"x", 0}, {"y", 6}, {"width", 10}, {"height", 10}}));
    EXPECT_DOUBLE_EQ(json["coverage"].template get<double>(), 17.0 / 256.0);
    EXPECT_EQ(json["usable_as_product"], true);
}

TEST(Cli, AnImageWithoutAlphaIsReportedAndExitsWithOne) {
    const CliRun run = runCli("inspect-image " + fixture("rgb_opaque.png"));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("alpha:        no"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("not usable. The image has no alpha channel"), std::string::npos) << run.all;
}

TEST(Cli, AnUnreadableFileExitsWithTwoAndSaysWhy) {
    const CliRun run = runCli("inspect-image " + fixture("truncated.png"));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("truncated.png looks like a PNG file but cannot be decoded"), std::string::npos)
        << run.all;
}

TEST(Cli, UnknownCommandPrintsUsageAndExitsWithTwo) {
    const CliRun run = runCli("frobnicate");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("unknown command 'frobnicate'"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("inspect-image"), std::string::npos) << run.all;
}
