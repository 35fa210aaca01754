#include "personalize/preference_embedding.h"

#include "adgen/error.h"

namespace adgen::personalize {

HistoryFeatures encodeHistory(const UniAdGenModel& model, const torch::Tensor& images,
                              const std::vector<std::string>& titles) {
    const auto& janus = model.janus();
    const auto& config = model.config();
    HistoryFeatures features;
    const auto count = images.defined() ? images.size(0) : 0;
    if (count != static_cast<int64_t>(titles.size()))
        throw Error("The history has " + std::to_string(count) + " images but " + std::to_string(titles.size()) +
                        " titles; every clicked product needs both.",
                    "Give each history item an image and a title (an empty title is allowed).");
    const auto options = janus.decoder().options();
    const auto D = janus.config().language.hiddenSize;
    if (count == 0) {
        features.imageTokens = torch::zeros({0, config.historyImageTokens, D}, options);
        features.titleTokens = torch::zeros({0, config.historyTitleTokens, D}, options);
        features.imageCodes = torch::zeros({0, config.historyImageTokens}, torch::kInt64);
        return features;
    }
    const auto size = config.historyImageSize;
    if (images.dim() != 4 || images.size(1) != 3 || images.size(2) != size || images.size(3) != size)
        throw Error("History images must be prepared as [N, 3, " + std::to_string(size) + ", " + std::to_string(size) +
                        "] tensors; got " + std::to_string(images.dim()) + " dimensions.",
                    "This is a bug in the caller; please report it.");
    // History images are read by the VQ encoder (not SigLIP) and enter as generation embeddings.
    const auto codes = janus.vq()->encode(images.to(options)).view({count, -1});
    features.imageCodes = codes.to(torch::kCPU);
    features.imageTokens = janus.adapters().embedImageTokens(codes);

    std::vector<int64_t> slots;
    slots.reserve(static_cast<size_t>(count * config.historyTitleTokens));
    for (const auto& title : titles) {
        const auto ids = model.prompts().historyTitleSlots(title);
        slots.insert(slots.end(), ids.begin(), ids.end());
    }
    const auto slotIds = torch::tensor(slots, torch::kInt64).view({count, config.historyTitleTokens});
    features.titleTokens = janus.decoder().embed(slotIds.to(options.device()));
    return features;
}

torch::Tensor promptEmbeddings(const UniAdGenModel& model, const std::vector<int64_t>& ids,
                               const HistoryFeatures& history, at::Generator generator, PreferenceTrace* trace) {
    const auto& janus = model.janus();
    const auto& slots = model.prompts().ids();
    const auto device = janus.device();
    const auto idTensor = torch::tensor(ids, torch::kInt64);
    auto embeds = janus.decoder().embed(idTensor.view({1, -1}).to(device)).squeeze(0);  // [T, D]

    const auto imageSlots = (idTensor == slots.imagePlaceholder).nonzero().view(-1);
    const auto titleSlots = (idTensor == slots.titlePlaceholder).nonzero().view(-1);
    const auto n = history.count();
    const auto& config = model.config();
    if (imageSlots.size(0) != n * config.historyImageTokens || titleSlots.size(0) != n * config.historyTitleTokens)
        throw Error("The prompt has " + std::to_string(imageSlots.size(0)) + " image and " +
                        std::to_string(titleSlots.size(0)) + " title slots for " + std::to_string(n) + " history items.",
                    "This is a bug in the caller; please report it.");
    if (n == 0) return embeds;

    const auto options = embeds.options();
    const auto D = embeds.size(1);
    const auto imageNoise = nn::SimilarityMaskTransformer::drawGumbelNoise(1, n * config.historyImageTokens, generator,
                                                                           torch::TensorOptions().dtype(torch::kFloat32));
    const auto titleNoise = nn::SimilarityMaskTransformer::drawGumbelNoise(1, n * config.historyTitleTokens, generator,
                                                                           torch::TensorOptions().dtype(torch::kFloat32));
    torch::Tensor keptImage, keptTitle;
    const auto images = model.visualMask().forward(history.imageTokens.unsqueeze(0), imageNoise.to(device), keptImage);
    const auto titles = model.textMask().forward(history.titleTokens.unsqueeze(0), titleNoise.to(device), keptTitle);
    const auto [fusedImages, fusedTitles] = model.fusion().forward(images, titles);
    if (trace) {
        trace->keptImageTokens = keptImage.squeeze(0).to(torch::kCPU);
        trace->keptTitleTokens = keptTitle.squeeze(0).to(torch::kCPU);
    }
    embeds.index_copy_(0, titleSlots.to(device), fusedTitles.reshape({-1, D}).to(options));
    embeds.index_copy_(0, imageSlots.to(device), fusedImages.reshape({-1, D}).to(options));
    return embeds;
}

}  // namespace adgen::personalize
