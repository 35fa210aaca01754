#include "nn/vq_coder.h"

#include <string>

namespace adgen::nn {

namespace {

std::string levelKey(const std::string& part, size_t level) {
    return part + ".conv_blocks." + std::to_string(level);
}

}  // namespace

VqEncoder VqEncoder::load(VqWeights& w, const VqConfig& config) {
    const int64_t ch = config.baseChannels;
    const auto& mult = config.channelMultipliers;
    const size_t last = mult.size() - 1;

    VqEncoder e;
    e.convIn = Conv2d::load(w, "encoder.conv_in", 3, ch, 3, 1, 1);
    int64_t blockIn = ch;
    for (size_t i = 0; i < mult.size(); ++i) {
        const auto key = levelKey("encoder", i);
        const int64_t blockOut = ch * mult[i];
        VqLevel level;
        for (int64_t j = 0; j < config.numResBlocks; ++j) {
            level.res.push_back(ResnetBlock::load(w, key + ".res." + std::to_string(j), blockIn, blockOut));
            blockIn = blockOut;
            // The reference decides by level index, not resolution: attention after every res
            // block of the last (lowest-resolution) level.
            if (i == last) level.attn.push_back(AttnBlock::load(w, key + ".attn." + std::to_string(j), blockIn));
        }
        if (i != last) level.resample = Conv2d::load(w, key + ".downsample.conv", blockIn, blockIn, 3, 2, 0);
        e.levels.push_back(std::move(level));
    }
    e.mid0 = ResnetBlock::load(w, "encoder.mid.0", blockIn, blockIn);
    e.mid1 = AttnBlock::load(w, "encoder.mid.1", blockIn);
    e.mid2 = ResnetBlock::load(w, "encoder.mid.2", blockIn, blockIn);
    e.normOut = GroupNorm::load(w, "encoder.norm_out", blockIn);
    e.convOut = Conv2d::load(w, "encoder.conv_out", blockIn, config.zChannels, 3, 1, 1);
    return e;
}

torch::Tensor VqEncoder::operator()(const torch::Tensor& images) const {
    auto h = convIn(images);
    for (const auto& level : levels) {
        for (size_t j = 0; j < level.res.size(); ++j) {
            h = level.res[j](h);
            if (!level.attn.empty()) h = level.attn[j](h);
        }
        // Downsample: torch convs pad symmetrically, so the reference pads one zero column on the
        // right and one zero row at the bottom itself, then convolves 3x3 with stride 2 and no
        // padding (H -> floor(H/2)).
        if (level.resample) h = (*level.resample)(at::constant_pad_nd(h, {0, 1, 0, 1}, 0));
    }
    h = mid2(mid1(mid0(h)));
    return convOut(swishInPlace(normOut(h)));
}

VqDecoder VqDecoder::load(VqWeights& w, const VqConfig& config) {
    const int64_t ch = config.baseChannels;
    const auto& mult = config.channelMultipliers;
    const size_t n = mult.size();

    VqDecoder d;
    d.bf16UpsampleQuirk = config.bf16UpsampleQuirk;
    int64_t blockIn = ch * mult[n - 1];
    d.convIn = Conv2d::load(w, "decoder.conv_in", config.zChannels, blockIn, 3, 1, 1);
    d.mid0 = ResnetBlock::load(w, "decoder.mid.0", blockIn, blockIn);
    d.mid1 = AttnBlock::load(w, "decoder.mid.1", blockIn);
    d.mid2 = ResnetBlock::load(w, "decoder.mid.2", blockIn, blockIn);
    // conv_blocks.0 is the lowest-resolution level (reference level index n-1), so the indices in
    // the keys run opposite to the channel multipliers.
    for (size_t idx = 0; idx < n; ++idx) {
        const size_t referenceLevel = n - 1 - idx;
        const auto key = levelKey("decoder", idx);
        const int64_t blockOut = ch * mult[referenceLevel];
        VqLevel level;
        for (int64_t j = 0; j < config.numResBlocks + 1; ++j) {
            level.res.push_back(ResnetBlock::load(w, key + ".res." + std::to_string(j), blockIn, blockOut));
            blockIn = blockOut;
            if (idx == 0) level.attn.push_back(AttnBlock::load(w, key + ".attn." + std::to_string(j), blockIn));
        }
        if (referenceLevel != 0) level.resample = Conv2d::load(w, key + ".upsample.conv", blockIn, blockIn, 3, 1, 1);
        d.levels.push_back(std::move(level));
    }
    d.normOut = GroupNorm::load(w, "decoder.norm_out", blockIn);
    d.convOut = Conv2d::load(w, "decoder.conv_out", blockIn, 3, 3, 1, 1);
    return d;
}

torch::Tensor VqDecoder::upsample(const Conv2d& conv, const torch::Tensor& x) const {
    auto h = x;
    // The reference casts every non-fp32 input to bf16; float64 then fails in its conv (bf16 input,
    // double weights), so only 16-bit inputs have a behaviour to be faithful to. float64 runs as
    // fp32 does (we use it to verify the maths).
    const bool quirk = bf16UpsampleQuirk && (x.scalar_type() == at::kHalf || x.scalar_type() == at::kBFloat16);
    if (!constantField) {
        const std::vector<int64_t> size{x.size(2) * 2, x.size(3) * 2};
        // Nearest x2 copies values, so interpolating in fp32 is exact; the bf16 cast is what
        // matters (the reference's quirk), and only for fp16 inputs.
        h = at::upsample_nearest2d(quirk ? h.to(at::kFloat) : h, size);
    }
    if (quirk) {
        // The reference continues in bf16; a conv with weights of another dtype (fp16) would
        // refuse that input, so the values go back to the weights' dtype after the rounding, as
        // under fp16 autocast.
        h = h.to(at::kBFloat16).to(conv.weight.scalar_type());
    }
    return conv(h);
}

torch::Tensor VqDecoder::operator()(const torch::Tensor& latent) const {
    auto h = mid2(mid1(mid0(convIn(latent))));
    for (const auto& level : levels) {
        for (size_t j = 0; j < level.res.size(); ++j) {
            h = level.res[j](h);
            if (!level.attn.empty()) h = level.attn[j](h);
        }
        if (level.resample) h = upsample(*level.resample, h);
    }
    return convOut(swishInPlace(normOut(h)));
}

VqDecoder VqDecoder::constantFieldVariant() const {
    VqDecoder d = *this;
    d.constantField = true;
    d.convIn = convIn.constantField();
    d.mid0 = mid0.constantField();
    d.mid2 = mid2.constantField();
    for (auto& level : d.levels) {
        for (auto& res : level.res) res = res.constantField();
        if (level.resample) level.resample = level.resample->constantField();
    }
    d.convOut = convOut.constantField();
    return d;
}

}  // namespace adgen::nn
