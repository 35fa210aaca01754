// HistoryPictureCache: a kept picture is exactly what prepareHistoryImage makes, a changed pixel
// or another size is prepared afresh, and the least recently used picture goes first.

#include "api/history_picture_cache.h"
#include "personalize/product_inputs.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

RgbaImage gradient(int size, uint8_t shade) {
    RgbaImage picture{size, size, std::vector<uint8_t>(static_cast<size_t>(size) * size * 4, 255)};
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            auto* p = &picture.pixels[(static_cast<size_t>(y) * size + x) * 4];
            p[0] = static_cast<uint8_t>(x * 4);
            p[1] = static_cast<uint8_t>(y * 4);
            p[2] = shade;
        }
    return picture;
}

torch::Tensor prepared(const RgbaImage& picture, int size) {
    return personalize::prepareHistoryImage(image::Image8{picture.width, picture.height, 4, picture.pixels}, size);
}

TEST(HistoryPictureCache, KeepsPreparedPicturesAndPreparesChangedOnes) {
    api::HistoryPictureCache cache(8);
    const auto picture = gradient(40, 10);
    const auto first = cache.get(picture, 16);
    EXPECT_TRUE(torch::equal(first, prepared(picture, 16)));
    EXPECT_EQ(cache.get(picture, 16).data_ptr(), first.data_ptr());  // kept, not prepared again
    EXPECT_EQ(cache.hits(), 1);

    auto changed = picture;
    changed.pixels[0] = 99;  // one channel of one pixel (it was 0)
    EXPECT_TRUE(torch::equal(cache.get(changed, 16), prepared(changed, 16)));
    EXPECT_FALSE(torch::equal(cache.get(changed, 16), first));  // the change survives the resizes
    EXPECT_TRUE(torch::equal(cache.get(picture, 32), prepared(picture, 32)));  // another model's size
    EXPECT_EQ(cache.size(), 3u);
}

TEST(HistoryPictureCache, DropsTheLeastRecentlyUsedPicture) {
    api::HistoryPictureCache cache(2);
    const auto a = gradient(20, 1), b = gradient(20, 2), c = gradient(20, 3);
    cache.get(a, 14);
    cache.get(b, 14);
    cache.get(a, 14);  // a is now the most recent
    cache.get(c, 14);  // drops b
    EXPECT_EQ(cache.size(), 2u);
    const auto hits = cache.hits();
    cache.get(a, 14);
    EXPECT_EQ(cache.hits(), hits + 1);
    cache.get(b, 14);  // prepared again
    EXPECT_EQ(cache.hits(), hits + 1);
}

TEST(HistoryPictureCache, GetAllPreparesNewPicturesInParallelAndReusesKeptOnes) {
    api::HistoryPictureCache cache(16);
    std::vector<RgbaImage> clicks;
    for (int k = 0; k < 6; ++k) clicks.push_back(gradient(48, static_cast<uint8_t>(20 * k)));
    const auto kept = cache.get(clicks[2], 16);
    std::vector<const RgbaImage*> batch;
    for (const auto& click : clicks) batch.push_back(&click);
    batch.push_back(&clicks[4]);  // the same click twice in one history
    const auto out = cache.getAll(batch, 16);
    ASSERT_EQ(out.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) EXPECT_TRUE(torch::equal(out[i], prepared(*batch[i], 16))) << i;
    EXPECT_EQ(out[2].data_ptr(), kept.data_ptr());  // the kept one was not prepared again
    EXPECT_EQ(cache.size(), 6u);
    const auto hits = cache.hits();
    const auto again = cache.getAll(batch, 16);
    EXPECT_EQ(cache.hits(), hits + static_cast<int64_t>(batch.size()));
    for (size_t i = 0; i < batch.size(); ++i) EXPECT_TRUE(torch::equal(again[i], out[i])) << i;
}

}  // namespace
}  // namespace adgen
