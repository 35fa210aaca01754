#include "nn/code_colour_preview.h"

#include "adgen/error.h"
#include "io/safetensors.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace adgen::nn {

CodeColourPreview::CodeColourPreview(const VqModel& model, int64_t batch)
    : block_(model.config().downsampleFactor()) {
    torch::NoGradGuard noGrad;
    const auto codes = torch::arange(model.config().codebookSize, torch::TensorOptions().dtype(torch::kLong));
    const auto colours = model.constantFieldColours(codes, batch);  // [N, 3]
    table_ = VqModel::toRgb8(colours.view({1, -1, 1, 3}).permute({0, 3, 1, 2})).view({-1, 3}).to(torch::kCPU).contiguous();
    colours_.assign(table_.data_ptr<uint8_t>(), table_.data_ptr<uint8_t>() + table_.numel());
}

void CodeColourPreview::paint(uint8_t* rgb, int64_t width, int64_t height, int64_t row, int64_t col,
                              int64_t code) const {
    if (code < 0 || code >= codebookSize())
        throw Error("The colour preview got code " + std::to_string(code) + ", outside the codebook of " +
                        std::to_string(codebookSize()) + ".",
                    "The image tokens do not come from this model's codebook.");
    if (row < 0 || col < 0)
        throw Error("The colour preview got grid cell (" + std::to_string(row) + ", " + std::to_string(col) + ").",
                    "Grid rows and columns count from 0.");
    const int64_t y0 = row * block_, x0 = col * block_;
    const int64_t y1 = std::min(height, y0 + block_), x1 = std::min(width, x0 + block_);
    if (y0 >= y1 || x0 >= x1) return;
    const uint8_t* colour = &colours_[static_cast<size_t>(code) * 3];
    for (int64_t y = y0; y < y1; ++y) {
        uint8_t* out = rgb + (y * width + x0) * 3;
        for (int64_t x = x0; x < x1; ++x, out += 3) std::memcpy(out, colour, 3);
    }
}

void CodeColourPreview::paint(const torch::Tensor& rgbImage, int64_t row, int64_t col, int64_t code) const {
    if (rgbImage.dim() != 3 || rgbImage.size(2) != 3 || rgbImage.scalar_type() != torch::kByte ||
        !rgbImage.device().is_cpu() || !rgbImage.is_contiguous())
        throw Error("The colour preview paints contiguous uint8 CPU images shaped [height, width, 3], but got " +
                        std::string(c10::toString(rgbImage.scalar_type())) + " " +
                        io::shapeString(rgbImage.sizes().vec()) + ".",
                    "Allocate the preview image as torch::zeros({height, width, 3}, torch::kByte).");
    paint(rgbImage.data_ptr<uint8_t>(), rgbImage.size(1), rgbImage.size(0), row, col, code);
}

}  // namespace adgen::nn
