#pragma once

#include "nn/vq_blocks.h"
#include "nn/vq_config.h"

#include <torch/torch.h>

#include <optional>
#include <vector>

namespace adgen::nn {

// One resolution level: res blocks, each followed by an attention block at the lowest resolution
// only, then an optional resampling conv.
struct VqLevel {
    std::vector<ResnetBlock> res;
    std::vector<AttnBlock> attn;     // empty, or one per res block
    std::optional<Conv2d> resample;  // encoder: Downsample.conv; decoder: Upsample.conv
};

// Image [B,3,H,W] -> latent [B,z,H/f,W/f] (keys `encoder.*`).
struct VqEncoder {
    Conv2d convIn;
    std::vector<VqLevel> levels;  // highest resolution first
    ResnetBlock mid0;
    AttnBlock mid1;
    ResnetBlock mid2;
    GroupNorm normOut;
    Conv2d convOut;

    static VqEncoder load(VqWeights& w, const VqConfig& config);
    torch::Tensor operator()(const torch::Tensor& images) const;
};

// Latent [B,z,h,w] -> image [B,3,h*f,w*f] (keys `decoder.*`).
struct VqDecoder {
    Conv2d convIn;
    ResnetBlock mid0;
    AttnBlock mid1;
    ResnetBlock mid2;
    std::vector<VqLevel> levels;  // lowest resolution first, as `decoder.conv_blocks.{0..}`
    GroupNorm normOut;
    Conv2d convOut;
    bool bf16UpsampleQuirk = true;
    // Set on the variant that decodes constant, unbounded fields from a 1x1 latent (see
    // Conv2d::constantField): the upsampling then leaves the 1x1 field as it is.
    bool constantField = false;

    static VqDecoder load(VqWeights& w, const VqConfig& config);
    torch::Tensor operator()(const torch::Tensor& latent) const;
    // The decoder of a latent field that is the same at every position, without the spatial extent:
    // each 3x3 kernel is replaced by the sum of its taps and the field stays 1x1.
    VqDecoder constantFieldVariant() const;

private:
    torch::Tensor upsample(const Conv2d& conv, const torch::Tensor& x) const;
};

}  // namespace adgen::nn
