// From record pixels to training samples: sizes the model needs, PSS history as at inference
// (with the duplicate-of-target filter), the title drawn per epoch, and samples the trainer takes.

#include "io/safetensors.h"
#include "personalize/product_inputs.h"
#include "personalize/uniadgen_random_model.h"
#include "test_images.h"
#include "train/ad_samples.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>

#include <set>

namespace adgen {
namespace {

image::Image8 toImage8(const RgbaImage& img) { return {img.width, img.height, 4, img.pixels}; }
image::Image8 toImage8(const RgbImage& img) { return {img.width, img.height, 3, img.pixels}; }

class AdSamples : public ::testing::Test {
protected:
    AdSamples()
        : dir_("ad-samples"),
          config_(testing::tinyUniAdGenModelConfig(testing::tinyUniAdGenSectionForPixels())),
          uniadgen_(*personalize::readUniAdGenConfig(config_, "test")) {
        personalize::writeRandomUniAdGenModel(dir_.path(), config_, testing::tinyTokenizerJson(), 2);
        const auto file = io::SafetensorsFile::open(dir_.path() / "model.safetensors");
        for (const auto& e : file->entries()) weights_[e.name] = file->read(e, torch::kFloat32).clone();
        model::WeightStore store(weights_, {});
        vq_ = std::make_unique<nn::VqModel>(store, config_.vq);
    }

    train::AdRecordPixels record(std::vector<std::string> titles) const {
        train::AdRecordPixels r;
        r.product = toImage8(testing::squareProduct(32, {200, 20, 20}));
        const char* clicks[] = {"blue cup", "steel bottle", "green tent", "light steel bottle", "red mug"};
        for (int i = 0; i < 5; ++i) {
            r.historyImages.push_back(toImage8(testing::solidRgb(12, static_cast<uint8_t>(50 * i), 80, 160)));
            r.historyTitles.push_back(clicks[i]);
        }
        r.similarity = {0.1, 0.8, 0.2, 0.9, 0.3};
        r.brief = {"light, steel", "steel bottle"};
        r.titles = std::move(titles);
        r.adImage = toImage8(testing::solidRgb(16, 90, 140, 60));
        return r;
    }

    testing::TempDir dir_;
    model::ModelConfig config_;
    personalize::UniAdGenConfig uniadgen_;
    std::map<std::string, torch::Tensor> weights_;
    std::unique_ptr<nn::VqModel> vq_;
};

TEST_F(AdSamples, RecordsArePreparedAtTheModelsSizes) {
    const auto prepared = train::prepareAdRecord(record({"a", "b"}), config_, uniadgen_, *vq_);
    EXPECT_EQ(prepared.control.sizes(), (std::vector<int64_t>{3, 64, 64}));        // grid 4 x 16
    EXPECT_EQ(prepared.historyImages.sizes(), (std::vector<int64_t>{5, 3, 14, 14}));
    ASSERT_EQ(prepared.imageCodes.numel(), 16);                                     // 4 x 4 codes
    EXPECT_GE(prepared.imageCodes.min().item<int64_t>(), 0);
    EXPECT_LT(prepared.imageCodes.max().item<int64_t>(), 64);
    // The ground-truth codes are the VQ's codes of the ad at grid x downsampling pixels.
    const auto ad = train::adPicture(record({"a"}).adImage, 8);
    EXPECT_EQ(ad.sizes(), (std::vector<int64_t>{3, 8, 8}));
    // A solid (90, 140, 60) picture stays solid through the resize: 90 / 127.5 - 1.
    EXPECT_NEAR(ad[0][3][3].item<double>(), 90 / 127.5 - 1, 1e-6);
    EXPECT_TRUE(torch::equal(prepared.imageCodes, vq_->encode(ad.unsqueeze(0)).flatten()));
}

TEST_F(AdSamples, DrawsPssHistoryTheTitleAndCfgDropoutDeterministically) {
    const auto prepared = train::prepareAdRecord(record({"a", "b"}), config_, uniadgen_, *vq_);
    const auto sample = train::drawAdSample(prepared, {3, 7, false});
    ASSERT_EQ(sample.historyTitles.size(), 3u);
    EXPECT_EQ(std::set<std::string>(sample.historyTitles.begin(), sample.historyTitles.end()).size(), 3u);
    EXPECT_EQ(sample.title, "b");  // titles[7 % 2]
    for (size_t j = 0; j < 3; ++j) {
        const auto i = std::find(prepared.historyTitles.begin(), prepared.historyTitles.end(), sample.historyTitles[j]) -
                       prepared.historyTitles.begin();
        EXPECT_TRUE(torch::equal(sample.historyImages[static_cast<int64_t>(j)], prepared.historyImages[i]));
    }
    const auto again = train::drawAdSample(prepared, {3, 7, false});
    EXPECT_EQ(again.historyTitles, sample.historyTitles);
    const auto none = train::drawAdSample(prepared, {0, 7, false});
    EXPECT_EQ(none.historyImages.size(0), 0);
    const auto unconditional = train::drawAdSample(prepared, {3, 7, true});
    EXPECT_TRUE(unconditional.unconditional);
    EXPECT_TRUE(unconditional.historyTitles.empty());
}

TEST_F(AdSamples, AHistoryTitleEqualToTheGroundTruthIsNeverPicked) {
    const auto prepared = train::prepareAdRecord(record({"light steel bottle"}), config_, uniadgen_, *vq_);
    for (uint64_t seed = 0; seed < 20; ++seed) {
        const auto sample = train::drawAdSample(prepared, {4, seed, false});
        ASSERT_EQ(sample.historyTitles.size(), 4u);
        for (const auto& t : sample.historyTitles) EXPECT_NE(t, "light steel bottle") << "seed " << seed;
    }
}

TEST_F(AdSamples, DrawnSamplesTrain) {
    const auto prepared = train::prepareAdRecord(record({"a", "b"}), config_, uniadgen_, *vq_);
    train::UniAdGenTrainer trainer(config_, dir_.path(), weights_, {});
    const auto r = trainer.evaluate({train::drawAdSample(prepared, {3, 1, false}), train::drawAdSample(prepared, {0, 2, true})});
    EXPECT_GT(r.textLoss, 0);
    EXPECT_GT(r.imageLoss, 0);
}

}  // namespace
}  // namespace adgen
