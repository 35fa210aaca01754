#pragma once

#include <cstdint>
#include <vector>

namespace adgen::nn {

// Shape of the LlamaGen/Janus VQ-16 image tokenizer (model-spec 1.4). The defaults are the released
// `gen_vision_model`. GroupNorm is always 32 groups with eps 1e-6, as in the reference; that is not
// configurable because no checkpoint differs there.
struct VqConfig {
    int64_t codebookSize = 16384;
    int64_t codeDim = 8;
    int64_t zChannels = 256;
    int64_t baseChannels = 128;  // `ch` of the reference Encoder/Decoder
    // Channel multiplier per resolution level, highest resolution first, shared by encoder and
    // decoder. Each level but the last halves (encoder) or doubles (decoder) the resolution.
    std::vector<int64_t> channelMultipliers{1, 1, 2, 2, 4};
    int64_t numResBlocks = 2;  // per encoder level; the decoder has one more per level
    bool codebookL2Norm = true;
    // The reference Upsample interpolates in fp32 and casts to bf16 whenever its input is not fp32,
    // which under fp16 rounds activations through bf16 precision. Kept for bit-faithful previews of
    // what Janus produces; it changes nothing for fp32 and bf16 (nearest copies values exactly), and
    // float64, where the reference fails, is left alone.
    bool bf16UpsampleQuirk = true;

    // Pixels per code along each side: 2^(levels - 1) (16 for VQ-16).
    int64_t downsampleFactor() const { return int64_t{1} << (channelMultipliers.size() - 1); }

    // Throws adgen::Error naming the field when the shape cannot be built (e.g. a channel count
    // GroupNorm(32) cannot split).
    void validate() const;
};

}  // namespace adgen::nn
