#include "train/ad_samples.h"

#include "adgen/error.h"
#include "personalize/history_sampling.h"
#include "image/pillow_convert.h"
#include "image/pillow_resample.h"
#include "personalize/product_inputs.h"

namespace adgen::train {

torch::Tensor adPicture(const image::Image8& ad, int size) {
    // Straight to the model's size (Pillow bicubic), then [0, 255] -> [-1, 1]; unlike history
    // pictures there is no 512 px step and no processor minimum, so tiny test models work too.
    const auto resized = image::pillowResize(image::convertToRgb(ad), size, size, image::ResampleFilter::Bicubic);
    const auto bytes = torch::from_blob(const_cast<uint8_t*>(resized.data.data()), {size, size, 3}, torch::kUInt8);
    return bytes.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0).contiguous();
}

PreparedAdRecord prepareAdRecord(const AdRecordPixels& record, const model::ModelConfig& config,
                                 const personalize::UniAdGenConfig& uniadgen, const nn::VqModel& vq) {
    torch::NoGradGuard noGrad;
    if (record.titles.empty())
        throw Error("A training record has no ground-truth title.", "Give every record gt_title_cn.");
    if (record.historyImages.size() != record.historyTitles.size())
        throw Error("A training record has " + std::to_string(record.historyImages.size()) + " history images but " +
                        std::to_string(record.historyTitles.size()) + " titles.",
                    "Give every click an image and a title.");
    const auto grid = config.generation.gridSize;
    PreparedAdRecord out;
    out.control = personalize::prepareProduct(record.product, record.maxRatio, static_cast<int>(grid * 16)).control;
    std::vector<torch::Tensor> history;
    for (const auto& picture : record.historyImages)
        history.push_back(personalize::prepareHistoryImage(picture, static_cast<int>(uniadgen.historyImageSize)));
    out.historyImages = history.empty() ? torch::zeros({0, 3, uniadgen.historyImageSize, uniadgen.historyImageSize})
                                        : torch::stack(history);
    out.historyTitles = record.historyTitles;
    out.similarity = record.similarity;
    out.productTitle = record.brief.originalTitle;
    out.brief = record.brief;
    out.titles = record.titles;
    out.imageCodes = vq.encode(adPicture(record.adImage, static_cast<int>(grid * vq.config().downsampleFactor())).unsqueeze(0))
                         .flatten()
                         .to(torch::kCPU);
    return out;
}

AdSample drawAdSample(const PreparedAdRecord& record, const SampleDraw& draw) {
    AdSample sample;
    sample.brief = record.brief;
    sample.title = record.titles[draw.seed % record.titles.size()];
    sample.control = record.control;
    sample.imageCodes = record.imageCodes;
    sample.unconditional = draw.unconditional;
    if (draw.unconditional || draw.historyLength <= 0 || record.historyTitles.empty()) {
        sample.historyImages = record.historyImages.narrow(0, 0, 0);
        return sample;
    }
    personalize::HistoryCandidates candidates;
    candidates.titles = record.historyTitles;
    candidates.similarity = record.similarity;
    candidates.productTitle = record.productTitle;
    std::string joined;
    for (const auto& t : record.titles) joined += (joined.empty() ? "" : "<title_split>") + t;
    candidates.targetTitle = joined;
    // PSS takes seeds below 2^32 (NumPy's limit).
    const auto chosen = personalize::selectHistory(candidates, draw.historyLength, personalize::HistoryStrategy::Pss,
                                                   draw.seed & 0xFFFFFFFFULL);
    std::vector<int64_t> rows;
    for (const int i : chosen) {
        rows.push_back(i);
        sample.historyTitles.push_back(record.historyTitles[static_cast<size_t>(i)]);
    }
    sample.historyImages = record.historyImages.index_select(0, torch::tensor(rows, torch::kInt64));
    return sample;
}

}  // namespace adgen::train
