#include "adgen/brief.h"

#include <gtest/gtest.h>

#include <clocale>
#include <filesystem>
#include <fstream>
#include <functional>

#include "error_message.h"

namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards.
class BriefFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("adgen-brief-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((dir_ / name).parent_path());
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir_ / name, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    fs::path dir_;
};

adgen::Brief sampleBrief(const std::string& productPath) {
    adgen::Brief brief;
    brief.productImage = productPath;
    brief.sellingPoints = {"500 ml", "double-wall steel", "保温 12 小时"};
    brief.description = "An insulated bottle for commuters.\nKeeps tea hot.";
    brief.originalTitle = "Thermo bottle TB-500";
    return brief;
}


}  // namespace

TEST_F(BriefFiles, SaveThenLoadGivesTheSameBrief) {
    write("bottle.png", "png bytes");
    const adgen::Brief brief = sampleBrief(path("bottle.png"));
    adgen::saveBrief(brief, path("bottle.adgen.json"));
    EXPECT_EQ(adgen::loadBrief(path("bottle.adgen.json")), brief);
}

TEST_F(BriefFiles, StoresTheProductPathRelativeToTheBrief) {
    write("images/bottle.png", "png bytes");
    adgen::saveBrief(sampleBrief(path("images/bottle.png")), path("b.adgen.json"));
    EXPECT_NE(read("b.adgen.json").find("\"image\": \"images/bottle.png\""), std::string::npos)
        << read("b.adgen.json");
}

TEST_F(BriefFiles, AFolderMovedWithItsProductStillFindsIt) {
    write("a/bottle.png", "png bytes");
    adgen::saveBrief(sampleBrief(path("a/bottle.png")), path("a/b.adgen.json"));
    fs::rename(dir_ / "a", dir_ / "moved");
    EXPECT_EQ(adgen::loadBrief(path("moved/b.adgen.json")).productImage, path("moved/bottle.png"));
}

TEST_F(BriefFiles, ABriefMovedWithoutItsProductFallsBackToTheAbsolutePath) {
    write("bottle.png", "png bytes");
    adgen::saveBrief(sampleBrief(path("bottle.png")), path("b.adgen.json"));
    fs::create_directories(dir_ / "elsewhere");
    fs::rename(dir_ / "b.adgen.json", dir_ / "elsewhere" / "b.adgen.json");
    EXPECT_EQ(adgen::loadBrief(path("elsewhere/b.adgen.json")).productImage, path("bottle.png"));
}

TEST_F(BriefFiles, SavingOverAnExistingBriefLeavesNoTemporaryFile) {
    adgen::saveBrief(sampleBrief(""), path("b.adgen.json"));
    adgen::Brief changed = sampleBrief("");
    changed.sellingPoints.push_back("new point");
    adgen::saveBrief(changed, path("b.adgen.json"));
    EXPECT_EQ(adgen::loadBrief(path("b.adgen.json")), changed);
    EXPECT_FALSE(fs::exists(path("b.adgen.json.saving")));
}

TEST_F(BriefFiles, SavingIntoAMissingFolderSaysSo) {
    const std::string message = errorOf([&] { adgen::saveBrief(sampleBrief(""), path("no/such/dir/b.adgen.json")); });
    EXPECT_NE(message.find("Cannot write"), std::string::npos) << message;
    EXPECT_NE(message.find("folder exists"), std::string::npos) << message;
}

TEST_F(BriefFiles, MissingFileNamesThePath) {
    const std::string message = errorOf([&] { adgen::loadBrief(path("absent.adgen.json")); });
    EXPECT_NE(message.find("not found"), std::string::npos) << message;
    EXPECT_NE(message.find("absent.adgen.json"), std::string::npos) << message;
}

TEST_F(BriefFiles, MalformedJsonNamesTheFileLineAndColumn) {
    write("bad.adgen.json", "{\n  \"format\": \"adgen-brief\",\n  \"version\": 1,, }");
    const std::string message = errorOf([&] { adgen::loadBrief(path("bad.adgen.json")); });
    EXPECT_NE(message.find("bad.adgen.json is not valid JSON (line 3, column 16)"), std::string::npos) << message;
}

TEST(BriefJson, RejectsAnotherKindOfJsonFile) {
    const std::string message = errorOf([] { adgen::briefFromJson(R"({"name": "x"})", "", "x.json"); });
    EXPECT_NE(message.find("\"format\" must be \"adgen-brief\""), std::string::npos) << message;
}

TEST(BriefJson, RejectsANewerFormatVersionAndSaysToUpdate) {
    const std::string message = errorOf(
        [] { adgen::briefFromJson(R"({"format": "adgen-brief", "version": 7})", "", "x.json"); });
    EXPECT_NE(message.find("version 7"), std::string::npos) << message;
    EXPECT_NE(message.find("Update AdGen Studio"), std::string::npos) << message;
}

TEST(BriefJson, NamesTheSellingPointThatIsNotText) {
    const std::string message = errorOf([] {
        adgen::briefFromJson(R"({"format": "adgen-brief", "version": 1, "selling_points": ["a", 3]})",
                             "", "x.json");
    });
    EXPECT_NE(message.find("selling point 2 must be a string, but it is number"), std::string::npos) << message;
}

TEST(BriefJson, NamesAFieldOfTheWrongType) {
    const std::string message = errorOf([] {
        adgen::briefFromJson(R"({"format": "adgen-brief", "version": 1, "description": ["a"]})", "",
                             "x.json");
    });
    EXPECT_NE(message.find("field \"description\" must be a string, but it is array"), std::string::npos)
        << message;
}

TEST(BriefJson, MissingOptionalFieldsAreEmpty) {
    const adgen::Brief brief = adgen::briefFromJson(R"({"format": "adgen-brief", "version": 1})", "", "x");
    EXPECT_EQ(brief, adgen::Brief{});
}

TEST(SplitSellingPoints, SplitsOnAsciiAndFullWidthSeparatorsAndTrims) {
    const auto items = adgen::splitSellingPoints(" 500 ml, steel;保温，轻便、防漏；大容量\nBPA free \r\n");
    const std::vector<std::string> expected = {"500 ml", "steel", "保温", "轻便", "防漏", "大容量", "BPA free"};
    EXPECT_EQ(items, expected);
}

TEST(SplitSellingPoints, DropsEmptyItemsAndIdeographicSpaces) {
    const auto items = adgen::splitSellingPoints(",,\u3000防水\u3000, ,\n\n");
    EXPECT_EQ(items, std::vector<std::string>{"防水"});
}

TEST(SplitSellingPoints, KeepsMultiByteTextThatMerelyContainsSeparatorBytes) {
    // U+FF0C (，) is EF BC 8C; U+FF0D (－) is EF BC 8D and must not be split.
    EXPECT_EQ(adgen::splitSellingPoints("A－B"), std::vector<std::string>{"A－B"});
}

TEST(SplitSellingPoints, KeepsCharactersWhoseUtf8BytesLookLikeLatin1Spaces) {
    // 蠠 is E8 A0 A0, and 0xA0 is a no-break space in Latin-1. The studio runs under the user's
    // locale (Qt calls setlocale), so try a Latin-1 one where the machine has it.
    const std::string saved = std::setlocale(LC_CTYPE, nullptr);
    for (const char* latin1 : {"en_US.ISO-8859-1", "en_US", "de_DE.ISO-8859-1"}) {
        if (std::setlocale(LC_CTYPE, latin1)) break;
    }
    const auto items = adgen::splitSellingPoints("円蠠, 蠠円");
    std::setlocale(LC_CTYPE, saved.c_str());
    EXPECT_EQ(items, (std::vector<std::string>{"円蠠", "蠠円"}));
}
