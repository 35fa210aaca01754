#pragma once

#include <QString>

// A model directory's fingerprint, for recipes: which weights made an ad, cheaply enough to
// compute after every load even for 14 GB of weights, yet different when the weights change.
//
// Definition (version 1; docs/formats.md, "Model fingerprints"): SHA-256 over
//   the bytes of config.json, then a NUL byte, then for every *.safetensors file directly in the
//   directory, sorted by the UTF-8 bytes of its name:
//     its name (UTF-8), NUL, its size in bytes (decimal ASCII), NUL,
//     SHA-256 (32 raw bytes) of its first min(size, 1 MiB) bytes,
//     SHA-256 (32 raw bytes) of its last min(size, 1 MiB) bytes;
// written as "sha256:" and 64 lower-case hex digits.
// The head covers the safetensors header (every tensor's name, dtype, shape and offsets) and
// the first tensors, the tail the last ones, and the size catches most other edits; a change
// only in the middle of a file is the one thing it misses, which a full hash would catch at the
// price of reading every byte (minutes for 14 GB).
//
// Returns an empty string and says why in `error` when config.json or a weights file cannot be
// read. Blocking file I/O: call it off the UI thread.
QString computeModelFingerprint(const QString& directory, QString* error = nullptr);

// How many bytes of each end of a weights file the fingerprint reads.
inline constexpr qint64 kFingerprintEdgeBytes = 1 << 20;
