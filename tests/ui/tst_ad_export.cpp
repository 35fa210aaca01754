// Exported ads: a PNG carries its recipe in one iTXt chunk (UTF-8, 64-bit seeds exact) and still
// decodes to the same pixels; a JPEG has the recipe beside it; a PDF contact sheet has one page
// per eight variants; exporting all never replaces a file; bad files are named.
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include "ad_export.h"
#include "contact_sheet.h"
#include "png_text_chunk.h"

namespace {

GenerationRecipe sampleRecipe() {
    GenerationRecipe r;
    r.productPath = QStringLiteral("/briefs/thermo bottle.png");
    r.sellingPoints = {QStringLiteral("Lightweight"), QStringLiteral("大容量保温杯")};
    r.originalTitle = QStringLiteral("Nimbus bottle");
    r.description = QStringLiteral("Steel, 500 ml");
    r.shopperName = QStringLiteral("Li/Na");
    r.profileId = 7;
    r.shopperClickCount = 12;
    r.historyUsed = {{3, QStringLiteral("Lamp"), QStringLiteral("/c/3.png")}};
    r.historyLength = 1;
    r.sampling = QStringLiteral("most-similar");
    r.titleTemperature = 0.6;
    r.imageTemperature = 0.5;
    r.cfgWeight = 3;
    r.factualCopy = true;
    r.variants = {{1, 18446744073709551615ULL, QStringLiteral("轻盈大容量"), QStringLiteral("done")},
                  {2, 9007199254740993ULL, QStringLiteral("Stays hot all day"), QStringLiteral("done")}};
    r.modelName = QStringLiteral("adgen-demo");
    r.modelFingerprint = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));
    r.device = QStringLiteral("cpu");
    r.dtype = QStringLiteral("float32");
    r.appVersion = QStringLiteral("0.1.0");
    r.created = QDateTime(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC);
    return r;
}

QImage picture(int shade) {
    QImage image(64, 48, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) image.setPixel(x, y, qRgb(x * 4, y * 5, shade));
    return image;
}

ExportVariant variant(int number) {
    return {number, quint64(1000 + number), QStringLiteral("Copy of variant %1, 大容量").arg(number), picture(number * 20),
            picture(255 - number * 20)};
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Pages of a PDF: its page objects ("/Type /Page", not "/Type /Pages").
int pdfPageCount(const QByteArray& pdf) {
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int pages = 0;
    for (auto it = page.globalMatch(QString::fromLatin1(pdf)); it.hasNext(); it.next()) ++pages;
    return pages;
}

}  // namespace

class TestAdExport : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void aPngKeepsItsRecipe() {
        const GenerationRecipe recipe = sampleRecipe();
        QVERIFY(writePngWithRecipe(path("ad.png"), picture(1), exportedRecipeJson(recipe, 2, AdImage::Fusion)));
        QString error;
        const auto back = readRecipeFromPng(path("ad.png"), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toJson(), recipe.toJson());
        QCOMPARE(back->sellingPoints[1], QStringLiteral("大容量保温杯"));
        QCOMPARE(back->variants[0].seed, 18446744073709551615ULL);
        QCOMPARE(back->variants[1].seed, 9007199254740993ULL);

        const auto exported = readExportedRecipeFromPng(path("ad.png"));
        QVERIFY(exported);
        QCOMPARE(exported->variant, 2);
        QCOMPARE(exported->image, AdImage::Fusion);
        QCOMPARE(*exported->seed(), 9007199254740993ULL);
    }

    void theRecipeIsAnItxtChunkOfUtf8Json() {
        QVERIFY(writePngWithRecipe(path("chunk.png"), picture(1), exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw)));
        const QByteArray png = readAll(path("chunk.png"));
        // Walk the chunks as any PNG reader would.
        QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
        QList<QByteArray> types;
        QByteArray itxt;
        for (qsizetype pos = 8; pos < png.size();) {
            const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
            const QByteArray type = png.mid(pos + 4, 4);
            const QByteArray data = png.mid(pos + 8, length);
            const quint32 crc = qFromBigEndian<quint32>(png.constData() + pos + 8 + length);
            QCOMPARE(crc, pngCrc32(png.mid(pos + 4, 4 + length)));
            types << type;
            if (type == "iTXt") itxt = data;
            pos += 12 + length;
        }
        QCOMPARE(types.first(), QByteArray("IHDR"));
        QCOMPARE(types.last(), QByteArray("IEND"));
        QCOMPARE(types.count("iTXt"), 1);
        QVERIFY(!types.contains("tEXt") && !types.contains("zTXt"));
        // keyword NUL, compression flag 0, method 0, language "" NUL, translated keyword "" NUL, text.
        const QByteArray header = QByteArray("adgen-recipe") + QByteArray(5, '\0');
        QVERIFY(itxt.startsWith(header));
        const QJsonDocument json = QJsonDocument::fromJson(itxt.mid(header.size()));
        QVERIFY(json.isObject());
        QCOMPARE(json["format"].toString(), QStringLiteral("adgen-recipe"));
        QCOMPARE(json["exported_variant"].toInt(), 1);
        QCOMPARE(json["image"].toString(), QStringLiteral("raw"));
        QCOMPARE(json["brief"]["selling_points"][1].toString(), QStringLiteral("大容量保温杯"));
        QCOMPARE(json["variants"][0]["seed"].toString(), QStringLiteral("18446744073709551615"));
    }

    void thePngDecodesToTheSamePixels() {
        QImage source = picture(77);
        source.setPixelColor(3, 3, QColor(1, 2, 3));
        QVERIFY(writePngWithRecipe(path("pixels.png"), source, exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw)));
        const QImage decoded(path("pixels.png"));
        QVERIFY(!decoded.isNull());
        QCOMPARE(decoded.convertToFormat(QImage::Format_RGB32), source);
        // An image with alpha keeps it.
        QImage translucent(8, 8, QImage::Format_ARGB32);
        translucent.fill(QColor(200, 100, 50, 90));
        QVERIFY(writePngWithRecipe(path("alpha.png"), translucent, exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw)));
        QCOMPARE(QImage(path("alpha.png")).convertToFormat(QImage::Format_ARGB32), translucent);
    }

    void writingReplacesAFileWholeAndLeavesNoTemporaryFiles() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("x.png"));
        QVERIFY(writePngWithRecipe(file, picture(1), exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw)));
        QVERIFY(writePngWithRecipe(file, picture(2), exportedRecipeJson(sampleRecipe(), 2, AdImage::Raw)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("x.png")});
        QCOMPARE(readExportedRecipeFromPng(file)->variant, 2);
    }

    void aJpegHasItsRecipeBesideIt() {
        const QJsonObject recipe = exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw);
        QVERIFY(writeJpegWithSidecar(path("ad-v1.jpg"), picture(5), recipe));
        QImageReader reader(path("ad-v1.jpg"));
        QCOMPARE(reader.format(), QByteArray("jpeg"));
        const QImage decoded = reader.read();
        QCOMPARE(decoded.size(), QSize(64, 48));
        QVERIFY(qAbs(qRed(decoded.pixel(10, 10)) - 40) < 12);  // lossy, but the same picture
        QCOMPARE(sidecarPathFor(path("ad-v1.jpg")), path("ad-v1.json"));
        QCOMPARE(QJsonDocument::fromJson(readAll(path("ad-v1.json"))).object(), recipe);
        const auto back = readExportedRecipeFromJson(path("ad-v1.json"));
        QVERIFY(back);
        QCOMPARE(back->recipe.toJson(), sampleRecipe().toJson());
        QCOMPARE(*back->seed(), 18446744073709551615ULL);
    }

    void aContactSheetHasOnePagePerEightVariants() {
        for (const auto& [count, pages] : {std::pair{1, 1}, std::pair{8, 1}, std::pair{9, 2}}) {
            QList<ExportVariant> variants;
            for (int v = 1; v <= count; ++v) variants << variant(v);
            const QString file = path(QStringLiteral("sheet-%1.pdf").arg(count));
            ExportProblem problem;
            QVERIFY2(writeContactSheet(file, sampleRecipe(), variants, AdImage::Fusion, &problem), qPrintable(problem.problem));
            const QByteArray pdf = readAll(file);
            QVERIFY(pdf.startsWith("%PDF-"));
            QVERIFY(pdf.trimmed().endsWith("%%EOF"));
            QCOMPARE(pdfPageCount(pdf), pages);
            QCOMPARE(contactSheetPageCount(count), pages);
            QVERIFY2(pdf.contains(QStringLiteral("/Count %1").arg(pages).toLatin1()), "the page tree counts them too");
        }
        ExportProblem problem;
        QVERIFY(!writeContactSheet(path("none.pdf"), sampleRecipe(), {}, AdImage::Raw, &problem));
        QVERIFY(!problem.fix.isEmpty());
        QVERIFY(!QFile::exists(path("none.pdf")));
    }

    void exportingAllNamesFilesAndNeverReplacesOne() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("out"));  // created when missing
        const GenerationRecipe recipe = sampleRecipe();
        QCOMPARE(exportBaseName(recipe), QStringLiteral("thermo-bottle-Li-Na"));
        ExportProblem problem;
        const QStringList first = exportVariants(folder, recipe, {variant(1), variant(2)}, &problem);
        QVERIFY2(!first.isEmpty(), qPrintable(problem.problem));
        const QDir out(folder);
        QCOMPARE(first, (QStringList{out.filePath("thermo-bottle-Li-Na-v1.png"), out.filePath("thermo-bottle-Li-Na-v1-fusion.png"),
                                     out.filePath("thermo-bottle-Li-Na-v2.png"), out.filePath("thermo-bottle-Li-Na-v2-fusion.png")}));
        const auto fusion = readExportedRecipeFromPng(first[3]);
        QVERIFY(fusion);
        QCOMPARE(fusion->variant, 2);
        QCOMPARE(fusion->image, AdImage::Fusion);
        QCOMPARE(QImage(first[3]).convertToFormat(QImage::Format_RGB32), variant(2).fusion);

        // Again: taken names get -2, -3, ...; a taken fusion name alone takes its pair's number too.
        QVERIFY(QFile::copy(first[0], out.filePath("thermo-bottle-Li-Na-v1-3-fusion.png")));
        const ExportVariant noFusion{1, 5, QStringLiteral("x"), picture(3), {}};
        const QStringList second = exportVariants(folder, recipe, {variant(1)}, &problem);
        QCOMPARE(second, (QStringList{out.filePath("thermo-bottle-Li-Na-v1-2.png"), out.filePath("thermo-bottle-Li-Na-v1-2-fusion.png")}));
        QCOMPARE(exportVariants(folder, recipe, {noFusion}, &problem), QStringList{out.filePath("thermo-bottle-Li-Na-v1-4.png")});
        QCOMPARE(out.entryList(QDir::Files).size(), 8);
        QCOMPARE(QImage(first[0]).convertToFormat(QImage::Format_RGB32), variant(1).image);  // untouched

        GenerationRecipe anonymous;
        QCOMPARE(exportBaseName(anonymous), QStringLiteral("ad-anyone"));
    }

    void exportingAllIntoAFolderThatCannotBeMadeWritesNothing() {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        ExportProblem problem;
        QVERIFY(exportVariants(dir.filePath(QStringLiteral("file/sub")), sampleRecipe(), {variant(1)}, &problem).isEmpty());
        QVERIFY2(problem.problem.contains(QStringLiteral("file/sub")), qPrintable(problem.problem));
        QVERIFY(!problem.fix.isEmpty());
        QVERIFY(exportVariants(dir.path(), sampleRecipe(), {}, &problem).isEmpty());
        QVERIFY2(problem.problem.contains(QStringLiteral("no finished variant")), qPrintable(problem.problem));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot), QStringList{QStringLiteral("file")});
    }

    void aPngWithoutARecipeIsNamed() {
        QVERIFY(picture(1).save(path("plain.png")));
        ExportProblem problem;
        QVERIFY(!readExportedRecipeFromPng(path("plain.png"), &problem));
        QVERIFY2(problem.problem.contains(QStringLiteral("plain.png holds no AdGen recipe")), qPrintable(problem.problem));
        QVERIFY(!problem.fix.isEmpty());
    }

    void aJpegIsNotAPng() {
        QVERIFY(picture(1).save(path("photo.jpg")));
        ExportProblem problem;
        QVERIFY(!readExportedRecipeFromPng(path("photo.jpg"), &problem));
        QVERIFY2(problem.problem.contains(QStringLiteral("not a PNG")), qPrintable(problem.problem));
        QVERIFY2(problem.fix.contains(QStringLiteral(".json")), qPrintable(problem.fix));
    }

    void malformedJsonInTheChunkIsNamed() {
        QByteArray png;
        {
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            picture(1).save(&buffer, "PNG");
        }
        const QByteArray bad = withItxtChunk(png, kRecipeKeyword, QStringLiteral("{\"format\": \"adgen-recipe\", "));
        QFile file(path("bad.png"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bad);
        file.close();
        QString error;
        QVERIFY(!readRecipeFromPng(path("bad.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("bad.png is not valid JSON")), qPrintable(error));

        // Valid JSON that is no recipe, and a recipe that names a variant it does not list.
        QJsonObject wrongVariant = exportedRecipeJson(sampleRecipe(), 1, AdImage::Raw);
        wrongVariant[QStringLiteral("exported_variant")] = 5;
        QVERIFY(writePngWithRecipe(path("wrong.png"), picture(1), wrongVariant));
        QVERIFY(!readRecipeFromPng(path("wrong.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("variant 5")), qPrintable(error));
        QVERIFY(writePngWithRecipe(path("other.png"), picture(1), QJsonObject{{"format", "something-else"}}));
        QVERIFY(!readRecipeFromPng(path("other.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("not an AdGen recipe")), qPrintable(error));
    }

    void aMissingFileIsNamed() {
        QString error;
        QVERIFY(!readRecipeFromPng(path("gone.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("gone.png")), qPrintable(error));
    }

    void writingWhereNoFileCanBeIsAnError() {
        ExportProblem problem;
        const QString nowhere = path("no/such/folder/ad.png");
        QVERIFY(!writePngWithRecipe(nowhere, picture(1), {}, &problem));
        QVERIFY2(problem.problem.contains(QStringLiteral("ad.png")), qPrintable(problem.problem));
        QVERIFY(!problem.fix.isEmpty());
        QVERIFY(!writeJpegWithSidecar(path("no/such/ad.jpg"), picture(1), {}, &problem));
        QVERIFY(!writePngWithRecipe(path("empty.png"), QImage(), {}, &problem));
        QVERIFY(!QFile::exists(path("empty.png")));
    }
};

QTEST_MAIN(TestAdExport)
#include "tst_ad_export.moc"
