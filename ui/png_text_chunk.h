#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// International text (iTXt) chunks in PNG byte streams, written and read by hand: Qt's
// QImageWriter::setText writes Latin-1 text as tEXt and only text with other characters as
// iTXt, compressed once it is long, so whether a recipe came out as iTXt would depend on its
// selling points. Here it is always one uncompressed iTXt chunk in UTF-8.

// The standard CRC-32 (ISO-HDLC: polynomial 0xEDB88320 reflected, initial and final XOR
// 0xFFFFFFFF), which PNG chunks carry over their type and data. (qChecksum is CRC-16.)
quint32 pngCrc32(QByteArrayView bytes);

// `png` with every text chunk (tEXt, zTXt or iTXt) named `keyword` removed and one uncompressed
// iTXt chunk holding `text` as UTF-8 inserted just before IEND. Returns an empty array and says
// why in `error` when `png` is not a well-formed PNG stream.
QByteArray withItxtChunk(const QByteArray& png, QByteArrayView keyword, const QString& text, QString* error = nullptr);

enum class PngTextLookup {
    Found,     // `text` holds the chunk's text
    NotFound,  // a well-formed PNG without such an iTXt chunk
    NotPng,    // the bytes are not a PNG stream
    Damaged,   // the stream or the chunk is cut short, fails its CRC or does not decompress
};

// Looks for the first iTXt chunk named `keyword` (compressed or not) and reads its text.
// On NotPng and Damaged, `error` says what is wrong.
PngTextLookup readItxtChunk(const QByteArray& png, QByteArrayView keyword, QString* text, QString* error = nullptr);
