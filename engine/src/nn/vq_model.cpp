#include "nn/vq_model.h"

#include "adgen/error.h"
#include "io/safetensors.h"

#include <algorithm>

namespace adgen::nn {

namespace {

// F.normalize(x, p=2, dim=-1): x / max(|x|, 1e-12).
torch::Tensor l2Normalise(const torch::Tensor& x) {
    return x / x.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12).expand_as(x);
}

// The released checkpoint carries `quantize.codebook_used`, a training statistic of this fixed
// length whatever the codebook size.
constexpr int64_t kCodebookUsedLength = 65536;

// Rows of latent vectors matched against the codebook at once: bounds the distance matrix
// ([rows, codebookSize] floats) to 64 MiB for the released codebook.
constexpr int64_t kEncodeChunk = 1024;

std::string shapeText(const torch::Tensor& t) { return io::shapeString(t.sizes().vec()); }

}  // namespace

VqModel::VqModel(model::WeightStore& weights, const VqConfig& config, const std::string& prefix)
    : config_(config) {
    config_.validate();
    VqWeights w(weights, prefix);
    encoder_ = VqEncoder::load(w, config_);
    quantConv_ = Conv2d::load(w, "quant_conv", config_.zChannels, config_.codeDim, 1, 1, 0);
    auto embedding = w.take("quantize.embedding.weight", {config_.codebookSize, config_.codeDim});
    // Normalised once here rather than per call as in the reference: the same values, computed once.
    codebook_ = config_.codebookL2Norm ? l2Normalise(embedding) : embedding;
    if (w.has("quantize.codebook_used")) (void)w.takeBuffer("quantize.codebook_used", {kCodebookUsedLength});
    postQuantConv_ = Conv2d::load(w, "post_quant_conv", config_.codeDim, config_.zChannels, 1, 1, 0);
    decoder_ = VqDecoder::load(w, config_);
    parameterCount_ = w.parameterCount();
}

torch::Tensor VqModel::checkedImages(const torch::Tensor& images) const {
    const int64_t f = config_.downsampleFactor();
    if (images.dim() != 4 || images.size(1) != 3 || images.size(2) < f || images.size(3) < f)
        throw Error("The VQ encoder needs images shaped [batch, 3, height, width] with sides of at least " +
                        std::to_string(f) + " pixels, but got " + shapeText(images) + ".",
                    "Pass RGB images scaled to [-1, 1] in channel-first layout.");
    return images.to(codebook_.device(), codebook_.scalar_type());
}

torch::Tensor VqModel::latentGrid(const torch::Tensor& x) const {
    const auto latent = quantConv_(encoder_(x)).permute({0, 2, 3, 1});  // [B, h, w, codeDim]
    return config_.codebookL2Norm ? l2Normalise(latent) : latent;
}

torch::Tensor VqModel::nearestCodes(const torch::Tensor& z) const {
    // |z|^2 + |e|^2 - 2 z.e, term by term as the reference computes it, so near ties break the
    // same way; the dtype is the model's, as in the reference.
    torch::NoGradGuard noGrad;
    const auto codeNorms = codebook_.pow(2).sum(1);
    std::vector<torch::Tensor> indices;
    for (int64_t start = 0; start < z.size(0); start += kEncodeChunk) {
        const auto rows = z.narrow(0, start, std::min(kEncodeChunk, z.size(0) - start));
        const auto distances = rows.pow(2).sum(1, /*keepdim=*/true) + codeNorms - 2 * at::mm(rows, codebook_.t());
        indices.push_back(distances.argmin(1));
    }
    return at::cat(indices);
}

torch::Tensor VqModel::encode(const torch::Tensor& images) const {
    const auto z = latentGrid(checkedImages(images));
    return nearestCodes(z.reshape({-1, config_.codeDim})).view({z.size(0), z.size(1), z.size(2)});
}

VqModel::TrainingPass VqModel::trainingPass(const torch::Tensor& images) const {
    const auto grid = latentGrid(checkedImages(images));
    TrainingPass pass;
    pass.latent = grid.reshape({-1, config_.codeDim});
    pass.codes = nearestCodes(pass.latent.detach());
    pass.quantised = codebook_.index_select(0, pass.codes);
    const auto straight = pass.latent + (pass.quantised - pass.latent).detach();
    pass.reconstruction = decodeLatent(straight.view(grid.sizes()).permute({0, 3, 1, 2}).contiguous());
    return pass;
}

torch::Tensor VqModel::checkedCodes(const torch::Tensor& codes, const char* what) const {
    if (codes.dim() != 3 || !c10::isIntegralType(codes.scalar_type(), /*includeBool=*/false) || codes.numel() == 0)
        throw Error(std::string("The VQ ") + what + " needs integer codes shaped [batch, rows, columns], but got " +
                        std::string(c10::toString(codes.scalar_type())) + " " + shapeText(codes) + ".",
                    "Pass the image tokens as an int64 grid.");
    const auto c = codes.to(codebook_.device(), at::kLong);
    // One host sync per call; an out-of-range index would otherwise be a device-side assert on CUDA.
    if (((c < 0) | (c >= config_.codebookSize)).any().item<bool>())
        throw Error(std::string("The VQ ") + what + " got codes outside [0, " + std::to_string(config_.codebookSize) +
                        ") (min " + std::to_string(c.min().item<int64_t>()) + ", max " +
                        std::to_string(c.max().item<int64_t>()) + ").",
                    "The image tokens do not come from this model's codebook.");
    return c;
}

torch::Tensor VqModel::lookup(const torch::Tensor& codes) const {
    const int64_t b = codes.size(0), h = codes.size(1), w = codes.size(2);
    return codebook_.index_select(0, codes.reshape({-1})).view({b, h, w, config_.codeDim}).permute({0, 3, 1, 2}).contiguous();
}

torch::Tensor VqModel::decodeLatent(const torch::Tensor& quantised) const {
    return decoder_(postQuantConv_(quantised));
}

torch::Tensor VqModel::decode(const torch::Tensor& codes) const {
    return decodeLatent(lookup(checkedCodes(codes, "decoder")));
}

torch::Tensor VqModel::decodePartial(const torch::Tensor& codes, int64_t knownCount) const {
    const auto c = checkedCodes(codes, "preview decoder");
    const int64_t b = c.size(0), h = c.size(1), w = c.size(2);
    if (knownCount < 0 || knownCount > h * w)
        throw Error("The VQ preview decoder was told " + std::to_string(knownCount) + " codes are known in a " +
                        std::to_string(h) + "x" + std::to_string(w) + " grid.",
                    "Pass a count between 0 and rows x columns.");
    if (knownCount == h * w) return decodeLatent(lookup(c));

    const int64_t fullRows = knownCount / w;
    if (fullRows > 0) {
        // Unknown position (r, col) -> code at (fullRows - 1, col): fill whole rows from the last
        // complete one, then put back the known head of the partial row.
        auto filled = c.clone();
        filled.narrow(1, fullRows, h - fullRows).copy_(c.narrow(1, fullRows - 1, 1).expand({b, h - fullRows, w}));
        const int64_t partial = knownCount % w;
        if (partial > 0) filled.select(1, fullRows).narrow(1, 0, partial).copy_(c.select(1, fullRows).narrow(1, 0, partial));
        return decodeLatent(lookup(filled));
    }

    auto latent = lookup(c);  // [B, D, h, w]
    auto flat = latent.view({b, config_.codeDim, h * w});
    const auto fill = knownCount > 0 ? flat.narrow(2, 0, knownCount).mean(2, /*keepdim=*/true)  // [B, D, 1]
                                     : codebook_.mean(0).view({1, config_.codeDim, 1}).expand({b, config_.codeDim, 1});
    flat.narrow(2, knownCount, h * w - knownCount).copy_(fill.expand({b, config_.codeDim, h * w - knownCount}));
    return decodeLatent(latent);
}

torch::Tensor VqModel::constantFieldColours(const torch::Tensor& codes, int64_t batch) const {
    if (codes.dim() != 1)
        throw Error("The VQ colour table needs a list of codes, but got " + shapeText(codes) + ".",
                    "Pass a one-dimensional int64 tensor of codes.");
    const auto c = checkedCodes(codes.reshape({1, 1, -1}), "colour table").view({-1});
    const auto decoder = decoder_.constantFieldVariant();
    const auto post = postQuantConv_.constantField();  // already 1x1
    std::vector<torch::Tensor> colours;
    for (int64_t start = 0; start < c.size(0); start += std::max<int64_t>(batch, 1)) {
        const auto chunk = c.narrow(0, start, std::min(std::max<int64_t>(batch, 1), c.size(0) - start));
        const auto latent = codebook_.index_select(0, chunk).view({chunk.size(0), config_.codeDim, 1, 1});
        auto rgb = decoder(post(latent)).view({chunk.size(0), 3});
        colours.push_back(rgb.scalar_type() == at::kDouble ? rgb : rgb.to(at::kFloat));
    }
    return at::cat(colours);
}

torch::Tensor VqModel::toRgb8(const torch::Tensor& decoded) {
    if (decoded.dim() != 4 || decoded.size(1) != 3)
        throw Error("Decoded images must be shaped [batch, 3, height, width], but got " + shapeText(decoded) + ".",
                    "Pass the output of VqModel::decode.");
    // Janus generation_inference.py: clip((dec + 1) / 2 * 255, 0, 255) on float32 NHWC, stored
    // into a uint8 array (truncation).
    auto x = decoded.to(at::kFloat).permute({0, 2, 3, 1});
    x = ((x + 1) / 2 * 255).clamp(0, 255);
    return at::nan_to_num(x, 0.0).to(at::kByte).contiguous();
}

}  // namespace adgen::nn
