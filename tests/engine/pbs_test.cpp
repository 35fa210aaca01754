// The PBS metric against Uni-AdGen's PBS_metrics code: a tiny VisionTransformerWithCompress saved
// in the MoCo checkpoint layout, converted by tools/convert_pbs_checkpoint.py, and its features for
// two images preprocessed as main_inference.py does (fixture written by tools/make_pbs_fixtures.py).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "adgen/pbs.h"
#include "error_message.h"
#include "image/image8.h"
#include "io/safetensors.h"
#include "metrics/pbs.h"
#include "parity_fixture.h"

namespace {

namespace fs = std::filesystem;
using adgen::PbsModel;
using adgen::metrics::PbsEncoder;
using adgen::testing::parityDir;
using adgen::testing::relativeError;

const std::string kFixture = "pbs-tiny";

fs::path modelDir() { return parityDir(kFixture) / "model"; }
torch::Tensor fixtureTensor(const std::string& key) { return adgen::testing::expected(kFixture, key); }

// The fixture's source images, computed as tools/make_pbs_fixtures.py computes them.
adgen::image::Image8 sourceImage(int width, int height) {
    adgen::image::Image8 img{width, height, 3, std::vector<uint8_t>(static_cast<size_t>(width) * height * 3)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            img.at(x, y, 0) = static_cast<uint8_t>(x * 255 / (width - 1));
            img.at(x, y, 1) = static_cast<uint8_t>(y * 255 / (height - 1));
            img.at(x, y, 2) = static_cast<uint8_t>(((x ^ y) * 37 + 11) & 255);
        }
    return img;
}
adgen::image::Image8 imageA() { return sourceImage(149, 97); }
adgen::image::Image8 imageB() { return sourceImage(263, 400); }

adgen::image::Image8 crop(const std::string& name) {
    const auto bytes = fixtureTensor("crop." + name).contiguous();
    EXPECT_EQ(bytes.scalar_type(), torch::kUInt8);
    const auto* p = bytes.data_ptr<uint8_t>();
    return {static_cast<int>(bytes.size(1)), static_cast<int>(bytes.size(0)), 3,
            std::vector<uint8_t>(p, p + bytes.numel())};
}

adgen::RgbImage toRgb(const adgen::image::Image8& img) { return {img.width, img.height, img.data}; }

// A scratch copy of the converted model directory that a test may break.
class ScratchModel {
public:
    explicit ScratchModel(const std::string& name)
        : dir_(fs::temp_directory_path() / ("adgen_pbs_test_" + name + "_" + std::to_string(::getpid()))) {
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        fs::copy(modelDir(), dir_, fs::copy_options::recursive);
    }
    ~ScratchModel() { fs::remove_all(dir_); }
    const fs::path& dir() const { return dir_; }

    void editConfig(const std::function<void(nlohmann::json&)>& edit) const {
        std::ifstream in(dir_ / "config.json");
        auto j = nlohmann::json::parse(in);
        edit(j);
        std::ofstream(dir_ / "config.json") << j.dump(2);
    }
    // Rewrites model.safetensors after `edit` changed the list of tensors.
    void editTensors(const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&)>& edit) const {
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        {
            const auto file = adgen::io::SafetensorsFile::open(dir_ / "model.safetensors");
            for (const auto& e : file->entries()) tensors.emplace_back(e.name, file->read(e, torch::kFloat32).clone());
        }
        edit(tensors);
        adgen::io::saveSafetensors(dir_ / "model.safetensors", tensors);
    }

private:
    fs::path dir_;
};

TEST(PbsPreprocess, ResizeSizesFollowTorchvisionShorterSideRule) {
    using adgen::metrics::shorterSideResize;
    EXPECT_EQ(shorterSideResize(149, 97, 256), std::make_pair(393, 256));   // int(393.24)
    EXPECT_EQ(shorterSideResize(263, 400, 256), std::make_pair(256, 389));  // int(389.35)
    EXPECT_EQ(shorterSideResize(256, 256, 256), std::make_pair(256, 256));
    EXPECT_EQ(shorterSideResize(300, 299, 256), std::make_pair(256, 256));  // int(256.856...)
}

TEST(PbsPreprocess, CentreCropOffsetsRoundHalfToEvenLikePython) {
    using adgen::metrics::centerCropOffset;
    EXPECT_EQ(centerCropOffset(393, 224), 84);  // 84.5
    EXPECT_EQ(centerCropOffset(387, 224), 82);  // 81.5
    EXPECT_EQ(centerCropOffset(389, 224), 82);  // 82.5
    EXPECT_EQ(centerCropOffset(256, 224), 16);
    EXPECT_EQ(centerCropOffset(224, 224), 0);
}

TEST(PbsPreprocess, CropsAreByteIdenticalToPillowResizeAndTorchvisionCrop) {
    const auto a = adgen::metrics::pbsCrop(imageA());
    const auto b = adgen::metrics::pbsCrop(imageB());
    EXPECT_TRUE(a == crop("a"));
    EXPECT_TRUE(b == crop("b"));
}

TEST(PbsPreprocess, PixelsAreToTensorThenImageNetNormalize) {
    adgen::image::Image8 img{1, 1, 3, {0, 128, 255}};
    const auto pixels = adgen::metrics::pbsPixels(img);
    ASSERT_EQ(pixels.sizes(), (std::vector<int64_t>{3, 1, 1}));
    EXPECT_FLOAT_EQ(pixels[0][0][0].item<float>(), (0.0f - 0.485f) / 0.229f);
    EXPECT_FLOAT_EQ(pixels[1][0][0].item<float>(), (128.0f / 255.0f - 0.456f) / 0.224f);
    EXPECT_FLOAT_EQ(pixels[2][0][0].item<float>(), (1.0f - 0.406f) / 0.225f);
}

TEST(PbsEncoderParity, TheConvertedCheckpointGivesTheReferenceFeatures) {
    torch::NoGradGuard noGrad;
    const auto encoder = PbsEncoder::load(modelDir());
    EXPECT_EQ(encoder->config().embed, 32);
    EXPECT_EQ(encoder->config().heads, 4);
    EXPECT_EQ(encoder->config().compressDim, 64);
    const auto pixels = torch::stack({adgen::metrics::pbsPixels(crop("a")), adgen::metrics::pbsPixels(crop("b"))});
    const auto features = encoder->embed(pixels);
    ASSERT_EQ(features.sizes(), fixtureTensor("features").sizes());
    const double err = relativeError(features, fixtureTensor("features"));
    std::printf("[ pbs-tiny ] features: max abs error %.3g, relative to the output scale %.3g\n",
                (features - fixtureTensor("features")).abs().max().item<double>(), err);
    EXPECT_LE(err, 1e-5);
}

TEST(PbsModelApi, EmbedPreprocessesAndMatchesTheReferenceEndToEnd) {
    const auto model = PbsModel::load(modelDir(), 1);
    const auto features = model->embed({toRgb(imageA()), toRgb(imageB())});
    ASSERT_EQ(features.size(), 2u);
    const auto expected = fixtureTensor("features");
    const double scale = expected.abs().max().item<double>();
    for (int n = 0; n < 2; ++n)
        for (int i = 0; i < PbsModel::kFeatureSize; ++i)
            EXPECT_NEAR(features[n][i], expected[n][i].item<float>(), 1e-5 * scale) << n << "," << i;
    EXPECT_NEAR(PbsModel::similarity(features[0], features[1]), fixtureTensor("similarity.ab").item<double>(), 1e-6);
    EXPECT_TRUE(model->embed({}).empty());
}

TEST(PbsModelApi, SimilarityIsTheCosineAndZeroForAZeroVector) {
    PbsModel::Features a{}, b{}, zero{};
    for (int i = 0; i < PbsModel::kFeatureSize; ++i) {
        a[i] = static_cast<float>(i % 7) - 3.0f;
        b[i] = -2.5f * a[i];
    }
    EXPECT_NEAR(PbsModel::similarity(a, a), 1.0, 1e-12);
    EXPECT_NEAR(PbsModel::similarity(a, b), -1.0, 1e-12);
    EXPECT_EQ(PbsModel::similarity(a, zero), 0.0);
    EXPECT_EQ(PbsModel::similarity(zero, zero), 0.0);
    b = zero;
    b[0] = 1.0f;  // a unit axis: the cosine is a's first component over its norm
    double squares = 0;
    for (const float v : a) squares += static_cast<double>(v) * v;
    EXPECT_NEAR(PbsModel::similarity(a, b), a[0] / std::sqrt(squares), 1e-12);
}

TEST(PbsModelErrors, MissingDirectoryConfigOrWeightsAreNamed) {
    EXPECT_NE(errorOf([] { (void)PbsModel::load("/nonexistent/pbs"); }).find("does not exist"), std::string::npos);
    {
        ScratchModel m("noconfig");
        fs::remove(m.dir() / "config.json");
        EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("has no config.json"), std::string::npos);
    }
    {
        ScratchModel m("noweights");
        fs::remove(m.dir() / "model.safetensors");
        const auto message = errorOf([&] { (void)PbsModel::load(m.dir()); });
        EXPECT_NE(message.find("has no model.safetensors"), std::string::npos) << message;
        EXPECT_NE(message.find("convert_pbs_checkpoint.py"), std::string::npos) << message;
    }
}

TEST(PbsModelErrors, AConfigOfAnotherFormatVersionOrWithoutAFieldIsRefused) {
    ScratchModel m("format");
    m.editConfig([](nlohmann::json& j) { j["format"] = "adgen-model"; });
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("not \"adgen-pbs\""), std::string::npos);
    m.editConfig([](nlohmann::json& j) { j["format"] = "adgen-pbs"; j["version"] = 2; });
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("version 2"), std::string::npos);
    m.editConfig([](nlohmann::json& j) { j["version"] = 1; j.erase("heads"); });
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("\"heads\""), std::string::npos);
    std::ofstream(m.dir() / "config.json") << "{ not json";
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("not valid JSON"), std::string::npos);
}

TEST(PbsModelErrors, ACheckpointWithoutTheCompressLayerIsRefused) {
    ScratchModel m("nocompress");
    m.editTensors([](auto& tensors) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& t) { return t.first.rfind("compress_layer.", 0) == 0; }),
                      tensors.end());
    });
    const auto message = errorOf([&] { (void)PbsModel::load(m.dir()); });
    EXPECT_NE(message.find("lack the compress layer"), std::string::npos) << message;
}

TEST(PbsModelErrors, AWrongShapeNamesTheTensor) {
    ScratchModel m("shape");
    m.editConfig([](nlohmann::json& j) { j["mlp_dim"] = 96; });
    const auto message = errorOf([&] { (void)PbsModel::load(m.dir()); });
    EXPECT_NE(message.find("blocks.0.mlp.fc1.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("[128, 32]"), std::string::npos) << message;
    EXPECT_NE(message.find("[96, 32]"), std::string::npos) << message;
}

TEST(PbsModelErrors, TensorsTheEncoderDoesNotUseAreNamed) {
    ScratchModel m("extra");
    m.editTensors([](auto& tensors) { tensors.emplace_back("head.0.weight", torch::zeros({4, 64})); });
    const auto message = errorOf([&] { (void)PbsModel::load(m.dir()); });
    EXPECT_NE(message.find("head.0.weight"), std::string::npos) << message;
    // A deeper config than the file: the missing block is named.
    ScratchModel deeper("deeper");
    deeper.editConfig([](nlohmann::json& j) { j["depth"] = 3; });
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(deeper.dir()); }).find("blocks.2."), std::string::npos);
}

TEST(PbsModelErrors, FeaturesOtherThan64WideAreRefusedByThePublicModel) {
    ScratchModel m("compress8");
    m.editConfig([](nlohmann::json& j) { j["compress_dim"] = 8; });
    m.editTensors([](auto& tensors) {
        for (auto& [name, t] : tensors)
            if (name.rfind("compress_layer.", 0) == 0 && t.dim() > 0) t = t.slice(0, 0, 8).clone();
    });
    EXPECT_EQ(PbsEncoder::load(m.dir())->config().compressDim, 8);
    EXPECT_NE(errorOf([&] { (void)PbsModel::load(m.dir()); }).find("64"), std::string::npos);
}

TEST(PbsModelErrors, AnImageWithoutPixelsOrWithTheWrongBufferIsRefused) {
    const auto model = PbsModel::load(modelDir());
    EXPECT_NE(errorOf([&] { (void)model->embed({adgen::RgbImage{}}); }).find("PBS image 0"), std::string::npos);
    adgen::RgbImage wrong{4, 4, std::vector<uint8_t>(47)};
    EXPECT_NE(errorOf([&] { (void)model->embed({toRgb(imageA()), wrong}); }).find("PBS image 1"), std::string::npos);
}

}  // namespace
