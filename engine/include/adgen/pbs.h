#pragma once

// PBS, Product Background Similarity (Uni-AdGen's metric, model-spec 4.1): how alike two images
// are, as the cosine of their 64-d features from a MoCo-trained ViT-B/16. Plain C++ (no torch).

#include "adgen/engine.h"  // RgbImage

#include <array>
#include <filesystem>
#include <memory>
#include <vector>

namespace adgen {

class PbsModel {
public:
    static constexpr int kFeatureSize = 64;
    using Features = std::array<float, kFeatureSize>;

    // Loads a directory written by tools/convert_pbs_checkpoint.py (config.json with
    // "format": "adgen-pbs", model.safetensors). threads > 0 sets libtorch's intra-op thread count
    // (process-wide); 0 leaves it as it is. Throws adgen::Error for a missing directory or file, a
    // wrong format or version, a checkpoint without the compress layer, a tensor of the wrong shape
    // (naming the key) or tensors the encoder does not use.
    static std::unique_ptr<PbsModel> load(const std::filesystem::path& directory, int threads = 0);
    ~PbsModel();
    PbsModel(const PbsModel&) = delete;
    PbsModel& operator=(const PbsModel&) = delete;

    // One feature vector per image. Preprocessing as the reference's main_inference.py: Resize(256)
    // (shorter side to 256, Pillow bilinear), CenterCrop(224), ToTensor, ImageNet Normalize. The
    // reference first re-encodes every image as JPEG quality 75 (convert_images_to_base64.py):
    // that is the caller's job, so pass the decoded JPEG to match its numbers. Throws adgen::Error
    // for an image without pixels or with a pixel buffer of the wrong size.
    std::vector<Features> embed(const std::vector<RgbImage>& images) const;

    // Cosine similarity as sklearn's cosine_similarity computes it (a zero vector gives 0), in double.
    static double similarity(const Features& a, const Features& b);

    struct Impl;

private:
    explicit PbsModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace adgen
