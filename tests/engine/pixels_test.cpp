// Pillow-compatible pixel operations and the product / history inputs of Uni-AdGen, against
// fixtures computed by Pillow 9.4, torch 1.13 and Uni-AdGen's own adjust_online_trans
// (tools/make_pixel_fixtures.py, tests/fixtures/pixels/README.md), plus the behaviours we rely on.

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "error_message.h"
#include "image/image8.h"
#include "image/pillow_convert.h"
#include "image/pillow_ops.h"
#include "image/pillow_resample.h"
#include "io/safetensors.h"
#include "personalize/product_inputs.h"

namespace {

using adgen::image::Image8;
using adgen::image::ResampleFilter;

std::shared_ptr<adgen::io::SafetensorsFile> fixture(const std::string& name) {
    return adgen::io::SafetensorsFile::open(std::string(ADGEN_FIXTURES_DIR) + "/pixels/" + name);
}

torch::Tensor tensorOf(const adgen::io::SafetensorsFile& file, const std::string& key) {
    const auto* entry = file.find(key);
    if (!entry) throw std::runtime_error(file.path().string() + " has no " + key);
    return file.read(*entry, torch::kFloat32).clone();
}

// A U8 [H, W, C] fixture tensor as an image.
Image8 imageOf(const adgen::io::SafetensorsFile& file, const std::string& key) {
    const auto t = tensorOf(file, key).to(torch::kUInt8).contiguous();
    Image8 image;
    image.height = static_cast<int>(t.size(0));
    image.width = static_cast<int>(t.size(1));
    image.channels = static_cast<int>(t.size(2));
    image.data.assign(t.data_ptr<uint8_t>(), t.data_ptr<uint8_t>() + t.numel());
    return image;
}

// Empty when equal, else the sizes or the number of differing bytes, the largest difference and
// where the first one is.
std::string differences(const Image8& actual, const Image8& expected) {
    std::ostringstream out;
    if (actual.width != expected.width || actual.height != expected.height || actual.channels != expected.channels) {
        out << "size " << actual.width << "x" << actual.height << "x" << actual.channels << " vs "
            << expected.width << "x" << expected.height << "x" << expected.channels;
        return out.str();
    }
    size_t count = 0, first = 0;
    int largest = 0;
    for (size_t i = 0; i < actual.data.size(); ++i) {
        const int d = std::abs(int(actual.data[i]) - int(expected.data[i]));
        if (d == 0) continue;
        if (count++ == 0) first = i;
        largest = std::max(largest, d);
    }
    if (count == 0) return "";
    const size_t pixel = first / static_cast<size_t>(actual.channels);
    out << count << " bytes differ (largest by " << largest << "), first at x=" << pixel % size_t(actual.width)
        << " y=" << pixel / size_t(actual.width) << " channel " << first % size_t(actual.channels);
    return out.str();
}

Image8 sampled(const Image8& image, int stride) {
    Image8 out = adgen::image::makeImage((image.width + stride - 1) / stride, (image.height + stride - 1) / stride,
                                         image.channels);
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            for (int c = 0; c < image.channels; ++c) out.at(x, y, c) = image.at(x * stride, y * stride, c);
        }
    }
    return out;
}

double maxAbsDifference(const torch::Tensor& a, const torch::Tensor& b) {
    EXPECT_EQ(a.sizes(), b.sizes());
    if (a.sizes() != b.sizes()) return 1e9;
    return (a - b).abs().max().item<double>();
}

ResampleFilter filterNamed(const std::string& name) {
    static const std::map<std::string, ResampleFilter> filters = {
        {"nearest", ResampleFilter::Nearest},
        {"bilinear", ResampleFilter::Bilinear},
        {"bicubic", ResampleFilter::Bicubic},
        {"lanczos", ResampleFilter::Lanczos},
        {"default", adgen::image::kPillowDefaultResizeFilter}};
    return filters.at(name);
}

// Runs every resize/<input>/<W>x<H>/<filter> case of resize.safetensors for one filter; returns
// how many ran.
int checkResizeCases(const std::string& filterName) {
    const auto file = fixture("resize.safetensors");
    int cases = 0;
    for (const auto& entry : file->entries()) {
        // resize/<input>/<W>x<H>/<filter>
        std::vector<std::string> parts;
        std::stringstream ss(entry.name);
        for (std::string part; std::getline(ss, part, '/');) parts.push_back(part);
        if (parts.size() != 4 || parts[0] != "resize" || parts[3] != filterName) continue;
        const auto x = parts[2].find('x');
        const int width = std::stoi(parts[2].substr(0, x));
        const int height = std::stoi(parts[2].substr(x + 1));
        const Image8 input = imageOf(*file, "input/" + parts[1]);
        const Image8 actual = adgen::image::pillowResize(input, width, height, filterNamed(filterName));
        EXPECT_EQ(differences(actual, imageOf(*file, entry.name)), "") << entry.name;
        ++cases;
    }
    return cases;
}

// The 512x512 RGB pattern tools/make_pixel_fixtures.py builds too.
Image8 synthetic512() {
    Image8 image = adgen::image::makeImage(512, 512, 3);
    for (int y = 0; y < 512; ++y) {
        for (int x = 0; x < 512; ++x) {
            image.at(x, y, 0) = static_cast<uint8_t>((x * 3 + y * 5) & 255);
            image.at(x, y, 1) = static_cast<uint8_t>((x * y) & 255);
            image.at(x, y, 2) = static_cast<uint8_t>((x ^ y) & 255);
        }
    }
    return image;
}

// An RGBA canvas with an opaque rectangle [x0, x1) x [y0, y1) of one colour.
Image8 rectangleProduct(int w, int h, int x0, int y0, int x1, int y1, std::vector<uint8_t> colour = {200, 40, 90, 255}) {
    Image8 image = adgen::image::makeImage(w, h, 4);
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            for (int c = 0; c < 4; ++c) image.at(x, y, c) = colour[static_cast<size_t>(c)];
        }
    }
    return image;
}

struct Box {
    int minX = 1 << 30, minY = 1 << 30, maxX = -1, maxY = -1;
};

Box opaqueBox(const Image8& rgba, int threshold = 50) {
    Box box;
    for (int y = 0; y < rgba.height; ++y) {
        for (int x = 0; x < rgba.width; ++x) {
            if (rgba.at(x, y, 3) <= threshold) continue;
            box.minX = std::min(box.minX, x);
            box.maxX = std::max(box.maxX, x);
            box.minY = std::min(box.minY, y);
            box.maxY = std::max(box.maxY, y);
        }
    }
    return box;
}

// ---------------------------------------------------------------------------------------------
// Resampling parity

TEST(PillowResize, NearestMatchesPillow) { EXPECT_EQ(checkResizeCases("nearest"), 21); }
TEST(PillowResize, BilinearMatchesPillow) { EXPECT_EQ(checkResizeCases("bilinear"), 21); }
TEST(PillowResize, BicubicMatchesPillow) { EXPECT_EQ(checkResizeCases("bicubic"), 21); }
TEST(PillowResize, LanczosMatchesPillow) { EXPECT_EQ(checkResizeCases("lanczos"), 21); }
TEST(PillowResize, DefaultFilterIsPillowsBicubic) { EXPECT_EQ(checkResizeCases("default"), 3); }

TEST(PillowResize, SameSizeIsACopy) {
    const Image8 image = synthetic512();
    EXPECT_EQ(adgen::image::pillowResize(image, 512, 512, ResampleFilter::Lanczos), image);
}

TEST(PillowResize, RgbaResizesPremultipliedSoHiddenColourDoesNotBleed) {
    // Left half invisible green, right half opaque red: straight-alpha averaging would tint the
    // edge green; premultiplied averaging keeps visible pixels pure red.
    Image8 image = adgen::image::makeImage(8, 2, 4);
    for (int y = 0; y < 2; ++y) {
        for (int x = 0; x < 8; ++x) {
            const bool visible = x >= 4;
            image.at(x, y, 0) = visible ? 255 : 0;
            image.at(x, y, 1) = visible ? 0 : 255;
            image.at(x, y, 3) = visible ? 255 : 0;
        }
    }
    const Image8 out = adgen::image::pillowResize(image, 3, 2, ResampleFilter::Bilinear);
    for (int x = 0; x < 3; ++x) {
        if (out.at(x, 0, 3) == 0) continue;
        EXPECT_EQ(out.at(x, 0, 1), 0) << "x=" << x;
        EXPECT_EQ(out.at(x, 0, 0), 255) << "x=" << x;
    }
}

TEST(PillowResize, RejectsEmptyTargetsAndSources) {
    const Image8 image = adgen::image::makeImage(4, 4, 3);
    EXPECT_NE(errorOf([&] { adgen::image::pillowResize(image, 0, 4, ResampleFilter::Bicubic); }).find("at least 1"),
              std::string::npos);
    const Image8 empty = adgen::image::makeImage(0, 3, 3);
    EXPECT_NE(errorOf([&] { adgen::image::pillowResize(empty, 2, 2, ResampleFilter::Bicubic); }).find("without pixels"),
              std::string::npos);
    Image8 broken = image;
    broken.data.pop_back();
    EXPECT_NE(errorOf([&] { adgen::image::pillowResize(broken, 2, 2, ResampleFilter::Bicubic); }).find("bytes"),
              std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Crop, paste, compositing, conversions

TEST(PillowOps, CropInsideMatchesPillow) {
    const auto file = fixture("ops.safetensors");
    const Image8 src = imageOf(*file, "ops/src_rgba");
    EXPECT_EQ(differences(adgen::image::pillowCrop(src, 3, 2, 20, 15), imageOf(*file, "ops/crop_inside")), "");
}

TEST(PillowOps, CropOutsideTheImageFillsZeros) {
    const auto file = fixture("ops.safetensors");
    const Image8 src = imageOf(*file, "ops/src_rgba");
    EXPECT_EQ(differences(adgen::image::pillowCrop(src, -4, -3, 33, 12), imageOf(*file, "ops/crop_outside")), "");
}

TEST(PillowOps, EmptyCropIsEmptyAndInvertedCropIsAnError) {
    const Image8 src = adgen::image::makeImage(5, 5, 4, {1, 2, 3, 4});
    const Image8 empty = adgen::image::pillowCrop(src, 2, 1, 2, 4);
    EXPECT_EQ(empty.width, 0);
    EXPECT_EQ(empty.height, 3);
    EXPECT_TRUE(empty.data.empty());
    EXPECT_NE(errorOf([&] { adgen::image::pillowCrop(src, 3, 0, 2, 1); }).find("inverted"), std::string::npos);
}

TEST(PillowOps, PasteReplacesPixelsIncludingAlphaAndClipsAtTheEdges) {
    const auto file = fixture("ops.safetensors");
    const Image8 src = imageOf(*file, "ops/src_rgba");
    Image8 canvas = imageOf(*file, "ops/dst_rgba");
    adgen::image::pillowPaste(canvas, adgen::image::pillowCrop(src, 0, 0, 12, 9), 22, -3);
    EXPECT_EQ(differences(canvas, imageOf(*file, "ops/paste_clipped")), "");
    Image8 rgb = adgen::image::makeImage(4, 4, 3);
    EXPECT_NE(errorOf([&] { adgen::image::pillowPaste(rgb, src, 0, 0); }).find("channel"), std::string::npos);
}

TEST(PillowOps, AlphaCompositeMatchesPillow) {
    const auto file = fixture("ops.safetensors");
    const Image8 actual =
        adgen::image::pillowAlphaComposite(imageOf(*file, "ops/dst_rgba"), imageOf(*file, "ops/src_rgba"));
    EXPECT_EQ(differences(actual, imageOf(*file, "ops/alpha_composite")), "");
}

TEST(PillowOps, AlphaCompositeNeedsTwoRgbaImagesOfOneSize) {
    const Image8 a = adgen::image::makeImage(4, 4, 4);
    EXPECT_NE(errorOf([&] { adgen::image::pillowAlphaComposite(a, adgen::image::makeImage(4, 5, 4)); }).find("one size"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { adgen::image::pillowAlphaComposite(a, adgen::image::makeImage(4, 4, 3)); }).find("RGBA"),
              std::string::npos);
}

TEST(PillowOps, ConversionsMatchPillow) {
    const auto file = fixture("ops.safetensors");
    const Image8 src = imageOf(*file, "ops/src_rgba");
    EXPECT_EQ(differences(adgen::image::convertToRgb(src), imageOf(*file, "ops/convert_rgb")), "");
    EXPECT_EQ(differences(adgen::image::premultiplyAlpha(src), imageOf(*file, "ops/premultiplied")), "");
    EXPECT_EQ(differences(adgen::image::unpremultiplyAlpha(src), imageOf(*file, "ops/unpremultiplied")), "");
    EXPECT_EQ(differences(adgen::image::convertToRgb(imageOf(*file, "ops/grey")), imageOf(*file, "ops/grey_to_rgb")),
              "");
}

// ---------------------------------------------------------------------------------------------
// Product inputs

const std::vector<std::string> kProducts = {"wide_scaled", "wide_unscaled", "tall_scaled"};

double maxRatioOf(const adgen::io::SafetensorsFile& file, const std::string& product) {
    return std::stod(file.metadata().at(product + ".max_ratio"));
}

TEST(ProductInputs, RecentreMatchesAdjustOnlineTrans) {
    const auto file = fixture("product.safetensors");
    for (const auto& name : kProducts) {
        const Image8 cutout = imageOf(*file, "product/" + name + "/cutout");
        const Image8 actual = adgen::personalize::recentreProduct(cutout, maxRatioOf(*file, name));
        EXPECT_EQ(differences(actual, imageOf(*file, "product/" + name + "/recentred")), "") << name;
    }
}

TEST(ProductInputs, ControlAndAlphaImagesAt512MatchTheReference) {
    // The 8-bit stages of prepareProduct, composed the same way, against the reference's 512-px
    // images (sampled every 11th pixel in the fixture).
    const auto file = fixture("product.safetensors");
    using namespace adgen::image;
    for (const auto& name : kProducts) {
        const Image8 recentred = imageOf(*file, "product/" + name + "/recentred");
        const Image8 white = makeImage(recentred.width, recentred.height, 4, {255, 255, 255, 255});
        const Image8 control = pillowResize(convertToRgb(pillowAlphaComposite(white, recentred)), 512, 512,
                                            kPillowDefaultResizeFilter);
        const Image8 alpha = pillowResize(recentred, 512, 512, kPillowDefaultResizeFilter);
        EXPECT_EQ(differences(sampled(control, 11), imageOf(*file, "product/" + name + "/control_512_s11")), "")
            << name;
        EXPECT_EQ(differences(sampled(alpha, 11), imageOf(*file, "product/" + name + "/alpha_512_s11")), "") << name;
    }
}

TEST(ProductInputs, TensorsMatchTheReferenceAtASmallModelSize) {
    const auto file = fixture("product.safetensors");
    for (const auto& name : kProducts) {
        const auto inputs = adgen::personalize::prepareProduct(imageOf(*file, "product/" + name + "/cutout"),
                                                               maxRatioOf(*file, name), 32);
        EXPECT_LE(maxAbsDifference(inputs.control, tensorOf(*file, "product/" + name + "/control_32")), 1e-5) << name;
        EXPECT_LE(maxAbsDifference(inputs.transAlpha, tensorOf(*file, "product/" + name + "/trans_alpha_32")), 1e-5)
            << name;
        EXPECT_EQ(differences(inputs.recentred, imageOf(*file, "product/" + name + "/recentred")), "") << name;
    }
}

TEST(ProductInputs, TensorsMatchTheReferenceAt384) {
    const auto file = fixture("product.safetensors");
    const auto inputs =
        adgen::personalize::prepareProduct(imageOf(*file, "product/wide_scaled/cutout"), maxRatioOf(*file, "wide_scaled"));
    ASSERT_EQ(inputs.control.sizes(), (std::vector<int64_t>{3, 384, 384}));
    ASSERT_EQ(inputs.transAlpha.sizes(), (std::vector<int64_t>{4, 384, 384}));
    using torch::indexing::None;
    using torch::indexing::Slice;
    const auto every12 = [](const torch::Tensor& t) { return t.index({Slice(), Slice(0, None, 12), Slice(0, None, 12)}); };
    EXPECT_LE(maxAbsDifference(every12(inputs.control), tensorOf(*file, "product/wide_scaled/control_384_s12")), 1e-5);
    EXPECT_LE(maxAbsDifference(every12(inputs.transAlpha), tensorOf(*file, "product/wide_scaled/trans_alpha_384_s12")),
              1e-5);
    EXPECT_GE(inputs.control.min().item<float>(), -1.0f);
    EXPECT_LE(inputs.control.max().item<float>(), 1.0f);
    EXPECT_GE(inputs.transAlpha.min().item<float>(), 0.0f);
    EXPECT_LE(inputs.transAlpha.max().item<float>(), 1.0f);
}

TEST(ProductInputs, RecentredProductKeepsItsBoxCentreAndFitsMaxRatio) {
    // A 40x10 product in the top-left corner of a 100x80 canvas, limited to 30% of the width.
    const Image8 product = rectangleProduct(100, 80, 5, 6, 45, 16);
    const Image8 out = adgen::personalize::recentreProduct(product, 0.3);
    const Box before = opaqueBox(product);
    const Box after = opaqueBox(out);
    ASSERT_GE(after.maxX, 0);
    const int width = after.maxX - after.minX + 1;
    EXPECT_LE(width, 30);
    EXPECT_GE(width, 28);
    EXPECT_NEAR((after.minX + after.maxX) / 2.0, (before.minX + before.maxX) / 2.0, 1.0);
    EXPECT_NEAR((after.minY + after.maxY) / 2.0, (before.minY + before.maxY) / 2.0, 1.0);
    EXPECT_EQ(out.width, 100);
    EXPECT_EQ(out.height, 80);
    // Unlimited: same place; the reference's crop drops the last opaque column and row.
    const Box same = opaqueBox(adgen::personalize::recentreProduct(product, 1.0));
    EXPECT_EQ(same.minX, before.minX);
    EXPECT_EQ(same.minY, before.minY);
    EXPECT_EQ(same.maxX, before.maxX - 1);
    EXPECT_EQ(same.maxY, before.maxY - 1);
}

TEST(ProductInputs, ASinglePixelProductLeavesAnEmptyCanvasAsTheReferenceDoes) {
    Image8 product = adgen::image::makeImage(12, 10, 4);
    product.at(4, 3, 3) = 200;
    const Image8 out = adgen::personalize::recentreProduct(product, 0.5);
    EXPECT_EQ(out, adgen::image::makeImage(12, 10, 4));
}

TEST(ProductInputs, BadProductsAreClearErrors) {
    using adgen::personalize::prepareProduct;
    using adgen::personalize::recentreProduct;
    const Image8 rgb = adgen::image::makeImage(8, 8, 3, {9, 9, 9});
    EXPECT_NE(errorOf([&] { prepareProduct(rgb, 0.5); }).find("no alpha channel"), std::string::npos);
    EXPECT_NE(errorOf([&] { prepareProduct(rgb, 0.5); }).find("transparent PNG"), std::string::npos);
    Image8 faint = adgen::image::makeImage(8, 8, 4, {255, 0, 0, 50});
    EXPECT_NE(errorOf([&] { recentreProduct(faint, 0.5); }).find("fully transparent"), std::string::npos);
    const Image8 product = rectangleProduct(20, 20, 2, 2, 12, 12);
    EXPECT_NE(errorOf([&] { recentreProduct(product, 0.0); }).find("max_ratio"), std::string::npos);
    EXPECT_NE(errorOf([&] { recentreProduct(product, std::nan("")); }).find("max_ratio"), std::string::npos);
    EXPECT_NE(errorOf([&] { prepareProduct(product, 0.5, 0); }).find("image size"), std::string::npos);
    const Image8 line = rectangleProduct(10, 10, 4, 1, 5, 9);  // one column: the reference fails too
    EXPECT_NE(errorOf([&] { recentreProduct(line, 0.5); }).find("too thin"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// History images

TEST(HistoryImages, MatchTheReferenceProcessor) {
    const auto file = fixture("history.safetensors");
    for (const std::string name : {"rgba_64x48", "l_37x23", "rgb_45x61"}) {
        const Image8 input = imageOf(*file, "history/" + name + "/input");
        const auto actual = adgen::personalize::prepareHistoryImage(input, 32);
        EXPECT_LE(maxAbsDifference(actual, tensorOf(*file, "history/" + name + "/tensor_32")), 1e-5) << name;
    }
}

TEST(HistoryImages, MatchTheReferenceAt128) {
    const auto file = fixture("history.safetensors");
    const auto actual = adgen::personalize::prepareHistoryImage(imageOf(*file, "history/rgba_64x48/input"));
    ASSERT_EQ(actual.sizes(), (std::vector<int64_t>{3, 128, 128}));
    using torch::indexing::None;
    using torch::indexing::Slice;
    const auto every4 = actual.index({Slice(), Slice(0, None, 4), Slice(0, None, 4)});
    EXPECT_LE(maxAbsDifference(every4, tensorOf(*file, "history/rgba_64x48/tensor_128_s4")), 1e-5);
}

TEST(HistoryImages, A512ImageSkipsTheFirstResize) {
    const auto file = fixture("history.safetensors");
    const auto actual = adgen::personalize::prepareHistoryImage(synthetic512(), 32);
    EXPECT_LE(maxAbsDifference(actual, tensorOf(*file, "history/synthetic_512/tensor_32")), 1e-5);
}

TEST(HistoryImages, RejectsSizesBelowTheProcessorMinimum) {
    const Image8 image = adgen::image::makeImage(8, 8, 3);
    EXPECT_NE(errorOf([&] { adgen::personalize::prepareHistoryImage(image, 13); }).find("at least 14"),
              std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Fusion image

TEST(FusionImage, KeepsProductWhereOpaqueAndGeneratedWhereTransparent) {
    torch::manual_seed(3);
    const auto generated = torch::rand({3, 6, 5}) * 2.4 - 1.2;  // some values beyond [-1, 1]
    auto alpha = torch::zeros({4, 6, 5});
    alpha.index_put_({torch::indexing::Slice(0, 3)}, torch::rand({3, 6, 5}));
    alpha.index_put_({3, torch::indexing::Slice(0, 3)}, 1.0);  // top half opaque
    const Image8 fused = adgen::personalize::fuseProduct(generated, alpha);
    const Image8 raw = adgen::personalize::toRgb8(generated);
    ASSERT_EQ(fused.width, 5);
    ASSERT_EQ(fused.height, 6);
    for (int y = 0; y < 6; ++y) {
        for (int x = 0; x < 5; ++x) {
            for (int c = 0; c < 3; ++c) {
                if (y < 3) {
                    // [0,1] colour -> [-1,1] -> back to [0,1] -> * 255 truncated
                    const float v = alpha[c][y][x].item<float>();
                    const float unit = (((v - 0.5f) / 0.5f) + 1.0f) / 2.0f;
                    EXPECT_EQ(fused.at(x, y, c), static_cast<uint8_t>(unit * 255.0f)) << x << "," << y;
                } else {
                    EXPECT_EQ(fused.at(x, y, c), raw.at(x, y, c)) << x << "," << y;
                }
            }
        }
    }
}

TEST(FusionImage, BytesAreDenormalisedClampedAndTruncated) {
    // (x + 1) / 2 * 255: 0.0 -> 127.5 -> 127 (truncated, not rounded); beyond +-1 clamps.
    const auto x = torch::tensor({0.0f, 1.0f, -1.0f, 3.0f, -2.0f, 0.999f}).reshape({3, 1, 2});
    const Image8 out = adgen::personalize::toRgb8(x);
    EXPECT_EQ(out.data, (std::vector<uint8_t>{127, 0, 0, 255, 255, 254}));
}

TEST(FusionImage, ShapeMismatchesAreClearErrors) {
    const auto generated = torch::zeros({3, 8, 8});
    EXPECT_NE(errorOf([&] { adgen::personalize::fuseProduct(generated, torch::zeros({4, 6, 6})); }).find("8x8"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { adgen::personalize::fuseProduct(generated, torch::zeros({3, 8, 8})); }).find("[4, H, W]"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { adgen::personalize::toRgb8(torch::zeros({8, 8})); }).find("[3, H, W]"), std::string::npos);
}

}  // namespace
