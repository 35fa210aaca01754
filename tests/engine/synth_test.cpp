// adgen synth: the synthetic shopping world (docs/synth.md). One small world is written once for
// the suite; the tests read it back the way a trainer and an evaluator would.

#include "adgen/error.h"
#include "adgen/pad1m.h"
#include "adgen/product_cutout.h"
#include "adgen/synth_world.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path scratchRoot() { return fs::temp_directory_path() / ("adgen-synth-test-" + std::to_string(::getpid())); }
fs::path scratch(const std::string& name) { return scratchRoot() / name; }

// Removes this process's scratch folder after the last test.
class ScratchCleanup : public ::testing::Environment {
public:
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(scratchRoot(), ec);
    }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new ScratchCleanup);

std::string readBytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

json readJson(const fs::path& p) { return json::parse(readBytes(p)); }

adgen::SynthOptions smallWorld() {
    adgen::SynthOptions o;
    o.seed = 7;
    o.productsPerCategory = 4;  // 2 train, 1 val, 1 test per category (fractions 0.5/0.25/0.25)
    o.shoppers = 12;
    o.recordsPerShopper = 3;
    o.noisyClickShare = 0.25;
    o.adSize = 128;
    o.productSize = 128;
    o.trainFraction = 0.5, o.valFraction = 0.25, o.testFraction = 0.25;
    o.writeBackgrounds = true;
    o.contactSheet = false;
    return o;
}

bool hasCjk(const std::string& s) {
    for (size_t i = 0; i + 2 < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xE4 && c <= 0xE9) return true;  // U+4E00..U+9FFF start with E4..E9
    }
    return false;
}

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool endsWith(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// "synth://shopper-003/bottle-02" -> {"shopper-003", "bottle-02"}
std::pair<std::string, std::string> ids(const adgen::Pad1mRecord& r) {
    const std::string rest = r.url->substr(std::string("synth://").size());
    const auto slash = rest.find('/');
    return {rest.substr(0, slash), rest.substr(slash + 1)};
}

class SynthWorld : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(scratch("world"));
        fs::remove_all(*dir_);
        summary_ = new adgen::SynthSummary(adgen::writeSynthWorld(smallWorld(), dir_->string()));
        catalog_ = new json(readJson(*dir_ / "catalog.json"));
        shoppers_ = new json(readJson(*dir_ / "shoppers.json"));
        for (const auto& p : (*catalog_)["products"]) products()[p["id"].get<std::string>()] = p;
        for (const auto& s : (*shoppers_)["shoppers"]) shopperById()[s["id"].get<std::string>()] = s;
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(*dir_, ec);
        delete dir_, delete summary_, delete catalog_, delete shoppers_;
    }
    static std::map<std::string, json>& products() {
        static std::map<std::string, json> m;
        return m;
    }
    static std::map<std::string, json>& shopperById() {
        static std::map<std::string, json> m;
        return m;
    }
    static std::vector<adgen::Pad1mRecord> split(const std::string& name) {
        return adgen::loadPad1m((*dir_ / (name + ".json")).string(), {true});
    }

    static fs::path* dir_;
    static adgen::SynthSummary* summary_;
    static json* catalog_;
    static json* shoppers_;
};

fs::path* SynthWorld::dir_ = nullptr;
adgen::SynthSummary* SynthWorld::summary_ = nullptr;
json* SynthWorld::catalog_ = nullptr;
json* SynthWorld::shoppers_ = nullptr;

TEST(Synth, SameOptionsAndSeedGiveByteIdenticalFiles) {
    auto options = smallWorld();
    options.shoppers = 6;
    options.contactSheet = true;
    const auto a = scratch("same-a"), b = scratch("same-b");
    adgen::writeSynthWorld(options, a.string());
    adgen::writeSynthWorld(options, b.string());
    size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(a)) {
        if (!entry.is_regular_file()) continue;
        const auto rel = fs::relative(entry.path(), a);
        ASSERT_TRUE(fs::exists(b / rel)) << rel;
        EXPECT_EQ(readBytes(entry.path()), readBytes(b / rel)) << rel << " differs between two runs";
        ++files;
    }
    size_t filesB = 0;
    for (const auto& entry : fs::recursive_directory_iterator(b)) filesB += entry.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, filesB);
    EXPECT_GT(files, 100u);

    options.seed = 8;  // another seed, another world
    const auto c = scratch("same-c");
    adgen::writeSynthWorld(options, c.string());
    EXPECT_NE(readBytes(a / "catalog.json"), readBytes(c / "catalog.json"));
    EXPECT_NE(readBytes(a / "train.json"), readBytes(c / "train.json"));
}

TEST(Synth, RewritingAFolderReplacesTheEarlierWorld) {
    auto options = smallWorld();
    const auto dir = scratch("rewrite");
    adgen::writeSynthWorld(options, dir.string());
    options.shoppers = 4;
    options.valFraction = 0.25, options.testFraction = 0.25;
    const auto summary = adgen::writeSynthWorld(options, dir.string());
    size_t ads = 0;
    for (const auto& e : fs::directory_iterator(dir / "images/ads")) ads += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(ads, static_cast<size_t>(summary.adImages)) << "files of the earlier, larger world were left behind";
}

TEST_F(SynthWorld, EverySplitLoadsWithItsFilesChecked) {
    int records = 0;
    for (const auto& s : summary_->splits) {
        std::vector<adgen::Pad1mRecord> loaded;
        ASSERT_NO_THROW(loaded = split(s.name)) << s.name;
        EXPECT_EQ(static_cast<int>(loaded.size()), s.records) << s.name;
        EXPECT_GT(s.records, 0) << s.name;
        records += static_cast<int>(loaded.size());
        for (const auto& r : loaded) {
            EXPECT_EQ(r.width, 128);
            EXPECT_EQ(r.height, 128);
            EXPECT_TRUE(r.whiteBackground.empty());
            EXPECT_EQ(r.maxRatio, 1.0);
            EXPECT_FALSE(r.caption.empty());
            ASSERT_TRUE(r.textSimilarity.has_value());
            EXPECT_EQ(r.textSimilarity->size(), r.historyTitles.size());
            for (double v : *r.textSimilarity) EXPECT_TRUE(v >= 0.0 && v <= 1.0);
            const auto titles = r.adTitleList();
            EXPECT_GE(titles.size(), 2u);
            EXPECT_LE(titles.size(), 3u);
            EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size()) << "repeated ground-truth title";
            EXPECT_GE(r.sellingPointList().size(), 4u);
            EXPECT_EQ(r.category, products().at(ids(r).second)["category"]);
        }
    }
    EXPECT_EQ(records, summary_->records);
    EXPECT_EQ(summary_->records, 12 * 3);  // every split has at least 3 products per shopper
    EXPECT_EQ(summary_->products, 8 * 4);
}

TEST_F(SynthWorld, SplitsHoldOutShoppersAndProducts) {
    std::map<std::string, std::set<std::string>> shoppersIn, productsIn;
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto [shopper, product] = ids(r);
            shoppersIn[s.name].insert(shopper);
            productsIn[s.name].insert(product);
            EXPECT_EQ(shopperById().at(shopper)["split"], s.name);
            EXPECT_EQ(products().at(product)["split"], s.name) << "a target product outside its shopper's split";
        }
    for (const char* a : {"train", "val", "test"})
        for (const char* b : {"train", "val", "test"}) {
            if (std::string(a) >= b) continue;
            for (const auto& s : shoppersIn[a]) EXPECT_EQ(shoppersIn[b].count(s), 0u) << s << " in " << a << " and " << b;
            for (const auto& p : productsIn[a]) EXPECT_EQ(productsIn[b].count(p), 0u) << p << " in " << a << " and " << b;
        }
    // Histories show training products only, never the shopper's own targets.
    for (const auto& [id, s] : shopperById()) {
        std::set<std::string> targets;
        for (const auto& t : s["targets"]) targets.insert(t["product"].get<std::string>());
        for (const auto& c : s["clicks"]) {
            EXPECT_EQ(products().at(c["product"].get<std::string>())["split"], "train") << id;
            EXPECT_EQ(targets.count(c["product"].get<std::string>()), 0u) << id;
        }
    }
    for (const auto& [name, p] : products()) EXPECT_TRUE(p["split"] == "train" || p["split"] == "val" || p["split"] == "test");
    int perCategoryTest = 0;
    for (const auto& [name, p] : products()) perCategoryTest += p["split"] == "test" && p["category"] == "bottle" ? 1 : 0;
    EXPECT_EQ(perCategoryTest, 1);
}

TEST_F(SynthWorld, EveryProductCutoutHasAlphaAndAProductBox) {
    std::set<std::string> categories;
    for (const auto& [id, p] : products()) {
        const auto cutout = adgen::decodeImageFile((*dir_ / p["image"].get<std::string>()).string());
        const auto& in = cutout.inspection;
        EXPECT_TRUE(in.hasAlpha) << id;
        EXPECT_TRUE(in.usableAsProduct()) << id << ": " << in.unusableReason;
        EXPECT_EQ(in.width, 128);
        EXPECT_GT(in.coverage, 0.02) << id;
        EXPECT_LT(in.coverage, 0.6) << id;
        EXPECT_EQ(cutout.image.alphaAt(0, 0), 0) << id << ": the corner should be transparent";
        const auto box = p["product_box"];
        EXPECT_EQ(box[0].get<int>(), in.productBox.x) << id;
        EXPECT_EQ(box[3].get<int>(), in.productBox.y + in.productBox.height) << id;
        // standing on the floor: the bottom of the box is in the lower part of the canvas
        EXPECT_GT(in.productBox.y + in.productBox.height, 128 * 0.8) << id;
        categories.insert(p["category"].get<std::string>());
        for (const char* field : {"title", "description", "brand", "subtype", "material", "size"}) {
            EXPECT_FALSE(p[field]["en"].get<std::string>().empty()) << id << " " << field;
            EXPECT_TRUE(hasCjk(p[field]["zh"].get<std::string>()) || std::string(field) == "size") << id << " " << field;
        }
        EXPECT_GE(p["selling_points"].size(), 4u);
        EXPECT_FALSE(p["model"].get<std::string>().empty());
    }
    EXPECT_EQ(categories.size(), 8u);
}

TEST_F(SynthWorld, TheAdIsTheCutoutCompositedOverItsBackground) {
    int checked = 0, shadowed = 0;
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto ad = adgen::decodeImageFile(r.adImage).image;
            const auto cutout = adgen::decodeImageFile(r.productCutout);
            const auto background =
                adgen::decodeImageFile((*dir_ / "images/backgrounds" / fs::path(r.adImage).filename()).string()).image;
            ASSERT_EQ(ad.width, cutout.image.width);
            int differing = 0, productPixels = 0;
            for (size_t p = 0; p < ad.pixels.size() / 4; ++p) {
                const unsigned a = cutout.image.pixels[p * 4 + 3];
                productPixels += a > 0 ? 1 : 0;
                for (size_t c = 0; c < 3; ++c) {
                    const unsigned expected =
                        (cutout.image.pixels[p * 4 + c] * a + background.pixels[p * 4 + c] * (255u - a) + 127u) / 255u;
                    differing += ad.pixels[p * 4 + c] != expected ? 1 : 0;
                }
            }
            EXPECT_EQ(differing, 0) << r.adImage;
            EXPECT_GT(productPixels, 100);
            // ref_exps is the product box (alpha > 50) of the cut-out, which has the ad's size
            const auto& box = cutout.inspection.productBox;
            ASSERT_EQ(r.productBoxes.size(), 1u);
            EXPECT_EQ(r.productBoxes[0], (std::array<double, 4>{double(box.x), double(box.y), double(box.x + box.width),
                                                                 double(box.y + box.height)}));
            // the contact shadow darkens the floor just below the product, against the floor beside it
            auto lum = [&](int cx, int cy) {  // mean of a 7 x 3 window
                double sum = 0;
                for (int y = cy - 1; y <= cy + 1; ++y)
                    for (int x = cx - 3; x <= cx + 3; ++x) {
                        const size_t k = (static_cast<size_t>(std::clamp(y, 0, 127)) * 128 + static_cast<size_t>(std::clamp(x, 0, 127))) * 4;
                        sum += background.pixels[k] + background.pixels[k + 1] + background.pixels[k + 2];
                    }
                return sum / 21;
            };
            const int y = box.y + box.height - 1, x = box.x + box.width / 2;
            const double beside = 0.5 * (lum(box.x - 20, y) + lum(box.x + box.width + 20, y));
            shadowed += lum(x, y) < 0.85 * beside ? 1 : 0;  // a vein or seam beside it may be darker still
            ++checked;
        }
    EXPECT_EQ(checked, summary_->records);
    EXPECT_GE(shadowed, checked * 9 / 10) << "too few ads show a contact shadow under the product";
}

TEST(Synth, ACutoutOfAnotherSizeHasTheSameRelativeBox) {
    auto options = smallWorld();
    options.shoppers = 4;
    options.productSize = 256;  // ads stay at 128
    options.valFraction = 0.25, options.testFraction = 0.25;
    const auto dir = scratch("sizes");
    adgen::writeSynthWorld(options, dir.string());
    for (const auto& r : adgen::loadPad1m((dir / "train.json").string())) {
        const auto big = adgen::decodeImageFile(r.productCutout).inspection;
        EXPECT_EQ(big.width, 256);
        const auto& adBox = r.productBoxes[0];
        EXPECT_NEAR(big.productBox.x / 2.0, adBox[0], 1.5) << r.productCutout;
        EXPECT_NEAR(big.productBox.y / 2.0, adBox[1], 1.5) << r.productCutout;
        EXPECT_NEAR((big.productBox.x + big.productBox.width) / 2.0, adBox[2], 1.5) << r.productCutout;
        EXPECT_NEAR((big.productBox.y + big.productBox.height) / 2.0, adBox[3], 1.5) << r.productCutout;
    }
}

TEST_F(SynthWorld, HistoriesHaveTenToTwentyClicksWithTheConfiguredNoiseShare) {
    int total = 0, noisy = 0;
    for (const auto& [id, s] : shopperById()) {
        const auto& clicks = s["clicks"];
        const int n = static_cast<int>(clicks.size());
        EXPECT_GE(n, 10) << id;
        EXPECT_LE(n, 20) << id;
        int mine = 0;
        for (const auto& c : clicks) {
            if (c["noisy"].get<bool>()) {
                ++mine;
                EXPECT_NE(c["scene"]["family"], s["scene"]["family"]) << id << ": a noisy click in the preferred family";
                EXPECT_NE(c["title_style"], s["title_style"]) << id << ": a noisy click in the preferred title style";
            } else {
                EXPECT_EQ(c["scene"], s["scene"]) << id;
                EXPECT_EQ(c["title_style"], s["title_style"]) << id;
            }
        }
        EXPECT_EQ(mine, static_cast<int>(std::floor(0.25 * n + 0.5))) << id;
        total += n, noisy += mine;
    }
    EXPECT_EQ(total, summary_->historyClicks);
    EXPECT_EQ(noisy, summary_->noisyClicks);
    // The PAd1M records carry the whole history, in click order.
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto& clicks = shopperById().at(ids(r).first)["clicks"];
            ASSERT_EQ(r.historyTitles.size(), clicks.size());
            for (size_t k = 0; k < clicks.size(); ++k) {
                EXPECT_EQ(r.historyTitles[k], clicks[k]["title"]);
                EXPECT_EQ(fs::path(r.historyImages[k]).filename(), fs::path(clicks[k]["image"].get<std::string>()).filename());
            }
        }
}

TEST(Synth, NoNoisyClicksWhenTheShareIsZero) {
    auto options = smallWorld();
    options.noisyClickShare = 0.0;
    options.shoppers = 4;
    const auto dir = scratch("no-noise");
    const auto summary = adgen::writeSynthWorld(options, dir.string());
    EXPECT_EQ(summary.noisyClicks, 0);
}

// The style rules of titles.h, checked on a title of a product whose brand is `brand`.
void expectStyle(const std::string& title, const json& style, const std::string& brand, const std::string& model,
                 const std::string& where) {
    std::string rest = title;
    const std::string brackets = style["brackets"];
    if (brackets == "square") {
        ASSERT_TRUE(startsWith(title, "[")) << where << ": " << title;
        rest = title.substr(title.find("] ") + 2);
    } else if (brackets == "lenticular") {
        ASSERT_TRUE(startsWith(title, "【")) << where << ": " << title;
        rest = title.substr(title.find("】 ") + std::string("】 ").size());
    } else {
        EXPECT_FALSE(startsWith(title, "[") || startsWith(title, "【")) << where << ": " << title;
    }
    const std::string position = style["brand"];
    if (position == "first") {
        EXPECT_TRUE(startsWith(rest, brand + " ")) << where << ": " << title;
    } else if (position == "last") {
        EXPECT_TRUE(endsWith(rest, " " + brand)) << where << ": " << title;
    } else {
        EXPECT_EQ(position, "omitted");
        EXPECT_EQ(title.find(brand), std::string::npos) << where << ": " << title;
    }
    const bool longTitle = style["length"] == "long";
    EXPECT_EQ(title.find(model) != std::string::npos, longTitle) << where << ": " << title;
}

TEST_F(SynthWorld, TitlesFollowTheShoppersStyle) {
    int checked = 0;
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto [shopperId, productId] = ids(r);
            const auto& shopper = shopperById().at(shopperId);
            const std::string lang = shopper["language"];
            const auto& product = products().at(productId);
            for (const auto& t : r.adTitleList()) {
                expectStyle(t, shopper["title_style"], product["brand"][lang], product["model"], r.adImage);
                ++checked;
            }
            const auto& clicks = shopper["clicks"];
            for (const auto& c : clicks) {
                if (c["noisy"].get<bool>()) continue;
                const auto& clicked = products().at(c["product"].get<std::string>());
                expectStyle(c["title"], shopper["title_style"], clicked["brand"][lang], clicked["model"], c["image"]);
            }
        }
    EXPECT_GE(checked, 2 * summary_->records);
}

TEST_F(SynthWorld, BothLanguagesArePresentAndEachRecordIsInItsShoppersLanguage) {
    std::set<std::string> languages;
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto& shopper = shopperById().at(ids(r).first);
            const std::string lang = shopper["language"];
            languages.insert(lang);
            const bool zh = lang == "zh";
            EXPECT_EQ(hasCjk(r.adTitles), zh) << r.adTitles;
            EXPECT_EQ(hasCjk(r.productTitle), zh) << r.productTitle;
            EXPECT_EQ(hasCjk(r.sellingPoints), zh) << r.sellingPoints;
            for (const auto& t : r.historyTitles) EXPECT_EQ(hasCjk(t), zh) << t;
        }
    EXPECT_EQ(languages, (std::set<std::string>{"en", "zh"}));
}

TEST_F(SynthWorld, TargetAdsUseTheShoppersSceneFamilyAndPalette) {
    // Declared: the caption names the preferred palette; the family's description is in it.
    const std::map<std::string, std::string> familyWords = {
        {"studio", "studio sweep"}, {"tabletop", "table top"}, {"kitchen", "kitchen"}, {"living-room", "living room"},
        {"bathroom", "bathroom"},   {"outdoor", "outdoor"},    {"beach", "beach"},     {"night", "night scene"}};
    // Seen: the top of a target ad (wall or sky, above any product) is closer in colour to the
    // shopper's own-taste clicks than to its noisy ones.
    auto topColour = [](const std::string& path) {
        const auto img = adgen::decodeImageFile(path).image;
        std::array<double, 3> sum{};
        for (int y = 0; y < img.height / 8; ++y)
            for (int x = 0; x < img.width; ++x)
                for (int c = 0; c < 3; ++c) sum[static_cast<size_t>(c)] += img.pixels[(static_cast<size_t>(y) * img.width + x) * 4 + c];
        for (auto& v : sum) v /= img.width * (img.height / 8);
        return sum;
    };
    auto distance = [](const std::array<double, 3>& a, const std::array<double, 3>& b) {
        return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    };
    double toOwn = 0, toNoisy = 0;
    int own = 0, noisy = 0;
    for (const auto& s : summary_->splits)
        for (const auto& r : split(s.name)) {
            const auto& shopper = shopperById().at(ids(r).first);
            const std::string family = shopper["scene"]["family"], palette = shopper["scene"]["palette"];
            EXPECT_NE(r.caption.find(familyWords.at(family)), std::string::npos) << r.caption;
            EXPECT_NE(r.caption.find(palette), std::string::npos) << r.caption;
            const auto target = topColour(r.adImage);
            for (const auto& c : shopper["clicks"]) {
                const double d = distance(target, topColour((*dir_ / c["image"].get<std::string>()).string()));
                if (c["noisy"].get<bool>()) toNoisy += d, ++noisy;
                else toOwn += d, ++own;
            }
        }
    ASSERT_GT(own, 0);
    ASSERT_GT(noisy, 0);
    EXPECT_LT(toOwn / own, 0.25 * (toNoisy / noisy)) << "targets do not look like the shopper's own-taste clicks";
}

TEST_F(SynthWorld, ShoppersCoverEverySceneFamily) {
    std::set<std::string> families;
    for (const auto& [id, s] : shopperById()) families.insert(s["scene"]["family"].get<std::string>());
    EXPECT_EQ(families.size(), 8u);  // 12 shoppers cycle through a shuffled block of all 32 styles
    EXPECT_EQ(adgen::synthSceneFamilies().size(), 8u);
    EXPECT_EQ(adgen::synthCategoryNames().size(), 8u);
}

void expectError(const adgen::SynthOptions& options, const std::string& dir, const std::string& mentions) {
    try {
        adgen::writeSynthWorld(options, dir);
        ADD_FAILURE() << "no error for " << mentions;
    } catch (const adgen::Error& e) {
        EXPECT_NE(std::string(e.problem()).find(mentions), std::string::npos) << e.what();
        EXPECT_FALSE(e.fix().empty()) << e.what();
    }
}

TEST(Synth, BadOptionsGiveClearErrorsWithAFix) {
    const auto dir = scratch("bad").string();
    auto o = smallWorld();
    o.productsPerCategory = 0;
    expectError(o, dir, "--products-per-category 0");
    o = smallWorld();
    o.noisyClickShare = 1.5;
    expectError(o, dir, "--noise 1.5");
    o = smallWorld();
    o.minClicks = 20, o.maxClicks = 10;
    expectError(o, dir, "--clicks 20-10");
    o = smallWorld();
    o.shoppers = 0;
    expectError(o, dir, "--shoppers 0");
    o = smallWorld();
    o.languages = {"fr"};
    expectError(o, dir, "\"fr\"");
    o = smallWorld();
    o.categories = {"bottle", "teapot"};
    expectError(o, dir, "\"teapot\"");
    o = smallWorld();
    o.trainFraction = 0.9;  // 0.9 + 0.25 + 0.25
    expectError(o, dir, "--split");
    o = smallWorld();
    o.productsPerCategory = 2;  // cannot fill train, val and test
    expectError(o, dir, "products per category");
    EXPECT_FALSE(fs::exists(dir)) << "a refused world must not create its folder";
}

TEST(Synth, AFolderThatCannotBeWrittenOrHoldsOtherFilesIsRefused) {
    const auto base = scratch("refused");
    fs::create_directories(base);
    std::ofstream(base / "a-file") << "not a folder";
    expectError(smallWorld(), (base / "a-file" / "world").string(), "Cannot create the output folder");
    expectError(smallWorld(), (base / "a-file").string(), "is a file");
    fs::create_directories(base / "mine");
    std::ofstream(base / "mine" / "thesis.txt") << "precious";
    expectError(smallWorld(), (base / "mine").string(), "not empty");
    EXPECT_TRUE(fs::exists(base / "mine" / "thesis.txt"));
}

TEST(Synth, TheCommandWritesAWorldAndRejectsBadOptions) {
    const auto dir = scratch("cli");
    const std::string exe = ADGEN_CLI_EXE;
    const std::string run = exe + " synth --out " + dir.string() +
                            " --products-per-category 3 --shoppers 3 --records-per-shopper 2 --clicks 10-12 --noise 0.1"
                            " --ad-size 64 --product-size 64 --categories bottle,mug --json > " +
                            (dir.parent_path() / "cli.json").string() + " 2>&1";
    fs::create_directories(dir.parent_path());
    ASSERT_EQ(std::system(run.c_str()), 0) << readBytes(dir.parent_path() / "cli.json");
    const auto report = readJson(dir.parent_path() / "cli.json");
    EXPECT_EQ(report["products"], 6);
    EXPECT_EQ(report["shoppers"], 3);
    EXPECT_EQ(report["records"], 6);
    EXPECT_NO_THROW(adgen::loadPad1m((dir / "test.json").string()));
    const std::string bad = exe + " synth --out " + (dir.parent_path() / "cli-bad").string() + " --noise 2 > " +
                            (dir.parent_path() / "cli-bad.txt").string() + " 2>&1";
    const int status = std::system(bad.c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2);
    const auto message = readBytes(dir.parent_path() / "cli-bad.txt");
    EXPECT_NE(message.find("--noise 2"), std::string::npos) << message;
    EXPECT_NE(message.find("e.g. 0.2"), std::string::npos) << message;
}

}  // namespace
