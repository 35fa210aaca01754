#pragma once

// A shopper's click history as text (docs/formats.md, "Shopper history files"): the JSON forms
// `adgen personalize --history` reads, and the looser one-click-per-line form a designer pastes
// into the studio. Only titles and image paths here; decoding the images is the caller's job, so
// the CLI (which decodes each file once) and the studio's profile library (which stores the
// pixels) share the parsing and its error messages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adgen {

struct ClickEntry {
    std::string title;
    std::string imagePath;  // absolute when a base directory was given, else as written
    std::optional<double> similarity;  // PAd1M `text_similarity`; unset: computed later
    // Pasted lines: the (1-based) line it was written on, so a later problem with the image can
    // point at it; 0 for JSON, where the click's place in the list says where it is.
    int line = 0;
};

// A JSON list of clicks {"title": TEXT, "image": PATH, "similarity": NUMBER (optional)}, or one
// object with PAd1M's index-aligned "history_titles", "history_images" and optional
// "text_similarity" lists. Relative image paths are resolved against `baseDirectory`.
// `sourceName` completes "The shopper history ..." in error messages (a file path, or "you
// pasted"). Throws adgen::Error naming the source, the item and the field.
std::vector<ClickEntry> parseShopperHistoryJson(std::string_view json, const std::string& baseDirectory,
                                                const std::string& sourceName);

// Reads a shopper history file; relative image paths are resolved against its folder.
std::vector<ClickEntry> loadShopperHistory(const std::string& path);

// Pasted text: JSON as above when it starts with '[' or '{' (after white space); otherwise one
// click per non-empty line, the title and the image path separated by a tab, or by " | ", or the
// path being the last white-space separated word ending in .png .jpg .jpeg .webp or .bmp. A path
// may be quoted or a file:// URL. Throws adgen::Error naming the first line that cannot be split
// and the accepted forms.
std::vector<ClickEntry> parsePastedClickHistory(std::string_view text, const std::string& baseDirectory);

}  // namespace adgen
