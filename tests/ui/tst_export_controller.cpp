// ExportController: a finished variant exports as PNG (recipe inside) or JPEG (recipe beside),
// the chosen ones as a PDF contact sheet, all of them into a folder without replacing a file; its
// copy goes to the clipboard; dropping an exported PNG restores the brief and the settings, and
// its seed makes the same ad again. Whatever fails is named with a fix and changes nothing.
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "ad_export.h"
#include "brief_controller.h"
#include "demo_samples.h"
#include "export_controller.h"
#include "generation_controller.h"
#include "model_controller.h"
#include "png_text_chunk.h"

namespace {

const QString kBottle = kSamples + QStringLiteral("/products/bottle-02.png");

// A recipe as a settings-only test needs it (no generation ran).
GenerationRecipe recipeFor(const QString& productPath) {
    GenerationRecipe r;
    r.productPath = productPath;
    r.sellingPoints = {QStringLiteral("Lightweight"), QStringLiteral("大容量保温")};
    r.originalTitle = QStringLiteral("Nimbus bottle");
    r.description = QStringLiteral("Steel, 500 ml");
    r.shopperName = QStringLiteral("shopper-039");
    r.profileId = 12;
    r.historyLength = 4;
    r.sampling = QStringLiteral("random");
    r.titleTemperature = 0.7;
    r.imageTemperature = 0.4;
    r.cfgWeight = 2.5;
    r.factualCopy = true;
    r.variants = {{1, 5, QStringLiteral("a"), QStringLiteral("done")},
                  {2, 18446744073709551615ULL, QStringLiteral("b"), QStringLiteral("done")},
                  {3, 7, QStringLiteral("c"), QStringLiteral("done")}};
    return r;
}

QImage smallPicture() {
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    return image;
}

// What the designer has: compared before and after a failed restore.
QStringList snapshot(BriefController& brief, GenerationController& generation) {
    return {brief.product()->filePath(), brief.sellingPoints()->points().join(QLatin1Char('|')), brief.originalTitle(),
            brief.description(), brief.filePath(), QString::number(brief.modified()), QString::number(generation.variantCount()),
            QString::number(generation.randomSeeds()), generation.baseSeed(), QString::number(generation.titleTemperature()),
            QString::number(generation.imageTemperature()), QString::number(generation.cfgWeight()),
            QString::number(generation.factualCopy()), QString::number(generation.historyLength()), generation.sampling()};
}

}  // namespace

class TestExportController : public QObject {
    Q_OBJECT

    // One short generation of two variants, shared by the export tests.
    ModelController model_;
    BriefController brief_;
    GenerationController generation_{&brief_, &model_};
    ExportController export_{&brief_, &generation_};
    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QSignalSpy loaded(&model_, &ModelController::loadFinished);
        model_.load(kDemoModel);
        QVERIFY(loaded.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!model_.fingerprint().isEmpty(), 30000);
        QVERIFY(brief_.open(kSamples + QStringLiteral("/products/bottle-02.adgen.json")));
        generation_.setShopper(QStringLiteral("shopper-001"), sampleShopper(QStringLiteral("shopper-001")), 3);
        generation_.setVariantCount(2);
        generation_.setRandomSeeds(false);
        generation_.setBaseSeed(QStringLiteral("21"));
        generation_.setHistoryLength(3);
        QSignalSpy finished(&generation_, &GenerationController::finished);
        QVERIFY(generation_.generate());
        QVERIFY(finished.wait(120000));
        QCOMPARE(generation_.variants()->finishedCount(), 2);
    }

    void exportsAVariantAsAPngWithItsRecipe() {
        QSignalSpy status(&export_, &ExportController::statusChanged);
        // A file: URL without a suffix, as a save dialog may give it.
        QVERIFY(export_.exportPng(1, QUrl::fromLocalFile(path(QStringLiteral("second"))).toString(), false));
        const QString file = path(QStringLiteral("second.png"));
        QCOMPARE(export_.exportedFiles(), QStringList{file});
        QVERIFY2(export_.status().contains(QStringLiteral("second.png")), qPrintable(export_.status()));
        QCOMPARE(status.count(), 1);
        QVERIFY(export_.error().isEmpty());
        QCOMPARE(export_.exportFolder(), QUrl::fromLocalFile(dir_.path()));

        QCOMPARE(QImage(file).convertToFormat(QImage::Format_RGB32), generation_.variants()->image(1).convertToFormat(QImage::Format_RGB32));
        const auto exported = readExportedRecipeFromPng(file);
        QVERIFY(exported);
        QCOMPARE(exported->variant, 2);
        QCOMPARE(exported->image, AdImage::Raw);
        QCOMPARE(*exported->seed(), quint64(22));
        const GenerationRecipe& r = exported->recipe;
        QCOMPARE(r.variants[1].title, generation_.variants()->title(1));
        QCOMPARE(r.modelFingerprint, model_.fingerprint());  // the fingerprint line of recipeFor
        QCOMPARE(r.shopperName, QStringLiteral("shopper-001"));
        QCOMPARE(r.historyUsed.size(), 3);
        QCOMPARE(r.sellingPoints, brief_.sellingPoints()->points());
    }

    void exportsTheFusionPictureWhenAsked() {
        QVERIFY(export_.exportPng(0, path(QStringLiteral("first-fusion.png")), true));
        QCOMPARE(QImage(path(QStringLiteral("first-fusion.png"))).convertToFormat(QImage::Format_RGB32),
                 generation_.variants()->fusionImage(0).convertToFormat(QImage::Format_RGB32));
        QCOMPARE(readExportedRecipeFromPng(path(QStringLiteral("first-fusion.png")))->image, AdImage::Fusion);
        QCOMPARE(export_.suggestedFileName(0, true, QStringLiteral("png")), QStringLiteral("bottle-02-shopper-001-v1-fusion.png"));
    }

    void exportsAJpegWithItsRecipeBesideIt() {
        QVERIFY(export_.exportJpeg(0, path(QStringLiteral("first.jpg")), false));
        QCOMPARE(export_.exportedFiles(), (QStringList{path(QStringLiteral("first.jpg")), path(QStringLiteral("first.json"))}));
        QCOMPARE(QImage(path(QStringLiteral("first.jpg"))).size(), generation_.variants()->image(0).size());
        const auto sidecar = readExportedRecipeFromJson(path(QStringLiteral("first.json")));
        QVERIFY(sidecar);
        QCOMPARE(sidecar->variant, 1);
        QCOMPARE(*sidecar->seed(), quint64(21));
    }

    void exportsAContactSheetOfTheChosenVariants() {
        QVERIFY(export_.exportContactSheet(path(QStringLiteral("sheet")), QVariantList{1, 0}, true));
        QFile pdf(path(QStringLiteral("sheet.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.readAll().startsWith("%PDF"));
        QVERIFY2(export_.status().contains(QStringLiteral("contact sheet of 2 variant")), qPrintable(export_.status()));
    }

    void exportsAllFinishedVariantsWithoutReplacingFiles() {
        QTemporaryDir folder;
        QVERIFY(export_.exportAll(folder.path()));
        const QDir out(folder.path());
        const QStringList names{QStringLiteral("bottle-02-shopper-001-v1.png"), QStringLiteral("bottle-02-shopper-001-v1-fusion.png"),
                                QStringLiteral("bottle-02-shopper-001-v2.png"), QStringLiteral("bottle-02-shopper-001-v2-fusion.png")};
        QStringList expected;
        for (const QString& name : names) expected << out.filePath(name);
        QCOMPARE(export_.exportedFiles(), expected);
        QVERIFY2(export_.status().startsWith(QStringLiteral("Exported 4 file")), qPrintable(export_.status()));
        QVERIFY(export_.exportAll(QUrl::fromLocalFile(folder.path()).toString()));
        QCOMPARE(export_.exportedFiles().first(), out.filePath(QStringLiteral("bottle-02-shopper-001-v1-2.png")));
        QCOMPARE(out.entryList(QDir::Files).size(), 8);
    }

    void copiesAVariantsCopyToTheClipboard() {
        QGuiApplication::clipboard()->clear();
        QVERIFY(export_.copyText(1));
        QCOMPARE(QGuiApplication::clipboard()->text(), generation_.variants()->title(1).trimmed());
        QVERIFY(!export_.copyText(5));
        QVERIFY2(export_.error().contains(QStringLiteral("variant 6")), qPrintable(export_.error()));
        export_.clearError();
    }

    void anUnwritablePlaceIsNamedAndNothingChanges() {
        QVERIFY(export_.exportPng(0, path(QStringLiteral("kept.png")), false));
        const QString status = export_.status();
        QFile blocker(path(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!export_.exportPng(0, path(QStringLiteral("blocker/ad.png")), false));
        QVERIFY2(export_.error().contains(QStringLiteral("ad.png")), qPrintable(export_.error()));
        QVERIFY(!export_.errorFix().isEmpty());
        QVERIFY(!export_.exportAll(path(QStringLiteral("blocker/all"))));
        QVERIFY2(export_.error().contains(QStringLiteral("blocker")), qPrintable(export_.error()));
        QCOMPARE(export_.status(), status);
        QVERIFY(!export_.exportContactSheet(path(QStringLiteral("blocker/sheet.pdf")), {}, false));
        export_.clearError();
        QVERIFY(export_.error().isEmpty());
    }

    void restoringAnExportedPngMakesTheSameAdAgain() {
        QVERIFY(export_.exportPng(1, path(QStringLiteral("again.png")), false));
        BriefController brief;
        GenerationController generation(&brief, &model_);
        ExportController restorer(&brief, &generation);
        QSignalSpy restored(&restorer, &ExportController::restored);
        QVERIFY(restorer.restoreFromPng(QUrl::fromLocalFile(path(QStringLiteral("again.png"))).toString()));
        QCOMPARE(restored.count(), 1);
        QVERIFY2(restorer.error().isEmpty(), qPrintable(restorer.error()));
        QCOMPARE(restorer.restoredShopperName(), QStringLiteral("shopper-001"));
        QCOMPARE(restorer.restoredProfileId(), qint64(3));
        QCOMPARE(generation.baseSeed(), QStringLiteral("22"));
        QCOMPARE(generation.variantCount(), 2);
        // The window picks the shopper again; one variant is enough to compare.
        generation.setShopper(QStringLiteral("shopper-001"), sampleShopper(QStringLiteral("shopper-001")), 3);
        generation.setVariantCount(1);
        QSignalSpy finished(&generation, &GenerationController::finished);
        QVERIFY(generation.generate());
        QVERIFY(finished.wait(120000));
        QCOMPARE(generation.variants()->title(0), generation_.variants()->title(1));
        QCOMPARE(generation.variants()->image(0), generation_.variants()->image(1));
    }

    // Settings only: controllers on a model controller that loaded nothing.

    void restoringAppliesTheBriefAndTheSettings() {
        ModelController noModel;
        BriefController brief;
        GenerationController generation(&brief, &noModel);
        ExportController restorer(&brief, &generation);
        QVERIFY(brief.open(kSamples + QStringLiteral("/products/mug-11.adgen.json")));
        QVERIFY(writePngWithRecipe(path(QStringLiteral("settings.png")), smallPicture(),
                                   exportedRecipeJson(recipeFor(kBottle), 2, AdImage::Fusion)));
        QVERIFY(restorer.hasRecipe(path(QStringLiteral("settings.png"))));

        QVERIFY(restorer.restoreFromPng(path(QStringLiteral("settings.png"))));
        QVERIFY2(restorer.error().isEmpty(), qPrintable(restorer.error()));
        QVERIFY2(restorer.status().contains(QStringLiteral("settings.png")), qPrintable(restorer.status()));
        QVERIFY(brief.product()->loaded());
        QCOMPARE(QFileInfo(brief.product()->filePath()), QFileInfo(kBottle));
        QCOMPARE(brief.sellingPoints()->points(), (QStringList{QStringLiteral("Lightweight"), QStringLiteral("大容量保温")}));
        QCOMPARE(brief.originalTitle(), QStringLiteral("Nimbus bottle"));
        QCOMPARE(brief.description(), QStringLiteral("Steel, 500 ml"));
        QVERIFY(brief.filePath().isEmpty());  // a new brief: saving must not overwrite mug-11's
        QVERIFY(brief.modified());

        QCOMPARE(generation.variantCount(), 3);
        QVERIFY(!generation.randomSeeds());
        QCOMPARE(generation.baseSeed(), QStringLiteral("18446744073709551615"));  // variant 2's
        QCOMPARE(generation.titleTemperature(), 0.7);
        QCOMPARE(generation.imageTemperature(), 0.4);
        QCOMPARE(generation.cfgWeight(), 2.5);
        QVERIFY(generation.factualCopy());
        QCOMPARE(generation.historyLength(), 4);
        QCOMPARE(generation.sampling(), QStringLiteral("random"));
        QCOMPARE(restorer.restoredProfileId(), qint64(12));
        QCOMPARE(restorer.restoredShopperName(), QStringLiteral("shopper-039"));
        QVERIFY(generation.shopperName().isEmpty());  // the shopper is the window's to pick
    }

    void restoringFromAJpegUsesItsSidecar() {
        ModelController noModel;
        BriefController brief;
        GenerationController generation(&brief, &noModel);
        ExportController restorer(&brief, &generation);
        QVERIFY(writeJpegWithSidecar(path(QStringLiteral("side.jpg")), smallPicture(),
                                     exportedRecipeJson(recipeFor(kBottle), 3, AdImage::Raw)));
        QVERIFY(restorer.restoreFromPng(path(QStringLiteral("side.jpg"))));
        QCOMPARE(generation.baseSeed(), QStringLiteral("7"));
    }

    void aMissingProductIsNamedAndTheRestRestored() {
        ModelController noModel;
        BriefController brief;
        GenerationController generation(&brief, &noModel);
        ExportController restorer(&brief, &generation);
        const QString gone = path(QStringLiteral("moved-away/bottle.png"));
        QVERIFY(writePngWithRecipe(path(QStringLiteral("orphan.png")), smallPicture(),
                                   exportedRecipeJson(recipeFor(gone), 1, AdImage::Raw)));
        QVERIFY(restorer.restoreFromPng(path(QStringLiteral("orphan.png"))));
        QVERIFY2(restorer.error().contains(gone), qPrintable(restorer.error()));
        QVERIFY2(restorer.errorFix().contains(gone), qPrintable(restorer.errorFix()));
        QVERIFY(!brief.product()->loaded());
        QCOMPARE(brief.product()->filePath(), gone);  // the product view shows what is missing
        QCOMPARE(brief.sellingPoints()->points().size(), 2);
        QCOMPARE(brief.originalTitle(), QStringLiteral("Nimbus bottle"));
        QCOMPARE(generation.baseSeed(), QStringLiteral("5"));
        QCOMPARE(generation.cfgWeight(), 2.5);
    }

    void aFailedRestoreChangesNothing_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("named");
        QVERIFY(smallPicture().save(path(QStringLiteral("plain.png"))));
        QByteArray png;
        {
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            smallPicture().save(&buffer, "PNG");
        }
        QFile bad(path(QStringLiteral("malformed.png")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(withItxtChunk(png, kRecipeKeyword, QStringLiteral("{\"format\": \"adgen-recipe\", \"brief\": [")));
        bad.close();
        QVERIFY(smallPicture().save(path(QStringLiteral("photo.jpg"))));
        QTest::newRow("no recipe") << path(QStringLiteral("plain.png")) << QStringLiteral("holds no AdGen recipe");
        QTest::newRow("malformed JSON") << path(QStringLiteral("malformed.png")) << QStringLiteral("not valid JSON");
        QTest::newRow("missing file") << path(QStringLiteral("nowhere.png")) << QStringLiteral("nowhere.png");
        QTest::newRow("JPEG without sidecar") << path(QStringLiteral("photo.jpg")) << QStringLiteral("not a PNG");
    }

    void aFailedRestoreChangesNothing() {
        QFETCH(QString, file);
        QFETCH(QString, named);
        ModelController noModel;
        BriefController brief;
        GenerationController generation(&brief, &noModel);
        ExportController restorer(&brief, &generation);
        QVERIFY(brief.open(kSamples + QStringLiteral("/products/mug-11.adgen.json")));
        generation.setCfgWeight(4.5);
        const QStringList before = snapshot(brief, generation);
        QSignalSpy restored(&restorer, &ExportController::restored);
        QVERIFY(!restorer.restoreFromPng(file));
        QVERIFY2(restorer.error().contains(named), qPrintable(restorer.error()));
        QVERIFY(!restorer.errorFix().isEmpty());
        QVERIFY(!restorer.hasRecipe(file));
        QCOMPARE(snapshot(brief, generation), before);
        QCOMPARE(restored.count(), 0);
        QVERIFY(restorer.status().isEmpty());
    }

    void exportsNeedAFinishedVariant() {
        ModelController noModel;
        BriefController brief;
        GenerationController generation(&brief, &noModel);
        ExportController exporter(&brief, &generation);
        QTemporaryDir folder;
        QVERIFY(!exporter.exportPng(0, folder.filePath(QStringLiteral("a.png")), false));
        QVERIFY2(exporter.error().contains(QStringLiteral("no variant 1")), qPrintable(exporter.error()));
        QVERIFY(!exporter.exportAll(folder.path()));
        QVERIFY2(exporter.error().contains(QStringLiteral("no finished variant")), qPrintable(exporter.error()));
        QVERIFY(!exporter.exportContactSheet(folder.filePath(QStringLiteral("s.pdf")), {}, false));
        QVERIFY(!exporter.copyText(0));
        QVERIFY(!exporter.errorFix().isEmpty());
        QVERIFY(QDir(folder.path()).isEmpty());
        // Before any export, dialogs start in the brief's folder.
        QCOMPARE(exporter.exportFolder(), brief.workingFolder());
    }
};

QTEST_MAIN(TestExportController)
#include "tst_export_controller.moc"
