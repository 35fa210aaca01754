#include "api/history_picture_cache.h"

#include "personalize/product_inputs.h"

#include <ATen/Parallel.h>

namespace adgen::api {
namespace {

// FNV-1a over the size and the pixels.
uint64_t pictureKey(const RgbaImage& picture, int size) {
    uint64_t h = 1469598103934665603ULL;
    const auto mix = [&h](uint64_t value) {
        h ^= value;
        h *= 1099511628211ULL;
    };
    mix(static_cast<uint64_t>(picture.width));
    mix(static_cast<uint64_t>(picture.height));
    mix(static_cast<uint64_t>(size));
    for (const uint8_t byte : picture.pixels) mix(byte);
    return h;
}

torch::Tensor prepare(const RgbaImage& picture, int size) {
    return personalize::prepareHistoryImage(image::Image8{picture.width, picture.height, 4, picture.pixels}, size);
}

}  // namespace

const torch::Tensor* HistoryPictureCache::find(const RgbaImage& picture, int size, uint64_t key) {
    const auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    const auto& entry = *found->second;
    if (entry.size == size && entry.picture.width == picture.width && entry.picture.height == picture.height &&
        entry.picture.pixels == picture.pixels) {
        entries_.splice(entries_.begin(), entries_, found->second);
        ++hits_;
        return &entries_.front().prepared;
    }
    entries_.erase(found->second);  // a collision: the newer picture takes the key
    index_.erase(found);
    return nullptr;
}

void HistoryPictureCache::insert(const RgbaImage& picture, int size, uint64_t key, const torch::Tensor& prepared) {
    if (index_.count(key)) return;  // the same picture twice in one getAll
    entries_.push_front({key, picture, size, prepared});
    index_[key] = entries_.begin();
    if (entries_.size() > capacity_) {
        index_.erase(entries_.back().key);
        entries_.pop_back();
    }
}

torch::Tensor HistoryPictureCache::get(const RgbaImage& picture, int size) { return getAll({&picture}, size).front(); }

std::vector<torch::Tensor> HistoryPictureCache::getAll(const std::vector<const RgbaImage*>& pictures, int size) {
    std::vector<torch::Tensor> out(pictures.size());
    std::vector<uint64_t> keys(pictures.size());
    std::vector<size_t> missing;
    for (size_t i = 0; i < pictures.size(); ++i) {
        keys[i] = pictureKey(*pictures[i], size);
        if (const auto* kept = find(*pictures[i], size, keys[i]))
            out[i] = *kept;
        else
            missing.push_back(i);
    }
    // Each picture is independent pixel work; Pillow-exact resizing has no faster form.
    at::parallel_for(0, static_cast<int64_t>(missing.size()), 1, [&](int64_t begin, int64_t end) {
        for (auto k = begin; k < end; ++k) {
            const auto i = missing[static_cast<size_t>(k)];
            out[i] = prepare(*pictures[i], size);
        }
    });
    for (const auto i : missing) insert(*pictures[i], size, keys[i], out[i]);
    return out;
}

}  // namespace adgen::api
