#pragma once

#include "nn/vq_model.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace adgen::nn {

// The cheapest progressive preview (performance.md 6.2, item 1): one RGB colour per code, worked
// out once at load time, painted into the code's block as each image token streams in. Blocky,
// but it shows layout and colour with no decoder work per token.
//
// A code's colour is that of an unbounded field of the code (VqModel::constantFieldColours): the
// decoder on 1x1 fields, about 13 MFLOP per code, so 6-8 s for all 16384 codes on one busy CPU
// core, where decoding a 3x3 field per code (about 9 GFLOP each) would take most of an hour. It is
// also free of the border effects a small zero-padded decode would bake into every colour.
class CodeColourPreview {
public:
    explicit CodeColourPreview(const VqModel& model, int64_t batch = 4096);

    // uint8 [codebookSize, 3] on the CPU, by Janus's post-processing of the colours.
    const torch::Tensor& table() const { return table_; }
    int64_t codebookSize() const { return static_cast<int64_t>(colours_.size() / 3); }
    // Pixels per code along each side (the tokenizer's downsample factor, 16 for VQ-16).
    int64_t blockSize() const { return block_; }

    // Fills the block of grid cell (row, col) with the code's colour; what falls outside the image
    // is skipped. `rgb` is a tightly packed width x height x 3 uint8 buffer.
    void paint(uint8_t* rgb, int64_t width, int64_t height, int64_t row, int64_t col, int64_t code) const;
    // The same on a contiguous uint8 CPU tensor [height, width, 3] (written in place).
    void paint(const torch::Tensor& rgbImage, int64_t row, int64_t col, int64_t code) const;

private:
    torch::Tensor table_;
    std::vector<uint8_t> colours_;  // table_'s bytes, so painting touches no tensor machinery
    int64_t block_ = 16;
};

}  // namespace adgen::nn
