#pragma once

// The shopper's clicks as the preference encoder sees them (prepareHistoryImage), kept between
// generations. Preparing a click is a Pillow-exact resize to 512 px and then to the model's size,
// about 7 ms for a 256 px picture; the studio generates for the same shopper again and again
// (variants, re-rolls, other products), so the second time the first copy token comes sooner.
// Owned by the engine thread; not thread-safe (getAll's own worker threads only prepare pixels).

#include "adgen/product_cutout.h"

#include <torch/torch.h>

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

namespace adgen::api {

class HistoryPictureCache {
public:
    explicit HistoryPictureCache(size_t capacity = 128) : capacity_(capacity) {}

    // The prepared picture ([3, size, size], [-1, 1]) of `picture`; prepared now when it is not
    // kept. The least recently used picture is dropped beyond `capacity`.
    torch::Tensor get(const RgbaImage& picture, int size);

    // get() for each picture, in order. The pictures not kept are prepared in parallel over the
    // intra-op threads: ten new clicks otherwise cost a new shopper's first copy token ~70 ms.
    std::vector<torch::Tensor> getAll(const std::vector<const RgbaImage*>& pictures, int size);

    size_t size() const { return entries_.size(); }
    int64_t hits() const { return hits_; }

private:
    const torch::Tensor* find(const RgbaImage& picture, int size, uint64_t key);
    void insert(const RgbaImage& picture, int size, uint64_t key, const torch::Tensor& prepared);

    struct Entry {
        uint64_t key;
        RgbaImage picture;  // compared in full on a key match, so a hash collision cannot swap pictures
        int size;
        torch::Tensor prepared;
    };
    size_t capacity_;
    std::list<Entry> entries_;  // most recently used first
    std::unordered_map<uint64_t, std::list<Entry>::iterator> index_;
    int64_t hits_ = 0;
};

}  // namespace adgen::api
