// The `adgen` command line, run as a user runs it: a separate process, its output and exit code.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct CliRun {
    int exitCode = -1;
    std::string output;  // stdout and stderr together
};

CliRun adgen(const std::string& arguments) {
    CliRun run;
    const std::string command = std::string(ADGEN_CLI_EXE) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    std::array<char, 4096> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) run.output += buffer.data();
    const int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::string fixture(const std::string& name) { return std::string(ADGEN_FIXTURES_DIR) + "/images/" + name; }

}  // namespace

TEST(Cli, VersionNamesTheProjectVersionAndLibtorch) {
    const CliRun run = adgen("--version");
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.output.rfind(std::string("adgen ") + ADGEN_EXPECTED_VERSION + "\n", 0), 0u) << run.output;
    EXPECT_NE(run.output.find("libtorch "), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("BLAS: "), std::string::npos) << run.output;
}

TEST(Cli, InspectImageReportsBoxAndCoverage) {
    const CliRun run = adgen("inspect-image " + fixture("rgba_box.png"));
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("size:         40 x 30 px"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("product box:  x 10, y 5, 26 x 21 px (alpha > 50)"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("coverage:     25.1 %"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("product cut-out: usable"), std::string::npos) << run.output;
}

TEST(Cli, InspectImageJsonCarriesTheSameFigures) {
    const CliRun run = adgen("inspect-image --json " + fixture("palette_trns.png"));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto json = nlohmann::json::parse(run.output);
    EXPECT_EQ(json["width"], 16);
    EXPECT_EQ(json["alpha"], true);
    EXPECT_EQ(json["product_box"], (nlohmann::json{{"x", 0}, {"y", 6}, {"width", 10}, {"height", 10}}));
    EXPECT_DOUBLE_EQ(json["coverage"].template get<double>(), 17.0 / 256.0);
    EXPECT_EQ(json["usable_as_product"], true);
}

TEST(Cli, AnImageWithoutAlphaIsReportedAndExitsWithOne) {
    const CliRun run = adgen("inspect-image " + fixture("rgb_opaque.png"));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.output.find("alpha:        no"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("not usable. The image has no alpha channel"), std::string::npos) << run.output;
}

TEST(Cli, AnUnreadableFileExitsWithTwoAndSaysWhy) {
    const CliRun run = adgen("inspect-image " + fixture("truncated.png"));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find("truncated.png looks like a PNG file but cannot be decoded"), std::string::npos)
        << run.output;
}

TEST(Cli, UnknownCommandPrintsUsageAndExitsWithTwo) {
    const CliRun run = adgen("frobnicate");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find("unknown command 'frobnicate'"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("inspect-image"), std::string::npos) << run.output;
}
