#include "adgen/image_files.h"

#include "adgen/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

namespace adgen {
namespace {

void write(const std::string& path, int width, int height, int channels, const std::vector<uint8_t>& pixels) {
    if (pixels.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * static_cast<size_t>(channels) ||
        width <= 0 || height <= 0)
        throw Error("The image for " + path + " is empty or its pixels do not match its size.",
                    "This is a bug in AdGen; please report it with the command you ran.");
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ignored;
    if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
    // OpenCV wants BGR(A); the Mat wraps our buffer without copying.
    const cv::Mat source(height, width, channels == 4 ? CV_8UC4 : CV_8UC3, const_cast<uint8_t*>(pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(source, bgr, channels == 4 ? cv::COLOR_RGBA2BGRA : cv::COLOR_RGB2BGR);
    bool written = false;
    try {
        written = cv::imwrite(path, bgr);
    } catch (const cv::Exception&) {
        written = false;
    }
    if (!written)
        throw Error("Could not write the image " + path + ".",
                    "Check that the folder exists and is writable and that the name ends in .png.");
}

}  // namespace

void writePngFile(const std::string& path, const RgbImage& image) { write(path, image.width, image.height, 3, image.pixels); }

void writePngFile(const std::string& path, const RgbaImage& image) { write(path, image.width, image.height, 4, image.pixels); }

}  // namespace adgen
