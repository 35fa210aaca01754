#pragma once

// Click pictures between the engine and the studio: files are decoded by the engine's decoder
// (the one the generator and `adgen inspect-image` use, so the studio accepts exactly the files
// the CLI does), kept as QImage in the profile library, and handed to the generator as
// adgen::ShopperClick.

#include <QImage>
#include <QList>
#include <QString>

#include <vector>

#include "adgen/engine.h"
#include "profile_click.h"

namespace adgen {
struct ClickEntry;
}

// Click pictures are stored at most this large (longer side, px): the model looks at them at
// 384 px, and a library of hundreds of shoppers stays small.
inline constexpr int kMaxClickImageSide = 512;

// Decodes an image file with the engine's decoder and scales it down so that its longer side is
// at most kMaxClickImageSide (never up). Throws adgen::Error naming the file when it is missing
// or not an image.
QImage loadClickImage(const QString& path);

// The clicks of a parsed history with their pictures decoded. `sourceName` names the history in
// messages ("the pasted click history", a file path). Throws adgen::Error naming the line (pasted
// text) or the click number (JSON), the title and the image path that could not be read.
QList<ProfileClick> loadClickImages(const std::vector<adgen::ClickEntry>& entries, const QString& sourceName);

// A profile's clicks as the generator takes them (AdRequest::history), in order.
std::vector<adgen::ShopperClick> toShopperClicks(const QList<ProfileClick>& clicks);
