#include "adgen/product_cutout.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <functional>

#include "error_message.h"

namespace fs = std::filesystem;

namespace {

// Fixtures are written by tools/make_image_fixtures.py with its own PNG encoder.
std::string fixture(const std::string& name) { return std::string(ADGEN_FIXTURES_DIR) + "/images/" + name; }


const std::uint8_t* pixel(const adgen::RgbaImage& image, int x, int y) {
    return &image.pixels[(std::size_t(y) * image.width + x) * 4];
}

}  // namespace

TEST(ProductCutout, BoxAndCoverageCountOnlyAlphaAboveFifty) {
    const adgen::ProductCutout cutout = adgen::loadProductCutout(fixture("rgba_box.png"));
    const adgen::ImageInspection& info = cutout.inspection;
    EXPECT_EQ(info.format, "PNG");
    EXPECT_EQ(info.width, 40);
    EXPECT_EQ(info.height, 30);
    EXPECT_TRUE(info.hasAlpha);
    EXPECT_EQ(info.productBox, (adgen::PixelRect{10, 5, 26, 21}));
    EXPECT_DOUBLE_EQ(info.coverage, 301.0 / 1200.0);
}

TEST(ProductCutout, DecodesToStraightRgbaInRgbOrder) {
    const adgen::ProductCutout cutout = adgen::loadProductCutout(fixture("rgba_box.png"));
    const std::uint8_t* inside = pixel(cutout.image, 10, 5);
    EXPECT_EQ((std::vector<int>{inside[0], inside[1], inside[2], inside[3]}), (std::vector<int>{200, 40, 40, 255}));
    const std::uint8_t* faint = pixel(cutout.image, 2, 2);
    EXPECT_EQ((std::vector<int>{faint[0], faint[1], faint[2], faint[3]}), (std::vector<int>{0, 0, 255, 50}));
}

TEST(ProductCutout, PaletteTransparencyCountsAsAlpha) {
    const adgen::ImageInspection info = adgen::loadProductCutout(fixture("palette_trns.png")).inspection;
    EXPECT_TRUE(info.hasAlpha);
    EXPECT_EQ(info.productBox, (adgen::PixelRect{0, 6, 10, 10}));
    EXPECT_DOUBLE_EQ(info.coverage, 17.0 / 256.0);
}

TEST(ProductCutout, GreyWithAlphaIsExpandedToRgba) {
    const adgen::ProductCutout cutout = adgen::loadProductCutout(fixture("gray_alpha.png"));
    EXPECT_EQ(cutout.inspection.productBox, (adgen::PixelRect{3, 0, 3, 10}));
    const std::uint8_t* p = pixel(cutout.image, 4, 4);
    EXPECT_EQ((std::vector<int>{p[0], p[1], p[2], p[3]}), (std::vector<int>{128, 128, 128, 255}));
}

TEST(ProductCutout, SixteenBitChannelsAreScaledToEightBits) {
    const adgen::ProductCutout cutout = adgen::loadProductCutout(fixture("rgba16.png"));
    EXPECT_EQ(cutout.inspection.bitDepth, 16);
    EXPECT_EQ(cutout.inspection.productBox, (adgen::PixelRect{4, 4, 2, 2}));
    const std::uint8_t* p = pixel(cutout.image, 4, 4);
    EXPECT_NEAR(p[0], 128, 1);
    EXPECT_EQ(p[3], 255);
}

TEST(ProductCutout, ImageWithoutAlphaIsRejectedWithTheFix) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("rgb_opaque.png")); });
    EXPECT_NE(message.find("rgb_opaque.png: The image has no alpha channel"), std::string::npos) << message;
    EXPECT_NE(message.find("transparent background"), std::string::npos) << message;
}

TEST(ProductCutout, OpaqueAlphaIsRejectedAsBackgroundNotRemoved) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("rgba_opaque.png")); });
    EXPECT_NE(message.find("every pixel is opaque"), std::string::npos) << message;
}

TEST(ProductCutout, FullyTransparentImageIsRejected) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("rgba_empty.png")); });
    EXPECT_NE(message.find("fully transparent"), std::string::npos) << message;
}

TEST(ProductCutout, TruncatedPngIsReportedAsCorrupt) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("truncated.png")); });
    EXPECT_NE(message.find("truncated.png looks like a PNG file but cannot be decoded"), std::string::npos)
        << message;
}

TEST(ProductCutout, TextFileIsReportedAsNotAnImage) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("not_an_image.png")); });
    EXPECT_NE(message.find("not_an_image.png is not an image AdGen can read"), std::string::npos) << message;
}

TEST(ProductCutout, MissingFileNamesThePath) {
    const std::string message = errorOf([] { adgen::loadProductCutout(fixture("absent.png")); });
    EXPECT_NE(message.find("Image file not found"), std::string::npos) << message;
    EXPECT_NE(message.find("absent.png"), std::string::npos) << message;
}

TEST(ProductCutout, InspectionOfAnImageWithoutAlphaStillReportsItsSize) {
    const adgen::ImageInspection info = adgen::decodeImageFile(fixture("rgb_opaque.png")).inspection;
    EXPECT_EQ(info.width, 8);
    EXPECT_FALSE(info.hasAlpha);
    EXPECT_FALSE(info.usableAsProduct());
    EXPECT_EQ(info.productBox, (adgen::PixelRect{0, 0, 8, 8}));
}

TEST(ProductCutout, JpegIsRecognisedAndHasNoAlpha) {
    const fs::path jpeg = fs::temp_directory_path() / "adgen-cutout-test.jpg";
    ASSERT_TRUE(cv::imwrite(jpeg.string(), cv::Mat(6, 6, CV_8UC3, cv::Scalar(1, 2, 3))));
    const adgen::ImageInspection info = adgen::decodeImageFile(jpeg.string()).inspection;
    fs::remove(jpeg);
    EXPECT_EQ(info.format, "JPEG");
    EXPECT_FALSE(info.hasAlpha);
}
