#include "nn/vq_config.h"

#include "adgen/error.h"

#include <string>

namespace adgen::nn {

namespace {

constexpr int64_t kGroupNormGroups = 32;

void require(bool ok, const std::string& problem) {
    if (!ok)
        throw Error("The VQ image tokenizer config is invalid: " + problem + ".",
                    "Fix the vq section of the model's config.json (the released Janus-Pro values are "
                    "codebook_size 16384, code_dim 8, z_channels 256, base_channels 128, "
                    "channel_multipliers [1,1,2,2,4], num_res_blocks 2).");
}

}  // namespace

void VqConfig::validate() const {
    require(codebookSize > 0, "codebook_size must be positive (it is " + std::to_string(codebookSize) + ")");
    require(codeDim > 0, "code_dim must be positive (it is " + std::to_string(codeDim) + ")");
    require(zChannels > 0, "z_channels must be positive (it is " + std::to_string(zChannels) + ")");
    // Every GroupNorm in the network normalises a multiple of base_channels in 32 groups.
    require(baseChannels > 0 && baseChannels % kGroupNormGroups == 0,
            "base_channels must be a positive multiple of 32, because every GroupNorm splits its channels "
            "into 32 groups (it is " + std::to_string(baseChannels) + ")");
    require(!channelMultipliers.empty(), "channel_multipliers must name at least one level");
    // Above 2^31 pixels per code the factor would overflow long before any image fits in memory.
    require(channelMultipliers.size() <= 31, "channel_multipliers has more than 31 levels");
    for (const auto m : channelMultipliers)
        require(m > 0, "every channel multiplier must be positive (found " + std::to_string(m) + ")");
    // With zero res blocks the reference encoder never changes its channel count inside a level and
    // builds no attention at the last level: a different network, and no checkpoint uses it.
    require(numResBlocks >= 1, "num_res_blocks must be at least 1 (it is " + std::to_string(numResBlocks) + ")");
}

}  // namespace adgen::nn
