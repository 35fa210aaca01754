// PAd1M JSON (model-spec 3): every field read and written, problems reported together and
// never papered over.

#include "adgen/error.h"
#include "adgen/pad1m.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace adgen {
namespace {
namespace fs = std::filesystem;

class Pad1m : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("adgen-pad1m-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "images");
        for (const auto* f : {"images/ad.jpg", "images/cut.png", "images/h1.jpg", "images/h2.jpg"}) std::ofstream(dir_ / f) << "x";
    }
    void TearDown() override { fs::remove_all(dir_); }

    nlohmann::json record() const {
        return {{"f_path", "images/ad.jpg"},
                {"f_path_trans", "images/cut.png"},
                {"f_path_white", ""},
                {"ref_exps", {{10, 20, 300, 400}}},
                {"width", 512},
                {"height", 512},
                {"caption", "a bottle on a marble table"},
                {"cid3_english_name", "object"},
                {"sku_title_cn", "超长续航 蓝牙耳机 X5"},
                {"gt_title_cn", "降噪耳机 超长续航<title_split> 蓝牙5.3 快充 "},
                {"word_list", "超长续航, 蓝牙5.3，快充"},
                {"f_ocr_path", ""},
                {"max_ratio", 0.6},
                {"history_images", {"images/h1.jpg", "images/h2.jpg"}},
                {"history_titles", {"运动耳机", "无线耳机 降噪"}},
                {"text_similarity", {0.8, 0.4}},
                {"url", "https://example.invalid/item/1"}};
    }
    std::string write(const nlohmann::json& records, const std::string& name = "data.json") const {
        const auto path = (dir_ / name).string();
        std::ofstream(path) << records.dump(2);
        return path;
    }
    std::string loadError(const nlohmann::json& records, const Pad1mLoadOptions& options = {}) const {
        try {
            loadPad1m(write(records), options);
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    }
    fs::path dir_;
};

TEST_F(Pad1m, ReadsEveryFieldWithPathsResolvedAgainstTheFile) {
    const auto records = loadPad1m(write(nlohmann::json::array({record()})));
    ASSERT_EQ(records.size(), 1u);
    const auto& r = records[0];
    EXPECT_EQ(r.adImage, (dir_ / "images/ad.jpg").string());
    EXPECT_EQ(r.productCutout, (dir_ / "images/cut.png").string());
    EXPECT_EQ(r.conditionImage(), r.productCutout);
    EXPECT_EQ(r.productBoxes, (std::vector<std::array<double, 4>>{{10, 20, 300, 400}}));
    EXPECT_EQ(r.width, 512);
    EXPECT_EQ(r.caption, "a bottle on a marble table");
    EXPECT_EQ(r.productTitle, "超长续航 蓝牙耳机 X5");
    EXPECT_EQ(r.adTitleList(), (std::vector<std::string>{"降噪耳机 超长续航", "蓝牙5.3 快充"}));
    EXPECT_EQ(r.sellingPointList(), (std::vector<std::string>{"超长续航", "蓝牙5.3", "快充"}));
    EXPECT_DOUBLE_EQ(r.maxRatio, 0.6);
    EXPECT_EQ(r.historyImages, (std::vector<std::string>{(dir_ / "images/h1.jpg").string(), (dir_ / "images/h2.jpg").string()}));
    EXPECT_EQ(r.historyTitles, (std::vector<std::string>{"运动耳机", "无线耳机 降噪"}));
    EXPECT_EQ(r.textSimilarity, (std::vector<double>{0.8, 0.4}));
    EXPECT_EQ(r.url, std::string("https://example.invalid/item/1"));
}

TEST_F(Pad1m, SavedRecordsReadBackEqualWithRelativePaths) {
    auto records = loadPad1m(write({record(), record()}));
    records[1].whiteBackground = (dir_ / "images/ad.jpg").string();
    records[1].textSimilarity.reset();
    records[1].url.reset();
    const auto path = (dir_ / "saved.json").string();
    savePad1m(records, path);
    EXPECT_EQ(loadPad1m(path), records);
    std::ifstream in(path);
    const auto saved = nlohmann::json::parse(in);
    EXPECT_EQ(saved[0]["f_path_trans"], "images/cut.png");
    EXPECT_FALSE(saved[1].contains("text_similarity"));
    EXPECT_EQ(records[1].conditionImage(), records[1].whiteBackground);
}

TEST_F(Pad1m, AllProblemsAreReportedTogetherWithRecordAndField) {
    auto missingTitle = record();
    missingTitle.erase("sku_title_cn");
    auto misaligned = record();
    misaligned["history_titles"] = {"only one"};
    auto badRatio = record();
    badRatio["max_ratio"] = 0;
    auto wrongType = record();
    wrongType["width"] = "512";
    auto missingImage = record();
    missingImage["history_images"][1] = "images/gone.jpg";
    auto noPoints = record();
    noPoints["word_list"] = " , ";
    const auto message = loadError({record(), missingTitle, misaligned, badRatio, wrongType, missingImage, noPoints});
    EXPECT_NE(message.find("has 7 problems"), std::string::npos) << message;
    EXPECT_NE(message.find("record 1 field \"sku_title_cn\" is missing"), std::string::npos) << message;
    EXPECT_NE(message.find("record 2 field \"history_titles\" has 1 titles for 2 history images"), std::string::npos) << message;
    EXPECT_NE(message.find("record 2 field \"text_similarity\" has 2 values for 1 history titles"), std::string::npos) << message;
    EXPECT_NE(message.find("record 3 field \"max_ratio\" is 0.000000, outside (0, 1]"), std::string::npos) << message;
    EXPECT_NE(message.find("record 4 field \"width\" should be a positive integer, not \"512\""), std::string::npos) << message;
    EXPECT_NE(message.find("record 5 field \"history_images[1]\" names"), std::string::npos) << message;
    EXPECT_NE(message.find("gone.jpg, which does not exist"), std::string::npos) << message;
    EXPECT_NE(message.find("record 6 field \"word_list\" has no selling points"), std::string::npos) << message;
    EXPECT_EQ(message.find("record 0"), std::string::npos) << message;
}

TEST_F(Pad1m, MissingImagesAreAcceptedWhenFilesAreNotChecked) {
    auto r = record();
    r["f_path_trans"] = "elsewhere/cut.png";
    EXPECT_NE(loadError(nlohmann::json::array({r})).find("does not exist"), std::string::npos);
    Pad1mLoadOptions options;
    options.checkFiles = false;
    EXPECT_EQ(loadError(nlohmann::json::array({r}), options), "no error");
}

TEST_F(Pad1m, RecordsAreNeverSubstituted) {
    // The reference loader silently replaces a record whose size is not 512 by record 0.
    auto r = record();
    r["width"] = 600;
    r["sku_title_cn"] = "second";
    const auto records = loadPad1m(write({record(), r}));
    EXPECT_EQ(records[1].width, 600);
    EXPECT_EQ(records[1].productTitle, "second");
}

TEST_F(Pad1m, NotAListOrNotJsonIsAClearError) {
    EXPECT_NE(loadError(record()).find("must be a JSON list"), std::string::npos);
    const auto path = (dir_ / "broken.json").string();
    std::ofstream(path) << "[\n  {\"f_path\": }\n]";
    try {
        loadPad1m(path);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.json is not valid JSON (line 2, column"), std::string::npos) << e.what();
    }
    try {
        loadPad1m((dir_ / "absent.json").string());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("PAd1M file not found"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace adgen
