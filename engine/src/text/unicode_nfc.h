#pragma once

#include <string>
#include <string_view>

// Unicode Normalization Form C, for tokenizers whose normalizer is "NFC" (Qwen 2/3). Tables come
// from make_unicode_nfc_tables.py; no ICU, so the engine-only build needs nothing more.
namespace adgen::text::unicode_nfc {

// `text` must be valid UTF-8.
std::string normalize(std::string_view text);

}  // namespace adgen::text::unicode_nfc
