// Shopper histories as text: both JSON forms of `adgen personalize --history`, and the
// one-click-per-line form a designer pastes into the studio. Paths resolve against the file's
// folder; what cannot be read says where and what to write instead.

#include "adgen/error.h"
#include "adgen/shopper_history.h"
#include "error_message.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace adgen {
namespace {
namespace fs = std::filesystem;

class ShopperHistory : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("adgen-shopper-history-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "clicks");
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) const {
        const auto path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    std::string at(const std::string& relative) const { return (dir_ / relative).lexically_normal().string(); }

    fs::path dir_;
};

TEST_F(ShopperHistory, ListOfClicksKeepsOrderTitlesAndSimilarity) {
    const auto path = write("history.json", R"([
        {"title": "Insulated bottle 500 ml", "image": "clicks/bottle.jpg", "similarity": 0.82},
        {"title": "保温杯 蓝色 不锈钢", "image": "/data/shop/cup.png"}
    ])");
    const auto clicks = loadShopperHistory(path);
    ASSERT_EQ(clicks.size(), 2u);
    EXPECT_EQ(clicks[0].title, "Insulated bottle 500 ml");
    EXPECT_EQ(clicks[0].imagePath, at("clicks/bottle.jpg"));
    ASSERT_TRUE(clicks[0].similarity.has_value());
    EXPECT_DOUBLE_EQ(*clicks[0].similarity, 0.82);
    EXPECT_EQ(clicks[1].title, "保温杯 蓝色 不锈钢");
    EXPECT_EQ(clicks[1].imagePath, "/data/shop/cup.png");  // absolute paths stay as they are
    EXPECT_FALSE(clicks[1].similarity.has_value());
    EXPECT_EQ(clicks[1].line, 0);
}

TEST_F(ShopperHistory, Pad1mListsAreReadIndexAligned) {
    const auto path = write("pad1m.json", R"({"history_titles": ["运动耳机", "无线耳机 降噪", "tent"],
        "history_images": ["clicks/h1.jpg", "../outside/h2.jpg", "clicks/./h3.png"],
        "text_similarity": [0.8, 0.4, 0.1]})");
    const auto clicks = loadShopperHistory(path);
    ASSERT_EQ(clicks.size(), 3u);
    EXPECT_EQ(clicks[0].title, "运动耳机");
    EXPECT_EQ(clicks[1].title, "无线耳机 降噪");
    EXPECT_EQ(clicks[2].title, "tent");
    EXPECT_EQ(clicks[1].imagePath, (dir_.parent_path() / "outside/h2.jpg").string());
    EXPECT_EQ(clicks[2].imagePath, at("clicks/h3.png"));
    EXPECT_DOUBLE_EQ(*clicks[0].similarity, 0.8);
    EXPECT_DOUBLE_EQ(*clicks[2].similarity, 0.1);
}

TEST_F(ShopperHistory, Pad1mListsWithoutSimilarityLeaveItUnset) {
    const auto clicks = parseShopperHistoryJson(
        R"({"history_titles": ["a", "b"], "history_images": ["a.png", "b.png"], "text_similarity": null})", "/base", "x");
    ASSERT_EQ(clicks.size(), 2u);
    EXPECT_EQ(clicks[1].imagePath, "/base/b.png");
    EXPECT_FALSE(clicks[0].similarity.has_value());
    EXPECT_FALSE(clicks[1].similarity.has_value());
}

TEST_F(ShopperHistory, WithoutABaseDirectoryPathsStayAsWritten) {
    const auto clicks = parseShopperHistoryJson(R"([{"title": "a", "image": "clicks/a.png"}])", "", "x");
    ASSERT_EQ(clicks.size(), 1u);
    EXPECT_EQ(clicks[0].imagePath, "clicks/a.png");
}

TEST_F(ShopperHistory, MalformedJsonNamesTheSourceAndBothForms) {
    const auto path = write("broken.json", "[{\"title\": \"a\", ");
    const auto message = errorOf([&] { loadShopperHistory(path); });
    EXPECT_NE(message.find("The shopper history " + path + " is not valid JSON"), std::string::npos) << message;
    EXPECT_NE(message.find("\"history_titles\" and \"history_images\" lists"), std::string::npos) << message;
}

TEST_F(ShopperHistory, MisalignedListsAreRefused) {
    const auto lengths = errorOf([] {
        parseShopperHistoryJson(R"({"history_titles": ["a", "b"], "history_images": ["a.png"]})", "/b", "h.json");
    });
    EXPECT_NE(lengths.find("The shopper history h.json has \"history_titles\" and \"history_images\" that are not lists "
                           "of the same length."),
              std::string::npos)
        << lengths;
    const auto similarity = errorOf([] {
        parseShopperHistoryJson(
            R"({"history_titles": ["a"], "history_images": ["a.png"], "text_similarity": [0.1, 0.2]})", "/b", "h.json");
    });
    EXPECT_NE(similarity.find("h.json has a \"text_similarity\" list whose length differs from the titles'."),
              std::string::npos)
        << similarity;
}

TEST_F(ShopperHistory, ClickWithoutImageOrWithTextSimilarityIsNamed) {
    const auto noImage = errorOf([] { parseShopperHistoryJson(R"([{"title": "a", "image": "a.png"}, {"title": "b"}])", "", "h.json"); });
    EXPECT_NE(noImage.find("h.json has a click 2 without \"title\" and \"image\"."), std::string::npos) << noImage;
    const auto badSimilarity =
        errorOf([] { parseShopperHistoryJson(R"([{"title": "a", "image": "a.png", "similarity": "high"}])", "", "h.json"); });
    EXPECT_NE(badSimilarity.find("click 1 whose \"similarity\" is not a number"), std::string::npos) << badSimilarity;
    const auto numberTitle = errorOf([] { parseShopperHistoryJson(R"([{"title": 5, "image": "a.png"}])", "", "h.json"); });
    EXPECT_NE(numberTitle.find("has a click 1 title that is not text"), std::string::npos) << numberTitle;
    const auto neither = errorOf([] { parseShopperHistoryJson(R"({"titles": []})", "", "h.json"); });
    EXPECT_NE(neither.find("is neither a list of clicks nor an object"), std::string::npos) << neither;
}

TEST_F(ShopperHistory, MissingFileCannotBeRead) {
    const auto path = at("nowhere.json");
    EXPECT_EQ(errorOf([&] { loadShopperHistory(path); }), "The shopper history " + path + " cannot be read. Check the path.");
}

TEST_F(ShopperHistory, PastedLinesSplitOnTabBarOrTrailingImageFile) {
    const auto clicks = parsePastedClickHistory(
        "Insulated bottle 500 ml\tclicks/bottle.jpg\n"
        "\n"
        "Brand | Camping tent 3-person | clicks/tent.PNG\r\n"
        "   Hiking boots EU 42 clicks/boots.webp  \n"
        "Desk lamp /abs/lamp.jpeg\n"
        "Gift box \"my pics/box.bmp\"\n"
        "Mug\tfile:///home/me/My%20Pictures/mug.jpg\n",
        dir_.string());
    ASSERT_EQ(clicks.size(), 6u);
    EXPECT_EQ(clicks[0].title, "Insulated bottle 500 ml");
    EXPECT_EQ(clicks[0].imagePath, at("clicks/bottle.jpg"));
    EXPECT_EQ(clicks[1].title, "Brand | Camping tent 3-person");  // split at the last " | "
    EXPECT_EQ(clicks[1].imagePath, at("clicks/tent.PNG"));
    EXPECT_EQ(clicks[2].title, "Hiking boots EU 42");
    EXPECT_EQ(clicks[2].imagePath, at("clicks/boots.webp"));
    EXPECT_EQ(clicks[3].title, "Desk lamp");
    EXPECT_EQ(clicks[3].imagePath, "/abs/lamp.jpeg");
    EXPECT_EQ(clicks[4].title, "Gift box");
    EXPECT_EQ(clicks[4].imagePath, at("my pics/box.bmp"));
    EXPECT_EQ(clicks[5].title, "Mug");
    EXPECT_EQ(clicks[5].imagePath, "/home/me/My Pictures/mug.jpg");
    for (const auto& click : clicks) EXPECT_FALSE(click.similarity.has_value());
    EXPECT_EQ(clicks[0].line, 1);
    EXPECT_EQ(clicks[1].line, 3);  // blank lines count, so the line matches what the user sees
    EXPECT_EQ(clicks[5].line, 7);
}

TEST_F(ShopperHistory, PastedChineseTitlesKeepTheirText) {
    const auto clicks = parsePastedClickHistory(
        "\xEF\xBB\xBF云朵 保温杯 珊瑚色 500ml\timages/杯子.png\n"
        "【轻便】 防滑 徒步鞋 | images/鞋.jpg\n"
        "枫家 冷萃咖啡 铝罐 images/罐.jpg\n",
        "/shop");
    ASSERT_EQ(clicks.size(), 3u);
    EXPECT_EQ(clicks[0].title, "云朵 保温杯 珊瑚色 500ml");  // the byte order mark is not part of it
    EXPECT_EQ(clicks[0].imagePath, "/shop/images/杯子.png");
    EXPECT_EQ(clicks[1].title, "【轻便】 防滑 徒步鞋");
    EXPECT_EQ(clicks[1].imagePath, "/shop/images/鞋.jpg");
    EXPECT_EQ(clicks[2].title, "枫家 冷萃咖啡 铝罐");
    EXPECT_EQ(clicks[2].imagePath, "/shop/images/罐.jpg");
}

TEST_F(ShopperHistory, PastedJsonIsReadAsAHistoryFile) {
    const auto list = parsePastedClickHistory("  \n [{\"title\": \"保温杯\", \"image\": \"a.png\", \"similarity\": 0.5}]", "/s");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].title, "保温杯");
    EXPECT_EQ(list[0].imagePath, "/s/a.png");
    EXPECT_DOUBLE_EQ(*list[0].similarity, 0.5);
    const auto object = parsePastedClickHistory(R"({"history_titles": ["x", "y"], "history_images": ["x.jpg", "y.jpg"]})", "/s");
    ASSERT_EQ(object.size(), 2u);
    EXPECT_EQ(object[1].imagePath, "/s/y.jpg");
    const auto broken = errorOf([] { parsePastedClickHistory("[{\"title\": ", "/s"); });
    EXPECT_NE(broken.find("The shopper history you pasted is not valid JSON"), std::string::npos) << broken;
}

TEST_F(ShopperHistory, PastedLineWithoutImagePathNamesTheLineAndTheForms) {
    const auto message = errorOf([] {
        parsePastedClickHistory("Red bottle | clicks/red.png\n\nBlue bottle clicks/blue.gif\n", "/s");
    });
    EXPECT_NE(message.find("Line 3 of the pasted click history, \"Blue bottle clicks/blue.gif\", has no image path."),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("separated by a tab or \" | \""), std::string::npos) << message;
    EXPECT_NE(message.find(".png, .jpg, .jpeg, .webp or .bmp"), std::string::npos) << message;
    EXPECT_NE(errorOf([] { parsePastedClickHistory("just a title", ""); }).find("Line 1 "), std::string::npos);
}

TEST_F(ShopperHistory, PastedLineWithoutTitleIsRefused) {
    const auto message = errorOf([] { parsePastedClickHistory("a | a.png\n\"b.png\"", "/s"); });
    EXPECT_NE(message.find("Line 2 of the pasted click history"), std::string::npos) << message;
    EXPECT_NE(message.find("has an image path but no title."), std::string::npos) << message;
}

TEST_F(ShopperHistory, LongPastedLinesAreQuotedShortWithoutBreakingCharacters) {
    const std::string longTitle(40, 'x');
    const auto message = errorOf([&] { parsePastedClickHistory(longTitle + "保温杯保温杯保温杯保温杯", ""); });
    // 40 ASCII bytes, then 3-byte characters: the cut at 60 bytes falls inside the seventh one.
    EXPECT_NE(message.find("\"" + longTitle + "保温杯保温杯…\""), std::string::npos) << message;
}

TEST_F(ShopperHistory, EmptyPasteGivesNoClicks) {
    EXPECT_TRUE(parsePastedClickHistory("", "/s").empty());
    EXPECT_TRUE(parsePastedClickHistory(" \n\r\n\t\n", "/s").empty());
}

}  // namespace
}  // namespace adgen
