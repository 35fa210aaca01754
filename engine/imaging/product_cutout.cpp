#include "adgen/product_cutout.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include "adgen/error.h"

namespace adgen {
namespace fs = std::filesystem;

namespace {

const char* const kCutoutFix =
    "Use a PNG with a transparent background: remove the background in your image editor and "
    "export as PNG with transparency.";

// Names the format from the first bytes, so a decode failure can say "corrupt PNG" rather than
// "not an image", which tell the user different things to do.
std::string formatFromSignature(const std::string& path) {
    std::array<char, 12> head{};
    std::ifstream in(path, std::ios::binary);
    in.read(head.data(), head.size());
    const std::string bytes(head.data(), static_cast<std::size_t>(in.gcount()));
    auto startsWith = [&](std::string_view prefix) { return bytes.compare(0, prefix.size(), prefix) == 0; };
    if (startsWith("\x89PNG\r\n\x1a\n")) return "PNG";
    if (startsWith("\xFF\xD8\xFF")) return "JPEG";
    if (startsWith("RIFF") && bytes.size() >= 12 && bytes.compare(8, 4, "WEBP") == 0) return "WebP";
    if (startsWith("GIF8")) return "GIF";
    if (startsWith("BM")) return "BMP";
    if (startsWith(std::string_view("II*\0", 4)) || startsWith(std::string_view("MM\0*", 4))) return "TIFF";
    return {};
}

RgbaImage toRgba(const cv::Mat& decoded) {
    cv::Mat eightBit = decoded;
    if (decoded.depth() == CV_16U) {
        decoded.convertTo(eightBit, CV_8U, 1.0 / 257.0);
    } else if (decoded.depth() != CV_8U) {
        throw Error("Unsupported pixel depth in the image.", "Save it as an 8- or 16-bit PNG.");
    }
    cv::Mat rgba;
    switch (eightBit.channels()) {
        case 1: cv::cvtColor(eightBit, rgba, cv::COLOR_GRAY2RGBA); break;
        case 2: {  // grey + alpha
            std::vector<cv::Mat> planes;
            cv::split(eightBit, planes);
            cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, rgba);
            break;
        }
        case 3: cv::cvtColor(eightBit, rgba, cv::COLOR_BGR2RGBA); break;
        case 4: cv::cvtColor(eightBit, rgba, cv::COLOR_BGRA2RGBA); break;
        default: throw Error("Unsupported channel count in the image.", kCutoutFix);
    }
    RgbaImage image;
    image.width = rgba.cols;
    image.height = rgba.rows;
    image.pixels.assign(rgba.data, rgba.data + rgba.total() * 4);  // cvtColor output is continuous
    return image;
}

}  // namespace

ImageInspection inspectRgba(const RgbaImage& image, bool hasAlpha) {
    ImageInspection result;
    result.width = image.width;
    result.height = image.height;
    result.hasAlpha = hasAlpha;

    int minX = image.width, minY = image.height, maxX = -1, maxY = -1;
    std::size_t productPixels = 0;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const int alpha = image.alphaAt(x, y);
            if (alpha < 255) result.anyTransparency = true;
            if (alpha > kProductAlphaThreshold) {
                ++productPixels;
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
        }
    }
    if (productPixels > 0) result.productBox = {minX, minY, maxX - minX + 1, maxY - minY + 1};
    const double pixelCount = double(image.width) * double(image.height);
    result.coverage = pixelCount > 0 ? double(productPixels) / pixelCount : 0.0;

    if (!hasAlpha) {
        result.unusableReason = "The image has no alpha channel, so the product cannot be "
                                "separated from its background.";
        result.unusableFix = kCutoutFix;
    } else if (!result.anyTransparency) {
        result.unusableReason = "The image has an alpha channel but every pixel is opaque: the "
                                "background was not removed.";
        result.unusableFix = kCutoutFix;
    } else if (productPixels == 0) {
        result.unusableReason = "The image is fully transparent: no pixel has alpha above " +
                                std::to_string(kProductAlphaThreshold) + ".";
        result.unusableFix = "Export the cut-out again; the product layer seems to be missing.";
    }
    return result;
}

ProductCutout decodeImageFile(const std::string& path) {
    const std::string name = fs::path(path).filename().string();
    if (!fs::exists(path)) {
        throw Error("Image file not found: " + path + ".", "Check the path or choose another file.");
    }
    if (fs::is_directory(path)) {
        throw Error(path + " is a folder, not an image.", "Choose a PNG file.");
    }
    const std::string format = formatFromSignature(path);
    cv::Mat decoded;
    try {
        decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        decoded.release();  // OpenCV throws on some malformed headers; treat like a failed decode
    }
    if (decoded.empty()) {
        if (format.empty()) {
            throw Error(name + " is not an image AdGen can read.",
                        "Choose a PNG file (WebP, TIFF and BMP with alpha also work).");
        }
        throw Error(name + " looks like a " + format + " file but cannot be decoded: it is "
                        "corrupt, truncated or uses a variant that is not supported.",
                    "Export the image again, as a PNG with transparency.");
    }

    ProductCutout cutout;
    cutout.image = toRgba(decoded);
    const int channels = decoded.channels();
    cutout.inspection = inspectRgba(cutout.image, channels == 2 || channels == 4);
    cutout.inspection.path = fs::absolute(path).lexically_normal().string();
    cutout.inspection.format = format.empty() ? "unknown" : format;
    cutout.inspection.channels = channels;
    cutout.inspection.bitDepth = decoded.depth() == CV_16U ? 16 : 8;
    return cutout;
}

ProductCutout loadProductCutout(const std::string& path) {
    ProductCutout cutout = decodeImageFile(path);
    if (!cutout.inspection.usableAsProduct()) {
        throw Error(fs::path(path).filename().string() + ": " + cutout.inspection.unusableReason,
                    cutout.inspection.unusableFix);
    }
    return cutout;
}

}  // namespace adgen
