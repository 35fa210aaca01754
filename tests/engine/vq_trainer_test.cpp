// Training the VQ image tokenizer from scratch on a tiny set of synthetic pictures: the
// reconstruction must get much better, codes must stay in use, and a resumed run must continue
// exactly where the checkpoint left off.

#include "adgen/error.h"
#include "generate/sampler.h"
#include "tiny_model.h"
#include "train/vq_trainer.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

nn::VqConfig tinyVq() {
    nn::VqConfig c;
    c.codebookSize = 32;
    c.codeDim = 4;
    c.zChannels = 32;
    c.baseChannels = 32;
    c.channelMultipliers = {1, 2};
    c.numResBlocks = 1;
    return c;
}

// N pictures 16 x 16: a background colour and a rectangle of another colour, in [-1, 1].
torch::Tensor pictures(int64_t n) {
    auto gen = generate::makeGenerator(5);
    auto images = torch::empty({n, 3, 16, 16});
    for (int64_t i = 0; i < n; ++i) {
        const auto background = torch::rand({3, 1, 1}, gen) * 2 - 1;
        const auto colour = torch::rand({3, 1, 1}, gen) * 2 - 1;
        images[i] = background.expand({3, 16, 16});
        const auto box = torch::randint(0, 8, {2}, gen);
        const auto x = box[0].item<int64_t>(), y = box[1].item<int64_t>();
        images[i].narrow(1, y, 8).narrow(2, x, 8).copy_(colour.expand({3, 8, 8}));
    }
    return images;
}

double reconstructionError(const nn::VqModel& vq, const torch::Tensor& images) {
    torch::NoGradGuard noGrad;
    return torch::mse_loss(vq.decode(vq.encode(images)), images).item<double>();
}

TEST(VqTrainer, ReconstructionImprovesAndCodesStayInUse) {
    at::set_num_threads(1);
    const auto data = pictures(64);
    train::VqTrainingOptions options;
    options.steps = 150;
    options.batchSize = 8;
    options.learningRate = 2e-3;
    options.deadCodeInterval = 25;
    train::VqTrainer trainer(tinyVq(), options);
    const double before = reconstructionError(*trainer.model(), data);
    std::vector<train::VqTrainingProgress> seen;
    trainer.run(data, [&](const train::VqTrainingProgress& p) { seen.push_back(p); });
    const double after = reconstructionError(*trainer.model(), data);
    ASSERT_EQ(seen.size(), 150u);
    EXPECT_EQ(seen.back().step, 150);
    EXPECT_LT(after, 0.3 * before) << "before " << before << ", after " << after;
    // Better than the best constant picture (the data set's mean) by a wide margin: the codes carry
    // the colours and the rectangle's place.
    const double variance = (data - data.mean(0, /*keepdim=*/true)).pow(2).mean().item<double>();
    EXPECT_LT(after, 0.4 * variance) << "variance " << variance;
    // Restarting dead codes keeps a good share of the small codebook in use.
    torch::NoGradGuard noGrad;
    const auto codes = trainer.model()->encode(data);
    EXPECT_GE(std::get<0>(at::_unique(codes.flatten())).numel(), 8);
}

TEST(VqTrainer, AResumedRunContinuesExactly) {
    at::set_num_threads(1);
    const auto data = pictures(24);
    testing::TempDir dir("vq-trainer");
    train::VqTrainingOptions options;
    options.steps = 6;
    options.batchSize = 4;
    options.deadCodeInterval = 2;
    options.seed = 9;

    train::VqTrainer straight(tinyVq(), options);
    straight.run(data, {}, 3, [&] {
        if (straight.stepsDone() == 3) straight.saveCheckpoint(dir.path() / "at3");
    });
    const auto resumed = train::VqTrainer::resume(dir.path() / "at3", tinyVq(), options);
    ASSERT_EQ(resumed->stepsDone(), 3);
    resumed->run(data, {});
    const auto a = straight.weights();
    const auto b = resumed->weights();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].first, b[i].first);
        EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
    }
}

TEST(VqTrainer, BadSettingsAndMissingCheckpointsAreClearErrors) {
    train::VqTrainingOptions options;
    options.steps = 0;
    EXPECT_THROW(train::VqTrainer(tinyVq(), options), Error);
    options.steps = 1;
    testing::TempDir dir("vq-trainer-missing");
    try {
        train::VqTrainer::resume(dir.path(), tinyVq(), options);
        FAIL() << "resumed from an empty directory";
    } catch (const Error& e) {
        EXPECT_NE(e.problem().find("has no weights.safetensors"), std::string::npos) << e.problem();
    }
}

}  // namespace
}  // namespace adgen
