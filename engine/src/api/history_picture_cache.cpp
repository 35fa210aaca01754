#include "api/history_picture_cache.h"

#include "personalize/product_inputs.h"

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

}  // namespace

torch::Tensor HistoryPictureCache::get(const RgbaImage& picture, int size) {
    const auto key = pictureKey(picture, size);
    const auto found = index_.find(key);
    if (found != index_.end()) {
        const auto& entry = *found->second;
        if (entry.size == size && entry.picture.width == picture.width && entry.picture.height == picture.height &&
            entry.picture.pixels == picture.pixels) {
            entries_.splice(entries_.begin(), entries_, found->second);
            ++hits_;
            return entries_.front().prepared;
        }
        entries_.erase(found->second);  // a collision: the newer picture takes the key
        index_.erase(found);
    }
    const image::Image8 pixels{picture.width, picture.height, 4, picture.pixels};
    auto prepared = personalize::prepareHistoryImage(pixels, size);
    entries_.push_front({key, picture, size, prepared});
    index_[key] = entries_.begin();
    if (entries_.size() > capacity_) {
        index_.erase(entries_.back().key);
        entries_.pop_back();
    }
    return prepared;
}

}  // namespace adgen::api
