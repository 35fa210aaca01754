// PNG iTXt chunks written and read by hand: the standard CRC-32, one uncompressed UTF-8 chunk
// before IEND that replaces older ones, Qt's own (compressed) iTXt readable, damage named.
#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QtEndian>
#include <QtTest>

#include "png_text_chunk.h"

namespace {

QByteArray encodePng(const QString& keyword = {}, const QString& text = {}) {
    QImage image(5, 3, QImage::Format_RGBA8888);
    image.fill(QColor(10, 200, 30, 128));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!keyword.isEmpty()) writer.setText(keyword, text);
    writer.write(image);
    return bytes;
}

// The chunk types in order.
QList<QByteArray> chunkTypes(const QByteArray& png) {
    QList<QByteArray> types;
    for (qsizetype pos = 8; pos + 12 <= png.size();) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
        types << png.mid(pos + 4, 4);
        pos += 12 + length;
    }
    return types;
}

}  // namespace

class TestPngTextChunk : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crcIsTheStandardCrc32() {
        QCOMPARE(pngCrc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
        QCOMPARE(pngCrc32(""), 0u);
        QCOMPARE(pngCrc32("IEND"), 0xAE426082u);  // every PNG ends with this CRC
    }

    void insertsOneUncompressedChunkBeforeIend() {
        const QString text = QStringLiteral("{\"selling_points\":[\"大容量\",\"保温 12 h\"]}");
        const QByteArray png = withItxtChunk(encodePng(), "adgen-recipe", text);
        QVERIFY(!png.isEmpty());
        const auto types = chunkTypes(png);
        QCOMPARE(types.count("iTXt"), 1);
        QCOMPARE(types.last(), QByteArray("IEND"));
        QCOMPARE(types[types.size() - 2], QByteArray("iTXt"));
        QVERIFY(png.contains(QByteArray("adgen-recipe") + QByteArray(5, '\0') + text.toUtf8()));  // flag 0: UTF-8 as is
        QString back;
        QCOMPARE(readItxtChunk(png, "adgen-recipe", &back), PngTextLookup::Found);
        QCOMPARE(back, text);
        QImage decoded;
        QVERIFY(decoded.loadFromData(png, "PNG"));
        QCOMPARE(decoded.size(), QSize(5, 3));
    }

    void replacesTextChunksOfTheSameKeyword() {
        // Qt writes ASCII text as tEXt; a second recipe replaces the first, other text stays.
        QByteArray png = encodePng(QStringLiteral("adgen-recipe"), QStringLiteral("old"));
        QVERIFY(chunkTypes(png).contains("tEXt"));
        png = withItxtChunk(png, "adgen-recipe", QStringLiteral("new"));
        png = withItxtChunk(png, "adgen-recipe", QStringLiteral("newer"));
        png = withItxtChunk(png, "other", QStringLiteral("kept"));
        QCOMPARE(chunkTypes(png).count("tEXt"), 0);
        QCOMPARE(chunkTypes(png).count("iTXt"), 2);
        QString back;
        QCOMPARE(readItxtChunk(png, "adgen-recipe", &back), PngTextLookup::Found);
        QCOMPARE(back, QStringLiteral("newer"));
        QCOMPARE(readItxtChunk(png, "other", &back), PngTextLookup::Found);
        QCOMPARE(back, QStringLiteral("kept"));
    }

    void readsQtsCompressedItxt() {
        const QString text = QString(3000, QLatin1Char('a')) + QStringLiteral("大容量");
        const QByteArray png = encodePng(QStringLiteral("adgen-recipe"), text);
        QString back;
        QCOMPARE(readItxtChunk(png, "adgen-recipe", &back), PngTextLookup::Found);
        QCOMPARE(back, text);
    }

    void aPngWithoutTheChunkHasNone() {
        QString back, error;
        QCOMPARE(readItxtChunk(encodePng(), "adgen-recipe", &back, &error), PngTextLookup::NotFound);
        // A tEXt chunk of that name is not a recipe chunk.
        QCOMPARE(readItxtChunk(encodePng(QStringLiteral("adgen-recipe"), QStringLiteral("x")), "adgen-recipe", &back), PngTextLookup::NotFound);
    }

    void damageIsNamed() {
        QString back, error;
        QCOMPARE(readItxtChunk("GIF89a....", "adgen-recipe", &back, &error), PngTextLookup::NotPng);
        QVERIFY2(error.contains(QStringLiteral("not a PNG")), qPrintable(error));

        const QByteArray png = withItxtChunk(encodePng(), "adgen-recipe", QStringLiteral("{\"a\":1}"));
        QByteArray corrupted = png;
        corrupted[corrupted.indexOf("{\"a\"") + 2] = 'b';
        QCOMPARE(readItxtChunk(corrupted, "adgen-recipe", &back, &error), PngTextLookup::Damaged);
        QVERIFY2(error.contains(QStringLiteral("checksum")), qPrintable(error));

        QCOMPARE(readItxtChunk(png.first(png.indexOf("iTXt") + 6), "adgen-recipe", &back, &error), PngTextLookup::Damaged);
        QVERIFY2(error.contains(QStringLiteral("cut short")), qPrintable(error));
        QVERIFY(withItxtChunk(png.first(40), "adgen-recipe", QStringLiteral("x"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("cut short")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPngTextChunk)
#include "tst_png_text_chunk.moc"
