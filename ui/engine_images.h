#pragma once

#include "adgen/engine.h"

#include <QImage>

// Pixels between Qt and the engine's plain image types (copies: the engine thread never sees a
// QImage, the UI never holds engine buffers).
adgen::RgbaImage toRgbaImage(const QImage& image);  // straight (not premultiplied) alpha
adgen::RgbImage toRgbImage(const QImage& image);    // alpha dropped
QImage toQImage(const adgen::RgbImage& image);
QImage toQImage(const adgen::RgbaImage& image);  // Format_RGBA8888, straight alpha
