#include "metrics/pbs.h"

#include "adgen/error.h"
#include "adgen/pbs.h"
#include "image/pillow_resample.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace adgen::metrics {
namespace {

namespace fs = std::filesystem;

const char* kReconvert = "Convert the PBS checkpoint with tools/convert_pbs_checkpoint.py and choose its output directory.";

nn::VitCompressConfig readConfig(const fs::path& directory) {
    const auto path = directory / "config.json";
    if (!fs::is_regular_file(path))
        throw Error("The PBS model directory " + directory.string() + " has no config.json.", kReconvert);
    std::ifstream in(path);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + " is not valid JSON (" + e.what() + ").", kReconvert);
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != "adgen-pbs")
        throw Error(path.string() + " does not describe a PBS model (its \"format\" is " +
                        (j.is_object() && j.contains("format") ? j["format"].dump() : std::string("missing")) +
                        ", not \"adgen-pbs\").",
                    kReconvert);
    if (!j.contains("version") || j["version"] != 1)
        throw Error(path.string() + " is PBS model format version " +
                        (j.contains("version") ? j["version"].dump() : std::string("(missing)")) +
                        "; this AdGen reads version 1.",
                    kReconvert);
    const auto field = [&](const char* name) {
        if (!j.contains(name) || !j[name].is_number_integer() || j[name].get<int64_t>() <= 0)
            throw Error(path.string() + ": field \"" + name + "\" should be a positive integer but is " +
                            (j.contains(name) ? j[name].dump() : std::string("missing")) + ".",
                        kReconvert);
        return j[name].get<int64_t>();
    };
    nn::VitCompressConfig c;
    c.embed = field("embed_dim");
    c.depth = field("depth");
    c.heads = field("heads");
    c.mlp = field("mlp_dim");
    c.patch = field("patch_size");
    c.imageSize = field("image_size");
    c.compressDim = field("compress_dim");
    return c;
}

std::string joinFirst(const std::vector<std::string>& names, size_t count) {
    std::ostringstream out;
    for (size_t i = 0; i < names.size() && i < count; ++i) out << (i ? ", " : "") << names[i];
    if (names.size() > count) out << " and " << names.size() - count << " more";
    return out.str();
}

}  // namespace

std::pair<int, int> shorterSideResize(int width, int height, int size) {
    const bool portrait = width <= height;
    const int shorter = portrait ? width : height, longer = portrait ? height : width;
    // Python's int(size * long / short): a correctly rounded double quotient, then truncation.
    const int newLonger = static_cast<int>(static_cast<double>(size) * longer / shorter);
    return portrait ? std::pair{size, newLonger} : std::pair{newLonger, size};
}

int centerCropOffset(int size, int crop) {
    return static_cast<int>(std::nearbyint((size - crop) / 2.0));  // default rounding: half to even
}

image::Image8 pbsCrop(const image::Image8& rgb) {
    image::checkImage(rgb, "PBS input image");
    if (rgb.channels != 3 || rgb.empty())
        throw Error("A PBS input image must be RGB with pixels, but has " + std::to_string(rgb.channels) +
                        " channels and size " + std::to_string(rgb.width) + "x" + std::to_string(rgb.height) + ".",
                    "Convert the image to RGB first.");
    const auto [w, h] = shorterSideResize(rgb.width, rgb.height, kPbsResizeShorterSide);
    const auto resized = image::pillowResize(rgb, w, h, image::ResampleFilter::Bilinear);
    const int left = centerCropOffset(w, kPbsCropSize), top = centerCropOffset(h, kPbsCropSize);
    image::Image8 crop;
    crop.width = crop.height = kPbsCropSize;
    crop.channels = 3;
    crop.data.resize(static_cast<size_t>(kPbsCropSize) * kPbsCropSize * 3);
    for (int y = 0; y < kPbsCropSize; ++y) {
        const auto* row = &resized.data[resized.index(left, top + y)];
        std::copy(row, row + kPbsCropSize * 3, &crop.data[crop.index(0, y)]);
    }
    return crop;
}

torch::Tensor pbsPixels(const image::Image8& crop) {
    image::checkImage(crop, "PBS crop");
    const auto bytes = torch::from_blob(const_cast<uint8_t*>(crop.data.data()), {crop.height, crop.width, crop.channels},
                                        torch::kUInt8);
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
    const auto stdev = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
    return bytes.permute({2, 0, 1}).to(torch::kFloat32).div_(255).sub_(mean).div_(stdev);
}

PbsEncoder::PbsEncoder(std::unique_ptr<model::WeightStore> store, const nn::VitCompressConfig& config)
    : store_(std::move(store)), vit_(*store_, config) {}

std::unique_ptr<PbsEncoder> PbsEncoder::load(const fs::path& directory) {
    if (!fs::is_directory(directory))
        throw Error("The PBS model directory " + directory.string() + " does not exist.", kReconvert);
    const auto config = readConfig(directory);
    if (!fs::is_regular_file(directory / "model.safetensors"))
        throw Error("The PBS model directory " + directory.string() + " has no model.safetensors.", kReconvert);
    auto store = std::make_unique<model::WeightStore>(directory, model::WeightStore::Options{});
    if (!store->has("compress_layer.0.weight") || !store->has("compress_layer.1.running_mean") ||
        !store->has("compress_layer.1.running_var"))
        throw Error("The PBS weights in " + directory.string() +
                        " lack the compress layer (compress_layer.0.weight, compress_layer.1.running_mean/var); "
                        "without it the features would be meaningless.",
                    "Use the MoCo checkpoint the PBS metric was trained with (its base encoder has the compress "
                    "layer), converted with tools/convert_pbs_checkpoint.py.");
    std::unique_ptr<PbsEncoder> encoder(new PbsEncoder(std::move(store), config));
    const auto extra = encoder->store_->unexpectedKeys();
    if (!extra.empty())
        throw Error("The PBS weights in " + directory.string() + " hold tensors the encoder does not use: " +
                        joinFirst(extra, 5) + ".",
                    "The directory holds another model, or its config.json is for a smaller encoder: re-convert "
                    "the checkpoint with tools/convert_pbs_checkpoint.py.");
    return encoder;
}

torch::Tensor PbsEncoder::embed(const torch::Tensor& pixels) const { return vit_.forward(pixels); }

double cosineSimilarity(const float* a, const float* b, size_t size) {
    double dot = 0, normA = 0, normB = 0;
    for (size_t i = 0; i < size; ++i) {
        dot += static_cast<double>(a[i]) * b[i];
        normA += static_cast<double>(a[i]) * a[i];
        normB += static_cast<double>(b[i]) * b[i];
    }
    normA = normA > 0 ? std::sqrt(normA) : 1.0;
    normB = normB > 0 ? std::sqrt(normB) : 1.0;
    return dot / (normA * normB);
}

}  // namespace adgen::metrics

namespace adgen {

struct PbsModel::Impl {
    std::unique_ptr<metrics::PbsEncoder> encoder;
};

PbsModel::PbsModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PbsModel::~PbsModel() = default;

std::unique_ptr<PbsModel> PbsModel::load(const std::filesystem::path& directory, int threads) {
    if (threads > 0) at::set_num_threads(threads);
    auto impl = std::make_unique<Impl>();
    impl->encoder = metrics::PbsEncoder::load(directory);
    if (impl->encoder->config().compressDim != kFeatureSize)
        throw Error("The PBS model in " + directory.string() + " gives " +
                        std::to_string(impl->encoder->config().compressDim) + "-d features; PBS uses 64.",
                    "Use the PBS checkpoint of the Uni-AdGen release (moco_dim 64).");
    return std::unique_ptr<PbsModel>(new PbsModel(std::move(impl)));
}

std::vector<PbsModel::Features> PbsModel::embed(const std::vector<RgbImage>& images) const {
    torch::NoGradGuard noGrad;
    // A few images per forward pass keeps the activations small; results do not depend on it.
    constexpr size_t kBatch = 8;
    std::vector<Features> out;
    out.reserve(images.size());
    for (size_t first = 0; first < images.size(); first += kBatch) {
        std::vector<torch::Tensor> pixels;
        for (size_t i = first; i < std::min(images.size(), first + kBatch); ++i) {
            const auto& rgb = images[i];
            if (rgb.width <= 0 || rgb.height <= 0 ||
                rgb.pixels.size() != static_cast<size_t>(rgb.width) * static_cast<size_t>(rgb.height) * 3)
                throw Error("PBS image " + std::to_string(i) + " is " + std::to_string(rgb.width) + "x" +
                                std::to_string(rgb.height) + " with " + std::to_string(rgb.pixels.size()) +
                                " bytes of pixels; it needs at least one pixel and 3 bytes per pixel.",
                            "Pass decoded RGB images.");
            image::Image8 img{rgb.width, rgb.height, 3, rgb.pixels};
            pixels.push_back(metrics::pbsPixels(metrics::pbsCrop(img)));
        }
        const auto features = impl_->encoder->embed(torch::stack(pixels)).contiguous().cpu();
        for (int64_t n = 0; n < features.size(0); ++n) {
            Features f;
            std::copy(features[n].data_ptr<float>(), features[n].data_ptr<float>() + kFeatureSize, f.begin());
            out.push_back(f);
        }
    }
    return out;
}

double PbsModel::similarity(const Features& a, const Features& b) {
    return metrics::cosineSimilarity(a.data(), b.data(), a.size());
}

}  // namespace adgen
