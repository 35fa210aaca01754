#include "nn/projection.h"

namespace adgen::nn {
namespace {

constexpr int64_t kMaxRowsForMatrixVector = 4;

}  // namespace

torch::Tensor project(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
    const auto rows = x.numel() / x.size(-1);
    if (!x.is_cuda() && x.scalar_type() == torch::kFloat32 && rows <= kMaxRowsForMatrixVector) {
        const auto flat = x.reshape({rows, x.size(-1)});
        std::vector<torch::Tensor> outputs;
        outputs.reserve(static_cast<size_t>(rows));
        for (int64_t r = 0; r < rows; ++r) outputs.push_back(bias.defined() ? torch::addmv(bias, weight, flat[r]) : weight.mv(flat[r]));
        auto sizes = x.sizes().vec();
        sizes.back() = weight.size(0);
        return torch::stack(outputs).view(sizes);
    }
    return bias.defined() ? torch::linear(x, weight, bias) : torch::matmul(x, weight.t());
}

}  // namespace adgen::nn
