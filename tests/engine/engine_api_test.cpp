// The public engine API as the studio and the CLI use it: one engine thread, requests in,
// events out, cancellation within one token, failed loads that keep the working model.

#include "adgen/engine.h"
#include "event_recorder.h"
#include "generate/factual_constraint.h"
#include "text/tokenizer.h"
#include "tiny_model.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>

namespace adgen {
namespace {

using Type = GenerationEvent::Type;

using Recorder = testing::EventRecorder;

class EngineApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("engine-api");
        testing::writeTinyModel(dir_->path());
    }
    static void TearDownTestSuite() { delete dir_; }

    LoadEvent load(Engine& engine, const std::string& dir, const std::function<void(Engine&, uint64_t)>& onProgress = {}) {
        std::promise<LoadEvent> done;
        std::vector<double> progress;
        std::promise<uint64_t> jobKnown;  // progress may arrive before loadModel returns the id
        auto job = jobKnown.get_future().share();
        jobKnown.set_value(engine.loadModel({dir, Device::Cpu, DType::Float32, 1}, [&](const LoadEvent& e) {
            if (e.type == LoadEvent::Type::Progress) {
                progress.push_back(e.fraction);
                if (onProgress) onProgress(engine, job.get());
                return;
            }
            done.set_value(e);
        }));
        auto result = done.get_future().get();
        lastProgress_ = progress;
        return result;
    }
    GenerationRequest imageRequest(int variants) const {
        GenerationRequest r;
        r.prompt = "a red bottle on a beach";
        r.variants = variants;
        r.previewEveryRows = 1;
        for (int v = 0; v < variants; ++v) r.seeds.push_back(static_cast<uint64_t>(10 + v));
        return r;
    }

    static testing::TempDir* dir_;
    std::vector<double> lastProgress_;
};
testing::TempDir* EngineApi::dir_ = nullptr;

TEST_F(EngineApi, LoadingReportsRisingProgressAndDescribesTheModel) {
    Engine engine;
    const auto e = load(engine, dir_->path().string());
    ASSERT_EQ(e.type, LoadEvent::Type::Loaded) << e.error;
    ASSERT_FALSE(lastProgress_.empty());
    EXPECT_TRUE(std::is_sorted(lastProgress_.begin(), lastProgress_.end()));
    EXPECT_DOUBLE_EQ(lastProgress_.back(), 1.0);
    EXPECT_EQ(e.info->layers, 2);
    EXPECT_EQ(e.info->vocabSize, 768);
    EXPECT_EQ(e.info->gridSize, 4);
    EXPECT_EQ(e.info->imageSize, 8);
    EXPECT_TRUE(e.info->hasTokenizer);
    EXPECT_TRUE(e.info->missingKeys.empty());
    EXPECT_EQ(engine.modelInfo()->name, "tiny-random");
}

TEST_F(EngineApi, ImageGenerationStreamsEveryTokenPreviewsAndFinalImages) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    Recorder rec;
    engine.generate(imageRequest(2), std::ref(rec));
    engine.waitIdle();

    std::vector<Phase> phases;
    for (const auto& e : rec.of(Type::Phase)) phases.push_back(e.phase);
    EXPECT_EQ(phases, (std::vector<Phase>{Phase::Prefill, Phase::Image, Phase::Decoding, Phase::Finished}));
    for (int v = 0; v < 2; ++v) {
        const auto tokens = rec.of(Type::ImageToken, v);
        ASSERT_EQ(tokens.size(), 16u);
        for (int i = 0; i < 16; ++i) {
            EXPECT_EQ(tokens[static_cast<size_t>(i)].row, i / 4);
            EXPECT_EQ(tokens[static_cast<size_t>(i)].col, i % 4);
        }
        EXPECT_EQ(rec.of(Type::Preview, v).size(), 3u);  // after rows 1, 2 and 3; the 4th is the final image
        const auto done = rec.of(Type::VariantDone, v);
        ASSERT_EQ(done.size(), 1u);
        EXPECT_EQ(done[0].image.width, 8);
        EXPECT_EQ(done[0].image.pixels.size(), 8u * 8u * 3u);
        EXPECT_EQ(done[0].seed, static_cast<uint64_t>(10 + v));
        std::vector<int64_t> streamed;
        for (const auto& t : tokens) streamed.push_back(t.code);
        EXPECT_EQ(done[0].tokens, streamed);
    }
    EXPECT_EQ(rec.events.back().type, Type::Done);
    const auto stats = rec.of(Type::Stats);
    ASSERT_FALSE(stats.empty());
    EXPECT_EQ(stats.back().stepsDone, 16);
    EXPECT_GT(stats.back().tokensPerSecond, 0.0);
}

TEST_F(EngineApi, PreviewCadenceFollowsTheRequest) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    const auto previews = [&](int everyRows) {
        auto r = imageRequest(1);
        r.previewEveryRows = everyRows;
        Recorder rec;
        engine.generate(r, std::ref(rec));
        engine.waitIdle();
        return rec.of(Type::Preview).size();
    };
    EXPECT_EQ(previews(-1), 0u);
    EXPECT_EQ(previews(2), 1u);  // after row 2 of 4; the last row gives the final image instead
    EXPECT_GE(previews(0), 1u);  // automatic: at least the first row, to measure the cost
}

TEST_F(EngineApi, CancellingAVariantStopsItWithinOneToken) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    Recorder rec;
    uint64_t id = 0;
    std::promise<uint64_t> idKnown;
    auto idFuture = idKnown.get_future().share();
    id = engine.generate(imageRequest(3), [&](const GenerationEvent& e) {
        rec(e);
        if (e.type == Type::ImageToken && e.variant == 1 && e.row == 0 && e.col == 3) engine.cancelVariant(idFuture.get(), 1);
    });
    idKnown.set_value(id);
    engine.waitIdle();
    EXPECT_EQ(rec.of(Type::ImageToken, 1).size(), 4u);
    EXPECT_EQ(rec.of(Type::Cancelled, 1).size(), 1u);
    EXPECT_TRUE(rec.of(Type::VariantDone, 1).empty());
    EXPECT_EQ(rec.of(Type::VariantDone, 0).size(), 1u);
    EXPECT_EQ(rec.of(Type::VariantDone, 2).size(), 1u);
    EXPECT_EQ(rec.events.back().type, Type::Done);
}

TEST_F(EngineApi, CancellingTheGenerationStopsEveryVariantWithinOneToken) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    Recorder rec;
    std::promise<uint64_t> idKnown;
    auto idFuture = idKnown.get_future().share();
    idKnown.set_value(engine.generate(imageRequest(2), [&](const GenerationEvent& e) {
        rec(e);
        if (e.type == Type::ImageToken && e.variant == 1 && e.row == 0 && e.col == 1) engine.cancel(idFuture.get());
    }));
    engine.waitIdle();
    EXPECT_EQ(rec.of(Type::ImageToken, 0).size(), 2u);
    EXPECT_EQ(rec.of(Type::ImageToken, 1).size(), 2u);
    EXPECT_TRUE(rec.of(Type::Done).empty());
    EXPECT_TRUE(rec.of(Type::VariantDone).empty());
    EXPECT_EQ(rec.events.back().type, Type::Cancelled);
    EXPECT_EQ(rec.events.back().variant, -1);
}

TEST_F(EngineApi, AFailedLoadKeepsTheWorkingModel) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    const auto failed = load(engine, (dir_->path() / "no-such-model").string());
    EXPECT_EQ(failed.type, LoadEvent::Type::Failed);
    EXPECT_NE(failed.error.find("config.json"), std::string::npos) << failed.error;
    EXPECT_FALSE(failed.errorFix.empty());
    EXPECT_EQ(engine.modelInfo()->directory, dir_->path().string());
    Recorder rec;
    engine.generate(imageRequest(1), std::ref(rec));
    engine.waitIdle();
    EXPECT_EQ(rec.of(Type::VariantDone).size(), 1u);
}

TEST_F(EngineApi, ALoadCancelledMidwayKeepsTheWorkingModel) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    testing::TempDir other("engine-api-other");
    testing::writeTinyModel(other.path(), 99);
    const auto e = load(engine, other.path().string(), [](Engine& eng, uint64_t job) { eng.cancel(job); });
    EXPECT_EQ(e.type, LoadEvent::Type::Cancelled);
    EXPECT_LT(lastProgress_.back(), 1.0);
    EXPECT_EQ(engine.modelInfo()->directory, dir_->path().string());
}

TEST_F(EngineApi, TextStreamsWholeCharactersThatAddUpToTheCopy) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    GenerationRequest r;
    r.mode = GenerationMode::Text;
    r.prompt = "Write an ad title";
    r.maxNewTokens = 24;
    r.factualCopy = true;
    r.sellingPoints = {"超长续航", "5000mAh battery", "waterproof"};
    r.seeds = {4};
    Recorder rec;
    engine.generate(r, std::ref(rec));
    engine.waitIdle();
    std::string streamed;
    for (const auto& d : rec.of(Type::TextDelta, 0)) streamed += d.text;
    const auto done = rec.of(Type::VariantDone, 0);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_FALSE(done[0].text.empty());
    EXPECT_EQ(streamed.rfind(done[0].text, 0), 0u) << streamed << " vs " << done[0].text;
}

TEST_F(EngineApi, FactualCopyOnlyUsesSellingPointWords) {
    Engine engine;
    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    const std::vector<std::string> points = {"超长续航", "5000mAh battery", "waterproof design", "new model"};
    auto tokenizer = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    const generate::FactualConstraint judge(tokenizer, points, {}, 1, 768);
    GenerationRequest r;
    r.mode = GenerationMode::Text;
    r.prompt = "Write an ad title";
    r.maxNewTokens = 20;
    r.variants = 4;
    r.factualCopy = true;
    r.sellingPoints = points;
    r.seeds = {1, 2, 3, 4};
    Recorder rec;
    engine.generate(r, std::ref(rec));
    engine.waitIdle();
    const auto done = rec.of(Type::VariantDone);
    ASSERT_EQ(done.size(), 4u);
    for (const auto& d : done) EXPECT_TRUE(judge.permits(d.text)) << "'" << d.text << "'";

    // The same seeds without the constraint write words the selling points do not have.
    r.factualCopy = false;
    Recorder free;
    engine.generate(r, std::ref(free));
    engine.waitIdle();
    int violations = 0;
    for (const auto& d : free.of(Type::VariantDone)) violations += judge.permits(d.text) ? 0 : 1;
    EXPECT_GT(violations, 0);
}

TEST_F(EngineApi, BadRequestsEndInAnErrorEventThatSaysWhatToDo) {
    Engine engine;
    Recorder noModel;
    engine.generate(imageRequest(1), std::ref(noModel));
    engine.waitIdle();
    ASSERT_EQ(noModel.events.size(), 1u);
    EXPECT_EQ(noModel.events[0].type, Type::Error);
    EXPECT_NE(noModel.events[0].error.find("No model"), std::string::npos);

    ASSERT_EQ(load(engine, dir_->path().string()).type, LoadEvent::Type::Loaded);
    GenerationRequest tooMany = imageRequest(1);
    tooMany.variants = 9;
    GenerationRequest noPoints;
    noPoints.mode = GenerationMode::Text;
    noPoints.prompt = "title";
    noPoints.factualCopy = true;
    GenerationRequest empty = imageRequest(1);
    empty.prompt = "   ";
    GenerationRequest tooLong;  // the tiny model has 512 positions
    tooLong.mode = GenerationMode::Text;
    tooLong.prompt = "title";
    tooLong.maxNewTokens = 600;
    for (const auto& [request, words] : std::vector<std::pair<GenerationRequest, std::string>>{
             {tooMany, "9 variants"}, {noPoints, "no selling points"}, {empty, "prompt is empty"},
             {tooLong, "positions, more than the model's 512"}}) {
        Recorder rec;
        engine.generate(request, std::ref(rec));
        engine.waitIdle();
        ASSERT_EQ(rec.of(Type::Error).size(), 1u) << words;
        EXPECT_NE(rec.of(Type::Error)[0].error.find(words), std::string::npos) << rec.of(Type::Error)[0].error;
        EXPECT_FALSE(rec.of(Type::Error)[0].errorFix.empty());
    }
}

}  // namespace
}  // namespace adgen
