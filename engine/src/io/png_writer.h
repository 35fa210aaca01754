#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace adgen::io {

// Writes 8-bit RGB pixels (rows top to bottom) as a PNG. Deliberately dependency-free (stored,
// uncompressed deflate blocks) so the engine-only build, which has no OpenCV, can save images;
// the studio's exporter writes compressed PNGs with their metadata.
void writeRgbPng(const std::filesystem::path& path, int width, int height, const std::vector<uint8_t>& rgb);

}  // namespace adgen::io
