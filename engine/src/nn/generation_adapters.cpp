#include "nn/generation_adapters.h"

#include "nn/projection.h"

namespace adgen::nn {

torch::Tensor TwoLayerMlp::operator()(const torch::Tensor& x) const {
    return project(torch::gelu(project(x, w1, b1)), w2, b2);
}

GenerationAdapters::GenerationAdapters(model::WeightStore& w, const model::GenerationConfig& c, int64_t D) {
    genEmbed_ = w.take("gen_embed.weight", {c.imageTokenSize, c.codeDim});
    aligner_ = TwoLayerMlp{w.take("gen_aligner.layers.0.weight", {D, c.codeDim}), w.take("gen_aligner.layers.0.bias", {D}),
                           w.take("gen_aligner.layers.2.weight", {D, D}), w.take("gen_aligner.layers.2.bias", {D})};
    const auto E = c.imageTokenEmbed;
    head_ = TwoLayerMlp{w.take("gen_head.output_mlp_projector.weight", {E, D}),
                        w.take("gen_head.output_mlp_projector.bias", {E}),
                        w.take("gen_head.vision_head.weight", {c.imageTokenSize, E}),
                        w.take("gen_head.vision_head.bias", {c.imageTokenSize})};
}

torch::Tensor GenerationAdapters::embedImageTokens(const torch::Tensor& ids) const {
    const auto codes = genEmbed_.index_select(0, ids.flatten()).view({ids.size(0), ids.size(1), -1});
    return aligner_(codes);
}

torch::Tensor GenerationAdapters::imageLogits(const torch::Tensor& hidden) const {
    return head_(hidden).to(torch::kFloat32);
}

}  // namespace adgen::nn
