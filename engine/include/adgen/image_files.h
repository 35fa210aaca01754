#pragma once

// Writing images the engine produced (OpenCV, in adgen_imaging): compressed PNGs for the CLI's
// outputs. Reading goes through decodeImageFile (product_cutout.h).

#include "adgen/engine.h"
#include "adgen/product_cutout.h"

#include <string>

namespace adgen {

// Write a PNG (creating missing parent folders). Throws adgen::Error naming the file when it
// cannot be written.
void writePngFile(const std::string& path, const RgbImage& image);
void writePngFile(const std::string& path, const RgbaImage& image);

}  // namespace adgen
