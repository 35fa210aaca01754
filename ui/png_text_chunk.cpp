#include "png_text_chunk.h"

#include <QtEndian>

#include <array>

namespace {

constexpr QByteArrayView kSignature("\x89PNG\r\n\x1a\n", 8);

constexpr std::array<quint32, 256> makeCrcTable() {
    std::array<quint32, 256> table{};
    for (quint32 n = 0; n < 256; ++n) {
        quint32 c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr std::array<quint32, 256> kCrcTable = makeCrcTable();

struct Chunk {
    qsizetype offset = 0;  // of the length field
    quint32 length = 0;
    QByteArrayView type;
    QByteArrayView data;
    quint32 crc = 0;
    qsizetype size() const { return 12 + qsizetype(length); }
};

// Walks the chunks of `png`, calling `visit(chunk)` for each until it returns false or IEND has
// been visited. Returns an empty string when the stream is well formed, else what is wrong.
template <typename Visit>
QString walkChunks(const QByteArray& png, Visit visit) {
    if (!QByteArrayView(png).startsWith(kSignature)) return QStringLiteral("it is not a PNG file");
    qsizetype pos = kSignature.size();
    while (true) {
        if (png.size() - pos < 12) return QStringLiteral("the PNG data is cut short");
        Chunk c;
        c.offset = pos;
        c.length = qFromBigEndian<quint32>(png.constData() + pos);
        if (c.length > 0x7FFFFFFFu || png.size() - pos - 12 < qsizetype(c.length)) return QStringLiteral("the PNG data is cut short");
        c.type = QByteArrayView(png.constData() + pos + 4, 4);
        c.data = QByteArrayView(png.constData() + pos + 8, c.length);
        c.crc = qFromBigEndian<quint32>(png.constData() + pos + 8 + c.length);
        if (!visit(c) || c.type == "IEND") return {};
        pos += c.size();
    }
}

bool isTextChunkNamed(const Chunk& c, QByteArrayView keyword) {
    if (c.type != "tEXt" && c.type != "zTXt" && c.type != "iTXt") return false;
    const qsizetype nul = c.data.indexOf('\0');
    return nul >= 0 && c.data.first(nul) == keyword;
}

void appendBigEndian(QByteArray& out, quint32 value) {
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

}  // namespace

quint32 pngCrc32(QByteArrayView bytes) {
    quint32 c = 0xFFFFFFFFu;
    for (const char b : bytes) c = kCrcTable[(c ^ static_cast<quint8>(b)) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

QByteArray withItxtChunk(const QByteArray& png, QByteArrayView keyword, const QString& text, QString* error) {
    // Type and data: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty
    // translated keyword, NUL, the text.
    QByteArray chunk("iTXt");
    chunk.append(keyword);
    chunk.append("\0\0\0\0\0", 5);
    chunk.append(text.toUtf8());

    QByteArray out;
    out.reserve(png.size() + chunk.size() + 8);
    out.append(kSignature);
    bool inserted = false;
    const QString problem = walkChunks(png, [&](const Chunk& c) {
        if (isTextChunkNamed(c, keyword)) return true;  // an older recipe: replaced
        if (c.type == "IEND") {
            appendBigEndian(out, quint32(chunk.size() - 4));
            out.append(chunk);
            appendBigEndian(out, pngCrc32(chunk));
            inserted = true;
        }
        out.append(png.constData() + c.offset, c.size());
        return true;
    });
    if (!problem.isEmpty() || !inserted) {
        if (error) *error = problem.isEmpty() ? QStringLiteral("the PNG data has no end chunk") : problem;
        return {};
    }
    return out;
}

PngTextLookup readItxtChunk(const QByteArray& png, QByteArrayView keyword, QString* text, QString* error) {
    if (!QByteArrayView(png).startsWith(kSignature)) {
        if (error) *error = QStringLiteral("it is not a PNG file");
        return PngTextLookup::NotPng;
    }
    PngTextLookup result = PngTextLookup::NotFound;
    QString why;
    const QString problem = walkChunks(png, [&](const Chunk& c) {
        if (c.type != "iTXt" || !isTextChunkNamed(c, keyword)) return true;
        result = PngTextLookup::Damaged;
        if (pngCrc32(QByteArrayView(png.constData() + c.offset + 4, c.length + 4)) != c.crc) {
            why = QStringLiteral("its %1 text chunk fails its checksum").arg(QString::fromLatin1(keyword));
            return false;
        }
        // After the keyword's NUL: compression flag, method, language tag NUL, translated keyword NUL.
        qsizetype pos = keyword.size() + 1;
        if (c.data.size() < pos + 2) {
            why = QStringLiteral("its %1 text chunk is cut short").arg(QString::fromLatin1(keyword));
            return false;
        }
        const bool compressed = c.data.at(pos) != 0;
        pos += 2;
        for (int field = 0; field < 2; ++field) {
            const qsizetype nul = c.data.indexOf('\0', pos);
            if (nul < 0) {
                why = QStringLiteral("its %1 text chunk is cut short").arg(QString::fromLatin1(keyword));
                return false;
            }
            pos = nul + 1;
        }
        QByteArray utf8 = c.data.sliced(pos).toByteArray();
        if (compressed) {
            // qUncompress wants zlib data behind a big-endian size hint; it grows past a low one.
            QByteArray hinted;
            appendBigEndian(hinted, quint32(qMin<qsizetype>(utf8.size() * 4, 1 << 24)));
            hinted.append(utf8);
            utf8 = qUncompress(hinted);
            if (utf8.isEmpty()) {
                why = QStringLiteral("its %1 text chunk does not decompress").arg(QString::fromLatin1(keyword));
                return false;
            }
        }
        *text = QString::fromUtf8(utf8);
        result = PngTextLookup::Found;
        return false;
    });
    if (!problem.isEmpty()) {
        if (error) *error = problem;
        return PngTextLookup::Damaged;
    }
    if (result == PngTextLookup::Damaged && error) *error = why;
    return result;
}
