#pragma once

#include "image/image8.h"
#include "model/weight_store.h"
#include "nn/vit_compress.h"

#include <torch/torch.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <utility>

// The torch side of the PBS metric (model-spec 4.1); adgen/pbs.h is the public face.
namespace adgen::metrics {

// main_inference.py's transform: Resize(256), CenterCrop(224), ToTensor, Normalize(ImageNet).
constexpr int kPbsResizeShorterSide = 256;
constexpr int kPbsCropSize = 224;

// torchvision Resize(size) with an int: the shorter side becomes `size`, the longer one
// int(size * long / short) (truncated). Returns {width, height}.
std::pair<int, int> shorterSideResize(int width, int height, int size);

// torchvision CenterCrop's offset: int(round((size - crop) / 2)), Python's round (half to even).
int centerCropOffset(int size, int crop);

// An RGB image -> the 224x224 RGB image the reference normalises: Pillow bilinear resize of the
// shorter side to 256, then the centre crop.
image::Image8 pbsCrop(const image::Image8& rgb);

// A 224x224 RGB crop -> [3, 224, 224] float32: x / 255, then (x - mean) / std per channel in float32,
// as ToTensor and Normalize do.
torch::Tensor pbsPixels(const image::Image8& crop);

// The converted PBS encoder of a directory (config.json + model.safetensors).
class PbsEncoder {
public:
    // Throws adgen::Error: directory or file missing, config.json not JSON, not "adgen-pbs" version 1,
    // a field missing or not a positive integer, a tensor missing or of the wrong shape (naming it),
    // or tensors the encoder does not use.
    static std::unique_ptr<PbsEncoder> load(const std::filesystem::path& directory);

    // [N, 3, H, W] normalised pixels -> [N, compressDim] float32 features.
    torch::Tensor embed(const torch::Tensor& pixels) const;
    const nn::VitCompressConfig& config() const { return vit_.config(); }

private:
    PbsEncoder(std::unique_ptr<model::WeightStore> store, const nn::VitCompressConfig& config);

    std::unique_ptr<model::WeightStore> store_;
    nn::VitCompress vit_;
};

// sklearn.metrics.pairwise.cosine_similarity of two vectors: each divided by its norm (a zero norm
// counts as 1, so a zero vector gives 0), then the dot product; computed in double.
double cosineSimilarity(const float* a, const float* b, size_t size);

}  // namespace adgen::metrics
