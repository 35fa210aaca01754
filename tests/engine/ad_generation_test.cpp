// Personalized ads through the public engine API, on a tiny random Uni-AdGen model written by
// writeRandomUniAdGenModel: history selection, streamed titles, image tokens, fusion image,
// cancellation and every bad input the studio can send.

#include "adgen/engine.h"
#include "event_recorder.h"
#include "generate/factual_words.h"
#include "personalize/title_stream.h"
#include "personalize/uniadgen_random_model.h"
#include "test_images.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>

#include <future>
#include <set>

namespace adgen {
namespace {

using Type = GenerationEvent::Type;
using Recorder = testing::EventRecorder;

using testing::squareProduct;

class AdGeneration : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("ad-generation");
        personalize::writeRandomUniAdGenModel(dir_->path() / "uniadgen", testing::tinyUniAdGenModelConfig(testing::tinyUniAdGenSectionForPixels()),
                                              testing::tinyTokenizerJson(), 5);
        testing::writeTinyModel(dir_->path() / "plain");
    }
    static void TearDownTestSuite() { delete dir_; }

    static LoadEvent load(Engine& engine, const std::string& name) {
        std::promise<LoadEvent> done;
        engine.loadModel({(dir_->path() / name).string(), Device::Cpu, DType::Float32, 1}, [&](const LoadEvent& e) {
            if (e.type != LoadEvent::Type::Progress) done.set_value(e);
        });
        return done.get_future().get();
    }

    static AdRequest request(int variants) {
        AdRequest r;
        r.product = squareProduct(32, {255, 0, 0});
        r.sellingPoints = {"waterproof", "light weight"};
        r.originalTitle = "red hiking bottle 500 ml";
        const char* titles[] = {"blue bottle", "red hiking bottle", "green tent", "hiking boots", "red cup"};
        for (int i = 0; i < 5; ++i) r.history.push_back({testing::solidRgba(12, static_cast<uint8_t>(40 * i), 90, 200), titles[i], {}});
        r.variants = variants;
        for (int v = 0; v < variants; ++v) r.seeds.push_back(static_cast<uint64_t>(3 + v));
        r.previewEveryRows = 1;
        return r;
    }

    static std::vector<GenerationEvent> run(Engine& engine, const AdRequest& r, Recorder& rec) {
        engine.generateAd(r, std::ref(rec));
        engine.waitIdle();
        return rec.events;
    }

    static testing::TempDir* dir_;
};
testing::TempDir* AdGeneration::dir_ = nullptr;

TEST_F(AdGeneration, APersonalizedModelSaysSoWhenLoaded) {
    Engine engine;
    const auto e = load(engine, "uniadgen");
    ASSERT_EQ(e.type, LoadEvent::Type::Loaded) << e.error;
    EXPECT_TRUE(e.info->personalized);
    EXPECT_EQ(e.info->historyLength, 3);
    EXPECT_EQ(e.info->stage2Mode, "released");
    EXPECT_TRUE(e.info->missingKeys.empty());
    EXPECT_TRUE(e.info->unexpectedKeys.empty());
    const auto plain = load(engine, "plain");
    ASSERT_EQ(plain.type, LoadEvent::Type::Loaded);
    EXPECT_FALSE(plain.info->personalized);
    EXPECT_LT(plain.info->parameterCount, e.info->parameterCount);  // the preference and foreground modules
}

TEST_F(AdGeneration, StreamsTheTitleThenTheImageAndReturnsRawAndFusionImages) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    Recorder rec;
    run(engine, request(2), rec);
    ASSERT_EQ(rec.events.back().type, Type::Done) << (rec.of(Type::Error).empty() ? "" : rec.of(Type::Error)[0].error);

    // One history selection first: 3 of the 5 clicks (the model's history_length), all different.
    ASSERT_EQ(rec.events.front().type, Type::HistorySelected);
    const auto used = rec.events.front().historyUsed;
    ASSERT_EQ(used.size(), 3u);
    EXPECT_EQ(std::set<int>(used.begin(), used.end()).size(), 3u);
    for (int i : used) EXPECT_TRUE(i >= 0 && i < 5);
    ASSERT_FALSE(rec.events.front().warnings.empty());  // no similarities were given: computed ones
    EXPECT_NE(rec.events.front().warnings[0].find("computed"), std::string::npos) << rec.events.front().warnings[0];

    std::vector<Phase> phases;
    for (const auto& e : rec.of(Type::Phase)) phases.push_back(e.phase);
    EXPECT_EQ(phases, (std::vector<Phase>{Phase::Prefill, Phase::Text, Phase::Prefill, Phase::Image, Phase::Decoding,
                                          Phase::Finished}));
    // Every title delta comes before the first image token.
    size_t lastDelta = 0, firstToken = rec.events.size();
    for (size_t i = 0; i < rec.events.size(); ++i) {
        if (rec.events[i].type == Type::TextDelta) lastDelta = i;
        if (rec.events[i].type == Type::ImageToken) firstToken = std::min(firstToken, i);
    }
    EXPECT_LT(lastDelta, firstToken);

    for (int v = 0; v < 2; ++v) {
        const auto done = rec.of(Type::VariantDone, v);
        ASSERT_EQ(done.size(), 1u);
        const auto& d = done[0];
        EXPECT_EQ(d.seed, static_cast<uint64_t>(3 + v));
        EXPECT_EQ(d.historyUsed, used);
        ASSERT_EQ(d.tokens.size(), 16u);
        std::vector<int64_t> streamed;
        for (const auto& t : rec.of(Type::ImageToken, v)) streamed.push_back(t.code);
        EXPECT_EQ(d.tokens, streamed);
        EXPECT_EQ(rec.of(Type::Preview, v).size(), 3u);
        ASSERT_EQ(d.image.width, 8);
        ASSERT_EQ(d.fusionImage.width, 8);
        ASSERT_EQ(d.fusionImage.pixels.size(), 8u * 8u * 3u);
        // The product square covers pixels 2..5 of the 8 px image; its inner pixels are fully opaque
        // after resampling, so the fusion image shows the product's red there, and the raw image
        // elsewhere.
        for (int y = 3; y <= 4; ++y)
            for (int x = 3; x <= 4; ++x) {
                const auto* p = &d.fusionImage.pixels[(static_cast<size_t>(y) * 8 + x) * 3];
                EXPECT_GE(p[0], 254);
                EXPECT_LE(p[1], 1);
                EXPECT_LE(p[2], 1);
            }
        for (size_t i = 0; i < 3; ++i) EXPECT_EQ(d.fusionImage.pixels[i], d.image.pixels[i]);  // corner: no product
        // The stream is the title's preview: when the model closed its title, they agree.
        std::string streamedTitle;
        for (const auto& t : rec.of(Type::TextDelta, v)) streamedTitle += t.text;
        if (!d.text.empty()) {
            EXPECT_EQ(streamedTitle.substr(0, d.text.size()), d.text);
        }
    }
    EXPECT_FALSE(rec.of(Type::TextDelta).empty());
    EXPECT_NE(rec.of(Type::VariantDone, 0)[0].tokens, rec.of(Type::VariantDone, 1)[0].tokens);  // seeds differ
}

TEST_F(AdGeneration, TheSameRequestGivesTheSameAdAndFixedTitlesSkipStageOne) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    auto r = request(2);
    r.fixedTitles = {std::nullopt, std::string("Light and waterproof")};
    Recorder first, second;
    run(engine, r, first);
    run(engine, r, second);
    ASSERT_EQ(first.events.back().type, Type::Done);
    ASSERT_EQ(second.events.back().type, Type::Done);
    for (int v = 0; v < 2; ++v) {
        EXPECT_EQ(first.of(Type::VariantDone, v)[0].tokens, second.of(Type::VariantDone, v)[0].tokens);
        EXPECT_EQ(first.of(Type::VariantDone, v)[0].text, second.of(Type::VariantDone, v)[0].text);
        EXPECT_EQ(first.of(Type::VariantDone, v)[0].image.pixels, second.of(Type::VariantDone, v)[0].image.pixels);
    }
    EXPECT_EQ(first.of(Type::VariantDone, 1)[0].text, "Light and waterproof");
    EXPECT_TRUE(first.of(Type::TextDelta, 1).empty());
    EXPECT_FALSE(first.of(Type::TextDelta, 0).empty());
}

TEST_F(AdGeneration, HistoryLengthStrategyAndGivenSimilaritiesDecideTheClicks) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    auto r = request(1);
    r.historyLength = 2;
    r.sampling = HistorySampling::MostSimilar;
    const double similarity[] = {0.1, 0.9, 0.2, 0.8, 0.3};
    for (size_t i = 0; i < 5; ++i) r.history[i].similarity = similarity[i];
    Recorder rec;
    run(engine, r, rec);
    ASSERT_EQ(rec.events.back().type, Type::Done);
    EXPECT_EQ(rec.events.front().historyUsed, (std::vector<int>{1, 3}));
    EXPECT_TRUE(rec.events.front().warnings.empty());

    r.historyLength = 0;  // no personalization: still an ad
    Recorder none;
    run(engine, r, none);
    ASSERT_EQ(none.events.back().type, Type::Done);
    EXPECT_TRUE(none.events.front().historyUsed.empty());
    ASSERT_EQ(none.of(Type::VariantDone).size(), 1u);
    EXPECT_NE(none.of(Type::VariantDone)[0].tokens, rec.of(Type::VariantDone)[0].tokens);
}

TEST_F(AdGeneration, CancellingOneVariantDuringTheTitleKeepsTheOther) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    Recorder rec;
    std::promise<uint64_t> id;
    auto known = id.get_future().share();
    bool cancelled = false;
    id.set_value(engine.generateAd(request(2), [&](const GenerationEvent& e) {
        rec(e);
        if (e.type == Type::TextDelta && !cancelled) {
            cancelled = true;
            engine.cancelVariant(known.get(), 1);
        }
    }));
    engine.waitIdle();
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(rec.of(Type::Cancelled, 1).size(), 1u);
    EXPECT_TRUE(rec.of(Type::VariantDone, 1).empty());
    EXPECT_TRUE(rec.of(Type::ImageToken, 1).empty());
    EXPECT_EQ(rec.of(Type::VariantDone, 0).size(), 1u);
    EXPECT_EQ(rec.events.back().type, Type::Done);
}

// The words of `title` (factual copy mode's split) that are not selling-point words.
std::vector<std::string> strayWords(const std::string& title, const std::vector<std::string>& sellingPoints, int* words = nullptr) {
    std::vector<std::string> out;
    for (const auto& word : generate::splitFactualWords(title)) {
        if (words) ++*words;
        if (!generate::usesOnlySellingPointWords(word.text, sellingPoints)) out.push_back(word.text);
    }
    return out;
}

TEST_F(AdGeneration, FactualCopyWritesTitlesOnlyFromTheSellingPointsWords) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    int factualWords = 0;
    bool freeCopyStrays = false;
    for (uint64_t seed : {3, 11, 29}) {
        auto r = request(3);
        r.seeds = {seed, seed + 1, seed + 2};
        r.previewEveryRows = 0;
        r.factualCopy = true;
        Recorder factual;
        run(engine, r, factual);
        ASSERT_EQ(factual.events.back().type, Type::Done) << (factual.of(Type::Error).empty() ? "" : factual.of(Type::Error)[0].error);
        for (int v = 0; v < 3; ++v) {
            const auto title = factual.of(Type::VariantDone, v)[0].text;
            EXPECT_TRUE(strayWords(title, r.sellingPoints, &factualWords).empty()) << "seed " << seed + v << ": '" << title << "'";
            std::string streamed;
            for (const auto& t : factual.of(Type::TextDelta, v)) streamed += t.text;
            EXPECT_EQ(streamed.substr(0, title.size()), title);
            // Every token drawn kept to the words, not just the trimmed title: the stream may only
            // end in a word cut off by the token limit.
            auto words = generate::splitFactualWords(streamed);
            if (!words.empty()) words.pop_back();
            for (const auto& word : words)
                EXPECT_TRUE(generate::usesOnlySellingPointWords(word.text, r.sellingPoints)) << "seed " << seed + v << ": '" << streamed << "'";
        }

        // The same seeds without factual copy: the random model writes other words. Its titles
        // are never closed (so the final ones are empty); the streamed text shows what it wrote.
        r.factualCopy = false;
        Recorder free;
        run(engine, r, free);
        ASSERT_EQ(free.events.back().type, Type::Done);
        for (int v = 0; v < 3; ++v) {
            std::string streamed;
            for (const auto& t : free.of(Type::TextDelta, v)) streamed += t.text;
            freeCopyStrays = freeCopyStrays || !strayWords(streamed, r.sellingPoints).empty();
        }
    }
    EXPECT_GT(factualWords, 0);  // the titles are not all empty
    EXPECT_TRUE(freeCopyStrays);
}

// The Error event's message for a request changed by `spoil`.
std::string errorFor(Engine& engine, AdRequest r) {
    Recorder rec;
    engine.generateAd(r, std::ref(rec));
    engine.waitIdle();
    const auto errors = rec.of(Type::Error);
    if (errors.size() != 1 || rec.events.back().type != Type::Error) return "(no error)";
    EXPECT_FALSE(errors[0].errorFix.empty());
    return errors[0].error;
}

TEST_F(AdGeneration, BadRequestsEndInAnErrorThatNamesTheProblem) {
    Engine engine;
    ASSERT_EQ(load(engine, "uniadgen").type, LoadEvent::Type::Loaded);
    auto r = request(1);
    r.sellingPoints = {" ", ""};
    EXPECT_NE(errorFor(engine, r).find("no selling points"), std::string::npos);
    r = request(1);
    r.product = {};
    EXPECT_NE(errorFor(engine, r).find("no product image"), std::string::npos);
    r = request(1);
    for (size_t i = 3; i < r.product.pixels.size(); i += 4) r.product.pixels[i] = 0;
    EXPECT_NE(errorFor(engine, r).find("transparent"), std::string::npos);
    r = request(1);
    r.history[1].image = {};
    EXPECT_NE(errorFor(engine, r).find("Shopper click 2"), std::string::npos);
    r = request(1);
    r.maxRatio = 0;
    EXPECT_NE(errorFor(engine, r).find("max ratio"), std::string::npos);
    r = request(1);
    r.variants = 9;
    EXPECT_NE(errorFor(engine, r).find("9 variants"), std::string::npos);
    r = request(1);
    r.titleTemperature = -1;
    EXPECT_NE(errorFor(engine, r).find("title temperature"), std::string::npos);
    r = request(1);
    r.factualCopy = true;
    r.sellingPoints = {"!!", "--"};
    EXPECT_NE(errorFor(engine, r).find("no words"), std::string::npos);

    ASSERT_EQ(load(engine, "plain").type, LoadEvent::Type::Loaded);
    EXPECT_NE(errorFor(engine, request(1)).find("not a personalized"), std::string::npos);
}

TEST(TitleStream, ShowsTheTitleBeforeItsClosingMarkerWithoutTakingAnythingBack) {
    personalize::UniAdGenConfig config;  // </prompt>
    personalize::TitleStream stream(config);
    std::string shown;
    for (const char* piece : {" ", "Red", " bottle", " <", "/pro", "mpt>", " trailing"}) shown += stream.push(piece);
    EXPECT_EQ(shown, "Red bottle ");
    personalize::TitleStream held(config);
    EXPECT_EQ(held.push("a </pr"), "a ");  // "</pr" may become the marker: held back
    EXPECT_EQ(held.push("ice"), "</price");  // it did not
    EXPECT_EQ(held.push("</prompt>more"), "");
}

}  // namespace
}  // namespace adgen
