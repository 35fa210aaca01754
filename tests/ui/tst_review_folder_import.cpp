// readReviewFolder: ads made elsewhere come into a review batch from the reference validation()
// layout (as adgen eval writes it too) or from pictures listed in JSON or CSV. Every picture gets
// its copy and selling points; any problem refuses the whole folder, naming the file and line
// and saying what to do.
#include <QTemporaryDir>
#include <QtTest>

#include "ad_export.h"
#include "adgen/error.h"
#include "review_fixtures.h"
#include "review_folder_import.h"
#include "review_store.h"

namespace {

// The problem readReviewFolder reports, or "" when it reads the folder.
QString problemOf(const QString& path) {
    try {
        readReviewFolder(path);
    } catch (const adgen::Error& e) {
        return QString::fromStdString(e.problem()) + QStringLiteral(" | ") +
               QString::fromStdString(e.fix());
    }
    return {};
}

}  // namespace

class TestReviewFolderImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEvalFolderGivesEveryPictureItsCopyAndSellingPoints() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("pss-h3-s2"));
        QStringList copies;
        QList<QStringList> points;
        for (int n = 0; n < 11; ++n) {
            copies << (n == 4 ? QStringLiteral("【大容量】 保温杯 500ml")
                              : QStringLiteral("Copy %1").arg(n));
            points << QStringList{QStringLiteral("Point %1").arg(n), QStringLiteral("Light")};
        }
        writeEvalFolder(folder, copies, points);
        const ReviewFolderImport imported = readReviewFolder(folder);
        QCOMPARE(imported.form, QStringLiteral("validation"));
        QCOMPARE(imported.source, QDir(folder).absolutePath());
        QCOMPARE(imported.suggestedName, QStringLiteral("pss-h3-s2"));
        QCOMPARE(imported.items.size(), 11);
        for (int n = 0; n < 11; ++n) {  // by sample number: 10 after 9, not after 1
            const ReviewItem& item = imported.items[n];
            QCOMPARE(item.position, n + 1);
            QCOMPARE(item.copy, copies[n]);
            QCOMPARE(item.sellingPoints, points[n]);
            QCOMPARE(item.modelName,
                     QStringLiteral("pss-h3-s2"));  // the folder's name, unless told
            QCOMPARE(item.sourcePath,
                     QDir(folder).absoluteFilePath(QStringLiteral("pr_image/%1.png").arg(n)));
            QVERIFY(item.hasFusion);
            QVERIFY(samePixels(QImage::fromData(item.imagePng), adPicture(n)));
            QVERIFY(
                samePixels(QImage::fromData(item.fusionPng), clickPicture(32, 32, n + 50, false)));
            QVERIFY(item.recipe.isEmpty());
        }
        QCOMPARE(readReviewFolder(folder, QStringLiteral("uniadgen-7b")).items[0].modelName,
                 QStringLiteral("uniadgen-7b"));
    }

    void theReferenceLayoutNumbersSamplesByBatchAndTakesTheLatestStep() {
        QTemporaryDir dir;
        const QString folder = dir.path();
        for (int n = 0; n < 3; ++n)
            writeClickPicture(folder, QStringLiteral("pr_image/%1.png").arg(n), adPicture(n));
        // Batches of two (B = 2): batch 0 holds samples 0 and 1, batch 1 sample 2.
        writeFile(folder + QStringLiteral("/1500_batch/0_37_layout.json"),
                  json(QJsonObject{{QStringLiteral("pr_title"),
                                    QJsonArray{QStringLiteral("a"), QStringLiteral("b")}},
                                   {QStringLiteral("word_list"),
                                    QJsonArray{QStringLiteral("x, y"), QStringLiteral("z")}}}));
        writeFile(folder + QStringLiteral("/1500_batch/1_80_layout.json"),
                  json(QJsonObject{
                      {QStringLiteral("pr_title"), QJsonArray{QStringLiteral("c")}},
                      {QStringLiteral("word_list"), QJsonArray{QJsonArray{QStringLiteral("w")}}}}));
        // An earlier validation's layout: not the one that wrote the pictures.
        writeFile(
            folder + QStringLiteral("/500_batch/0_12_layout.json"),
            json(QJsonObject{{QStringLiteral("pr_title"), QJsonArray{QStringLiteral("old")}}}));
        const ReviewFolderImport imported = readReviewFolder(folder);
        QCOMPARE(imported.items.size(), 3);
        QCOMPARE(imported.items[0].copy, QStringLiteral("a"));
        QCOMPARE(imported.items[1].copy, QStringLiteral("b"));
        QCOMPARE(imported.items[2].copy, QStringLiteral("c"));
        QCOMPARE(imported.items[0].sellingPoints,
                 (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
        QCOMPARE(imported.items[1].sellingPoints, QStringList{QStringLiteral("z")});
        QCOMPARE(imported.items[2].sellingPoints, QStringList{QStringLiteral("w")});
        QVERIFY(!imported.items[0].hasFusion);
    }

    void aPictureWithoutCopyRefusesTheFolderNamingIt() {
        QTemporaryDir dir;
        writeEvalFolder(dir.path(), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                        {});
        QFile::remove(dir.filePath(QStringLiteral("0_batch/2_0_layout.json")));
        QFile::remove(dir.filePath(QStringLiteral("predictions.json")));
        const QString problem = problemOf(dir.path());
        QVERIFY2(problem.contains(QStringLiteral("pr_image/2.png has no copy")),
                 qPrintable(problem));
        QVERIFY(problem.contains(QStringLiteral("_batch")));
    }

    void predictionsGiveTheCopyWhenThereIsNoLayout() {
        QTemporaryDir dir;
        writeEvalFolder(dir.path(), {QStringLiteral("a"), QStringLiteral("b")}, {});
        QVERIFY(QDir(dir.filePath(QStringLiteral("0_batch"))).removeRecursively());
        const ReviewFolderImport imported = readReviewFolder(dir.path());
        QCOMPARE(imported.items[1].copy, QStringLiteral("b"));
    }

    void twoLayoutsOfOneBatchAreRefused() {
        QTemporaryDir dir;
        writeEvalFolder(dir.path(), {QStringLiteral("a"), QStringLiteral("b")}, {});
        writeFile(
            dir.filePath(QStringLiteral("0_batch/1_55_layout.json")),
            json(QJsonObject{{QStringLiteral("pr_title"), QJsonArray{QStringLiteral("again")}}}));
        const QString problem = problemOf(dir.path());
        QVERIFY2(problem.contains(QStringLiteral("Two layout files describe batch 1")),
                 qPrintable(problem));
    }

    // A real `adgen eval --out DIR` folder, when ADGEN_REVIEW_EVAL_DIR names one (e.g. after
    // `adgen eval --model resources/models/demo --data build/demo-training/world/test.json
    // --out /tmp/x --limit 3`): every pr_image picture comes with its copy and selling points.
    void aRealEvalFolderImports() {
        const QString folder = qEnvironmentVariable("ADGEN_REVIEW_EVAL_DIR");
        if (folder.isEmpty())
            QSKIP("ADGEN_REVIEW_EVAL_DIR is not set");
        const ReviewFolderImport imported = readReviewFolder(folder);
        const int pictures = int(
            QDir(folder + QStringLiteral("/pr_image")).entryList({QStringLiteral("*.png")}).size());
        QCOMPARE(imported.items.size(), pictures);
        const QJsonArray predictions =
            QJsonDocument::fromJson([&] {
                QFile file(folder + QStringLiteral("/predictions.json"));
                return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            }())
                .array();
        for (const ReviewItem& item : imported.items) {
            const int n = QFileInfo(item.sourcePath).completeBaseName().toInt();
            QCOMPARE(
                item.copy,
                predictions.at(n).toObject().value(QStringLiteral("title")).toString().trimmed());
            QVERIFY(!item.sellingPoints.isEmpty());
            QVERIFY(item.hasFusion);
        }
    }

    void aBrokenLayoutNamesItsLineAndColumn() {
        QTemporaryDir dir;
        writeEvalFolder(dir.path(), {QStringLiteral("a")}, {});
        writeFile(dir.filePath(QStringLiteral("0_batch/0_0_layout.json")),
                  "{\n  \"pr_title\": [\"a\"\n}\n");
        const QString problem = problemOf(dir.path());
        QVERIFY2(problem.contains(QStringLiteral("0_0_layout.json, line 3")), qPrintable(problem));
    }

    void aCsvListGivesEachPictureItsCopySellingPointsAndShopper() {
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("a.png"), adPicture(1));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("pics"))));
        QVERIFY(adPicture(2).save(dir.filePath(QStringLiteral("pics/b.jpg")), "JPEG"));
        writeClickPicture(dir.path(), QStringLiteral("a-fusion.png"), adPicture(3));
        writeFile(
            dir.filePath(QStringLiteral("ads.csv")),
            "\xEF\xBB\xBF"
            "File,Copy,Selling points,Shopper,fusion_file,notes\r\n"
            "a.png,\"Warm, light \"\"mug\"\"\",\"Keeps Warm, Light\",ana,a-fusion.png,ignored\r\n"
            "\r\n"
            "pics/b.jpg,\"保温杯\n大容量\",\"大容量，保温\",,,\r\n");
        const ReviewFolderImport imported = readReviewFolder(dir.path(), QStringLiteral("sdxl"));
        QCOMPARE(imported.form, QStringLiteral("listing"));
        QCOMPARE(imported.source, dir.filePath(QStringLiteral("ads.csv")));
        QCOMPARE(imported.items.size(), 2);
        const ReviewItem& a = imported.items[0];
        QCOMPARE(a.copy, QStringLiteral("Warm, light \"mug\""));
        QCOMPARE(a.sellingPoints,
                 (QStringList{QStringLiteral("Keeps Warm"), QStringLiteral("Light")}));
        QCOMPARE(a.shopperName, QStringLiteral("ana"));
        QCOMPARE(a.modelName, QStringLiteral("sdxl"));
        QVERIFY(a.hasFusion);
        QVERIFY(samePixels(QImage::fromData(a.fusionPng), adPicture(3)));
        const ReviewItem& b = imported.items[1];
        QCOMPARE(b.position, 2);
        QCOMPARE(b.copy, QStringLiteral("保温杯\n大容量"));
        QCOMPARE(b.sellingPoints, (QStringList{QStringLiteral("大容量"), QStringLiteral("保温")}));
        QVERIFY(b.imagePng.startsWith("\x89PNG"));  // the JPEG is kept as PNG
        QCOMPARE(QImage::fromData(b.imagePng).size(), QSize(32, 32));
        QVERIFY(!b.hasFusion);
        QCOMPARE(b.sourcePath, dir.filePath(QStringLiteral("pics/b.jpg")));
    }

    void aSemicolonCsvIsReadToo() {
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("a.png"), adPicture(1));
        writeFile(dir.filePath(QStringLiteral("list.csv")),
                  "file;copy;selling_points\na.png;Hello, world;A, B\n");
        const ReviewFolderImport imported = readReviewFolder(dir.path());
        QCOMPARE(imported.items.size(), 1);
        QCOMPARE(imported.items[0].copy, QStringLiteral("Hello, world"));
        QCOMPARE(imported.items[0].sellingPoints,
                 (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    }

    void csvProblemsNameTheLine_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing picture") << QByteArray("file,copy\na.png,ok\n\nmissing.png,gone\n")
                                         << QStringLiteral("ads.csv, line 4: the picture");
        QTest::newRow("unquoted separator") << QByteArray("file,copy\na.png,Warm, light\n")
                                            << QStringLiteral("ads.csv, line 2 has 3 fields");
        QTest::newRow("unclosed quote")
            << QByteArray("file,copy\na.png,ok\na.png,\"open\nstill\n")
            << QStringLiteral("ads.csv, line 3: a quoted field is not closed");
        QTest::newRow("no copy column")
            << QByteArray("file,text2\na.png,x\n") << QStringLiteral("there is no \"copy\" column");
        QTest::newRow("no file") << QByteArray("file,copy\n,x\n")
                                 << QStringLiteral("ads.csv, line 2 names no picture file");
        QTest::newRow("not a picture")
            << QByteArray("file,copy\nads.csv,x\n") << QStringLiteral("is not a picture");
        QTest::newRow("empty") << QByteArray("") << QStringLiteral("is empty");
    }

    void csvProblemsNameTheLine() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("a.png"), adPicture(1));
        writeFile(dir.filePath(QStringLiteral("ads.csv")), csv);
        const QString problem = problemOf(dir.path());
        QVERIFY2(problem.contains(expected), qPrintable(problem));
        QVERIFY2(!problem.endsWith(QStringLiteral(" | ")), "every problem says how to fix it");
    }

    void aJsonListCarriesTheRecipeOfAnExportedPng() {
        QTemporaryDir dir;
        const SavedGeneration generation = finishedGeneration();
        QVERIFY(writePngWithRecipe(dir.filePath(QStringLiteral("exported.png")), adPicture(5),
                                   exportedRecipeJson(generation.recipe, 3, AdImage::Fusion)));
        writeClickPicture(dir.path(), QStringLiteral("plain.png"), adPicture(6));
        writeFile(dir.filePath(QStringLiteral("ads.json")), R"({"ads": [
  {"file": "exported.png", "copy": "大容量 mug"},
  {"image": "plain.png", "title": "Plain", "word_list": "a, b", "model": "other", "shopper": "bo", "extra": 1}
]})");
        const ReviewFolderImport imported = readReviewFolder(dir.path());
        QCOMPARE(imported.items.size(), 2);
        const ReviewItem& exported = imported.items[0];
        QCOMPARE(exported.recipe, generation.recipe.toJson());
        QCOMPARE(exported.variantNumber, 3);
        QCOMPARE(exported.modelName, QStringLiteral("adgen-demo"));  // from the recipe
        QCOMPARE(exported.shopperName, QStringLiteral("ana"));
        QCOMPARE(exported.sellingPoints, generation.recipe.sellingPoints);
        const ReviewItem& plain = imported.items[1];
        QCOMPARE(plain.copy, QStringLiteral("Plain"));
        QCOMPARE(plain.sellingPoints, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(plain.modelName, QStringLiteral("other"));
        QCOMPARE(plain.shopperName, QStringLiteral("bo"));
        QVERIFY(plain.recipe.isEmpty());
        // The list file itself may be chosen, and a plain array is a list too.
        writeFile(dir.filePath(QStringLiteral("one.json")),
                  R"([{"file": "plain.png", "copy": "x", "selling_points": ["p"]}])");
        QCOMPARE(readReviewFolder(dir.filePath(QStringLiteral("one.json"))).items[0].sellingPoints,
                 QStringList{QStringLiteral("p")});
    }

    void jsonProblemsNameTheLine_data() {
        QTest::addColumn<QByteArray>("list");
        QTest::addColumn<QString>("expected");
        QTest::newRow("syntax")
            << QByteArray(
                   "[\n  {\"file\": \"a.png\",\n   \"copy\": \"x\"\n  {\"file\": \"b.png\"}\n]")
            << QStringLiteral("ads.json, line 4, column");
        QTest::newRow("missing picture")
            << QByteArray(
                   "[\n  {\"file\": \"a.png\", \"copy\": \"x\"},\n\n  {\"file\": \"b.png\"}\n]")
            << QStringLiteral("ads.json, line 4 (entry 2): the picture");
        QTest::newRow("ads list") << QByteArray(
                                         "{\"meta\": [{}],\n \"ads\": [\n {\"file\": \"a.png\"},\n "
                                         "{\"copy\": \"no file\"}]}")
                                  << QStringLiteral(
                                         "ads.json, line 4 (entry 2) names no picture file");
        QTest::newRow("not an object")
            << QByteArray("[\"a.png\"]") << QStringLiteral("entry 1) is not an object");
        QTest::newRow("selling points")
            << QByteArray("[{\"file\": \"a.png\", \"selling_points\": 5}]")
            << QStringLiteral("\"selling_points\" is neither a list nor a text");
        QTest::newRow("no list") << QByteArray("{\"items\": []}")
                                 << QStringLiteral("neither a list of ads");
    }

    void jsonProblemsNameTheLine() {
        QFETCH(QByteArray, list);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("a.png"), adPicture(1));
        writeFile(dir.filePath(QStringLiteral("ads.json")), list);
        const QString problem = problemOf(dir.path());
        QVERIFY2(problem.contains(expected), qPrintable(problem));
    }

    void aFolderWithoutOneClearListIsRefused() {
        QTemporaryDir dir;
        writeClickPicture(dir.path(), QStringLiteral("a.png"), adPicture(1));
        QVERIFY2(problemOf(dir.path()).contains(QStringLiteral("neither a pr_image folder")),
                 qPrintable(problemOf(dir.path())));
        writeFile(dir.filePath(QStringLiteral("one.csv")), "file,copy\na.png,x\n");
        writeFile(dir.filePath(QStringLiteral("two.json")), "[]");
        QVERIFY2(problemOf(dir.path()).contains(QStringLiteral("several JSON and CSV files")),
                 qPrintable(problemOf(dir.path())));
        QVERIFY(problemOf(dir.filePath(QStringLiteral("nothing-here")))
                    .contains(QStringLiteral("does not exist")));
    }

    void theStoreImportsAllOrNothing() {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("ads"));
        writeClickPicture(folder, QStringLiteral("a.png"), adPicture(1));
        writeFile(folder + QStringLiteral("/ads.csv"), "file,copy\na.png,ok\nb.png,missing\n");
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        QCOMPARE(store.importFolder(folder), qint64(-1));
        QVERIFY2(store.error().contains(QStringLiteral("line 3")), qPrintable(store.error()));
        QVERIFY(!store.errorFix().isEmpty());
        QCOMPARE(store.batchCount(), 0);

        writeFile(folder + QStringLiteral("/ads.csv"), "file,copy\na.png,ok\n");
        const qint64 batchId = store.importFolder(QUrl::fromLocalFile(folder).toString());
        QVERIFY2(batchId > 0, qPrintable(store.error()));
        QVERIFY(store.error().isEmpty());
        const auto batch = store.batch(batchId);
        QCOMPARE(batch->name, QStringLiteral("ads"));
        QCOMPARE(batch->sourceKind, QStringLiteral("import"));
        QCOMPARE(batch->source, QDir(folder).absoluteFilePath(QStringLiteral("ads.csv")));
        QCOMPARE(store.items(batchId)[0].copy, QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestReviewFolderImport)
#include "tst_review_folder_import.moc"
