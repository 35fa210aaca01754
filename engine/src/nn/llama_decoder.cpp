#include "nn/llama_decoder.h"

#include "adgen/error.h"

#include "nn/attention.h"
#include "nn/projection.h"

namespace adgen::nn {
namespace {

torch::Tensor rotateHalf(const torch::Tensor& x) {
    const auto half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

}  // namespace

LlamaDecoder::LlamaDecoder(model::WeightStore& w, const model::LanguageConfig& c, const std::string& prefix)
    : config_(c) {
    const auto D = c.hiddenSize;
    const auto qRows = c.numHeads * c.headDim;
    const auto kvRows = c.numKvHeads * c.headDim;
    const auto p = prefix + "model.";
    embedTokens_ = w.take(p + "embed_tokens.weight", {c.vocabSize, D});
    layers_.reserve(static_cast<size_t>(c.numLayers));
    for (int64_t i = 0; i < c.numLayers; ++i) {
        const auto l = p + "layers." + std::to_string(i) + ".";
        Layer layer;
        layer.inputNorm = w.take(l + "input_layernorm.weight", {D});
        auto q = w.take(l + "self_attn.q_proj.weight", {qRows, D});
        auto k = w.take(l + "self_attn.k_proj.weight", {kvRows, D});
        auto v = w.take(l + "self_attn.v_proj.weight", {kvRows, D});
        layer.qkv = torch::cat({q, k, v}, 0);
        layer.out = w.take(l + "self_attn.o_proj.weight", {D, qRows});
        layer.postNorm = w.take(l + "post_attention_layernorm.weight", {D});
        auto gate = w.take(l + "mlp.gate_proj.weight", {c.intermediateSize, D});
        auto up = w.take(l + "mlp.up_proj.weight", {c.intermediateSize, D});
        layer.gateUp = torch::cat({gate, up}, 0);
        layer.down = w.take(l + "mlp.down_proj.weight", {D, c.intermediateSize});
        layers_.push_back(std::move(layer));
    }
    finalNorm_ = w.take(p + "norm.weight", {D});
    lmHead_ = w.take(prefix + "lm_head.weight", {c.vocabSize, D});

    // RoPE tables in float32 (transformers >= 4.38 convention), cast per use.
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(embedTokens_.device());
    const auto invFreq =
        1.0 / torch::pow(c.ropeTheta, torch::arange(0, c.headDim, 2, f32.dtype(torch::kInt64)).to(f32) /
                                          static_cast<double>(c.headDim));
    const auto positions = torch::arange(c.maxPositions, f32.dtype(torch::kInt64)).to(f32);
    const auto freqs = torch::outer(positions, invFreq);
    const auto angles = torch::cat({freqs, freqs}, -1);
    ropeCos_ = angles.cos();
    ropeSin_ = angles.sin();
}

torch::Tensor LlamaDecoder::embed(const torch::Tensor& ids) const { return embedTokens_.index_select(0, ids.flatten()).view({ids.size(0), ids.size(1), -1}); }

KvCache LlamaDecoder::makeCache(int64_t rows, int64_t capacity) const {
    // Positions past the RoPE table would index outside it; say so instead of failing in index_select.
    if (capacity > config_.maxPositions)
        throw Error("The prompt and the tokens to generate need " + std::to_string(capacity) +
                        " positions, more than the model's " + std::to_string(config_.maxPositions) +
                        " (max_position_embeddings in config.json).",
                    "Shorten the prompt (fewer selling points or history items), or generate fewer tokens.");
    return KvCache(config_.numLayers, rows, config_.numKvHeads, capacity, config_.headDim, embedTokens_.options());
}

torch::Tensor LlamaDecoder::rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const {
    const auto x32 = x.to(torch::kFloat32);
    const auto normed = x32 * torch::rsqrt(x32.pow(2).mean(-1, true) + config_.rmsNormEps);
    return weight * normed.to(x.scalar_type());
}

torch::Tensor LlamaDecoder::attention(const Layer& layer, const torch::Tensor& x, KvCache& cache, int64_t layerIndex,
                                      int64_t first, const torch::Tensor& cos, const torch::Tensor& sin,
                                      const torch::Tensor& keep) const {
    const auto rows = x.size(0);
    const auto T = x.size(1);
    const auto H = config_.numHeads;
    const auto KvH = config_.numKvHeads;
    const auto hd = config_.headDim;
    const auto qkv = project(x, layer.qkv);
    auto q = qkv.narrow(-1, 0, H * hd).view({rows, T, H, hd}).transpose(1, 2);
    auto k = qkv.narrow(-1, H * hd, KvH * hd).view({rows, T, KvH, hd}).transpose(1, 2);
    auto v = qkv.narrow(-1, (H + KvH) * hd, KvH * hd).view({rows, T, KvH, hd}).transpose(1, 2);
    q = q * cos + rotateHalf(q) * sin;
    k = k * cos + rotateHalf(k) * sin;

    auto& keys = cache.keys(layerIndex);
    auto& values = cache.values(layerIndex);
    keys.narrow(2, first, T).copy_(k);
    values.narrow(2, first, T).copy_(v);
    const auto end = first + T;
    const auto context = attend(q, keys.narrow(2, 0, end), values.narrow(2, 0, end), keep);
    return project(context.transpose(1, 2).reshape({rows, T, H * hd}), layer.out);
}

torch::Tensor LlamaDecoder::forward(const torch::Tensor& inputs, KvCache& cache, const torch::Tensor& inputValid,
                                    const LayerHook& hook) const {
    const auto rows = inputs.size(0);
    const auto T = inputs.size(1);
    const auto first = cache.append(T, inputValid.to(torch::kBool));
    const auto end = first + T;
    const auto valid = cache.valid().narrow(1, 0, end);

    // Positions count only real tokens, so a left-padded row numbers its tokens as if it were
    // unpadded (transformers' position_ids = cumsum(mask) - 1).
    const auto positions = (valid.to(torch::kInt64).cumsum(1) - 1).clamp_min(0).narrow(1, first, T);
    const auto dtype = inputs.scalar_type();
    const auto cos = ropeCos_.index_select(0, positions.flatten()).view({rows, 1, T, -1}).to(dtype);
    const auto sin = ropeSin_.index_select(0, positions.flatten()).view({rows, 1, T, -1}).to(dtype);

    // Query i (slot first+i) sees slot j when j <= first+i and slot j holds a real token.
    const auto slots = torch::arange(end, positions.options());
    const auto causal = slots.unsqueeze(0) <= (slots.narrow(0, first, T)).unsqueeze(1);  // [T, end]
    const auto keep = (causal.unsqueeze(0) & valid.unsqueeze(1)).unsqueeze(1);           // [rows,1,T,end]

    auto h = inputs;
    for (int64_t i = 0; i < static_cast<int64_t>(layers_.size()); ++i) {
        if (hook) hook(i, h);
        const auto& layer = layers_[static_cast<size_t>(i)];
        h = h + attention(layer, rmsNorm(h, layer.inputNorm), cache, i, first, cos, sin, keep);
        const auto gateUp = project(rmsNorm(h, layer.postNorm), layer.gateUp);
        const auto I = config_.intermediateSize;
        const auto act = torch::silu(gateUp.narrow(-1, 0, I)) * gateUp.narrow(-1, I, I);
        h = h + project(act, layer.down);
    }
    return rmsNorm(h, finalNorm_);
}

torch::Tensor LlamaDecoder::textLogits(const torch::Tensor& hidden) const {
    return project(hidden, lmHead_).to(torch::kFloat32);
}

int64_t LlamaDecoder::parameterCount() const {
    int64_t n = embedTokens_.numel() + finalNorm_.numel() + lmHead_.numel();
    for (const auto& l : layers_)
        n += l.inputNorm.numel() + l.qkv.numel() + l.out.numel() + l.postNorm.numel() + l.gateUp.numel() +
             l.down.numel();
    return n;
}

}  // namespace adgen::nn
