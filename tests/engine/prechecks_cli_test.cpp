// `adgen precheck` run as a user runs it: the report on stdout, exit 0 (no flags), 1 (flagged) or 2
// (bad input, with what is wrong and what to do).
#include "cli_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using adgen::testing::CliRun;
using adgen::testing::runAdgen;

class PrecheckCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("adgen-precheck-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A brief with these selling points (a JSON array text) and, optionally, a product image.
    std::string brief(const std::string& sellingPoints, const std::string& product = "") const {
        const auto path = dir_ / "ad.adgen.json";
        std::ofstream(path) << R"({"format": "adgen-brief", "version": 1, "selling_points": )" << sellingPoints
                            << (product.empty() ? "" : R"(, "product": {"image": ")" + product + "\"}") << "}";
        return path.string();
    }
    std::string file(const std::string& name, const std::string& text) const {
        const auto path = dir_ / name;
        std::ofstream(path) << text;
        return path.string();
    }
    static std::string quoted(const std::string& text) { return "'" + text + "'"; }
    static std::string fixture(const std::string& name) { return std::string(ADGEN_FIXTURES_DIR) + "/images/" + name; }

    fs::path dir_;
};

}  // namespace

TEST_F(PrecheckCli, FlaggedCopyPrintsTheReportAndExitsWithOne) {
    const auto points = R"(["Resists Discoloration", "useful sealant", "Yuhong", "Mold-Resistant Sealant",
                            "Kitchen & Bathroom Toilet", "multiple color specification"])";
    const CliRun run = runAdgen("precheck --brief " + brief(points) + " --copy " +
                                quoted("Yuhong Mold-Resistant Sealant Permanently Resists Discoloration Kitchen & "
                                       "Bathroom Toilet Sealant"));
    ASSERT_EQ(run.exitCode, 1) << run.all;
    const auto json = nlohmann::json::parse(run.out);
    bool exaggerated = false;
    for (const auto& flag : json["flags"])
        if (flag["check"] == "factuality.exaggerated-claim") {
            exaggerated = true;
            EXPECT_EQ(flag["spans"][0]["text"], "Permanently");
            EXPECT_EQ(flag["spans"][0]["begin"], 30);
        }
    EXPECT_TRUE(exaggerated) << run.out;
    EXPECT_EQ(json["checks_run"].size(), 6u);
}

TEST_F(PrecheckCli, CleanCopyExitsWithZero) {
    const CliRun run = runAdgen("precheck --brief " + brief(R"(["leak-proof lid", "double-wall stainless steel", "12 h hot"])") +
                                " --copy " + quoted("Leak-proof lid, double-wall steel"));
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto json = nlohmann::json::parse(run.out);
    EXPECT_TRUE(json["flags"].empty());
    EXPECT_EQ(json["checks_run"][0], "factuality.unsupported-words");
}

TEST_F(PrecheckCli, ChineseCopyIsCheckedToo) {
    const CliRun run = runAdgen("precheck --brief " + brief(R"(["超长续航", "大电池"])") + " --copy " +
                                quoted("最强续航大电池"));
    ASSERT_EQ(run.exitCode, 1) << run.all;
    const auto json = nlohmann::json::parse(run.out);
    ASSERT_FALSE(json["flags"].empty());
    EXPECT_NE(run.out.find("\"text\": \"最"), std::string::npos) << run.out;
}

TEST_F(PrecheckCli, ABriefThatIsNotJsonExitsWithTwoNamingTheFile) {
    const auto bad = file("broken.adgen.json", "{\"format\": \"adgen-brief\", ");
    const CliRun run = runAdgen("precheck --brief " + bad + " --copy x");
    EXPECT_EQ(run.exitCode, 2) << run.all;
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_NE(run.all.find("broken.adgen.json"), std::string::npos) << run.all;
}

TEST_F(PrecheckCli, AMissingBriefExitsWithTwo) {
    const CliRun run = runAdgen("precheck --brief " + (dir_ / "nowhere.adgen.json").string() + " --copy x");
    EXPECT_EQ(run.exitCode, 2) << run.all;
    EXPECT_NE(run.all.find("nowhere.adgen.json"), std::string::npos) << run.all;
}

TEST_F(PrecheckCli, UsageMistakesExitWithTwoAndSayWhatToPass) {
    const auto b = brief(R"(["lid"])");
    CliRun run = runAdgen("precheck --copy x");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("--brief FILE.adgen.json is required"), std::string::npos) << run.all;
    run = runAdgen("precheck --brief " + b);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("Nothing to check: pass --copy TEXT, --image FILE or both."), std::string::npos) << run.all;
    run = runAdgen("precheck --brief " + b + " --copy x --max-ratio 0");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("--max-ratio must be a number in (0, 1]"), std::string::npos) << run.all;
    run = runAdgen("precheck --brief " + b + " --copy x --colour red");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("Unknown option --colour"), std::string::npos) << run.all;
}

TEST_F(PrecheckCli, AnImageThatCannotBeReadExitsWithTwo) {
    const CliRun run = runAdgen("precheck --brief " + brief(R"(["lid"])") + " --image " + fixture("truncated.png"));
    EXPECT_EQ(run.exitCode, 2) << run.all;
    EXPECT_NE(run.all.find("truncated.png"), std::string::npos) << run.all;
}

TEST_F(PrecheckCli, AnImageRunsTheImageChecksOnly) {
    const CliRun run = runAdgen("precheck --brief " + brief(R"(["lid"])", fixture("rgba_box.png")) + " --image " +
                                fixture("rgb_opaque.png"));
    ASSERT_TRUE(run.exitCode == 0 || run.exitCode == 1) << run.all;
    const auto json = nlohmann::json::parse(run.out);
    for (const auto& id : json["checks_run"]) {
        const auto text = id.get<std::string>();
        EXPECT_NE(text.rfind("factuality.", 0), 0u) << text;
        EXPECT_NE(text.rfind("readability.", 0), 0u) << text;
    }
    EXPECT_EQ(run.exitCode, json["flags"].empty() ? 0 : 1);
}
