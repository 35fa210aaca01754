#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "brief_controller.h"

namespace {
QString fixture(const QString& name) { return QStringLiteral(ADGEN_FIXTURES_DIR "/images/") + name; }

void fill(BriefController& brief) {
    QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
    brief.sellingPoints()->appendFromText(QStringLiteral("500 ml, steel, 保温"));
    brief.setOriginalTitle(QStringLiteral("Thermo bottle"));
    brief.setDescription(QStringLiteral("Line one\nLine two"));
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What the designer sees, in one comparable line.
QString shown(BriefController& brief) {
    return QStringLiteral("points=[%1] title=%2 description=%3 product=%4")
        .arg(brief.sellingPoints()->points().join(QLatin1Char('|')), brief.originalTitle(), brief.description(),
             brief.product()->fileName());
}

QImage fixtureImage(const QString& name) {
    QImage image(fixture(name));
    return image;
}
}  // namespace

class TestBriefController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Recent files and pasted images go to temporary folders, never the user's.
        QVERIFY(home_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, home_.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, home_.filePath(QStringLiteral("config")));
        qputenv("XDG_DATA_HOME", home_.filePath(QStringLiteral("data")).toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("AdGenTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_brief_controller"));
    }

    void init() { QSettings().clear(); }

    void editsMarkTheBriefModified() {
        BriefController brief;
        QVERIFY(!brief.modified());
        QSignalSpy modified(&brief, &BriefController::modifiedChanged);
        brief.sellingPoints()->append(QStringLiteral("x"));
        QVERIFY(brief.modified());
        QCOMPARE(modified.count(), 1);
    }

    void saveAsThenOpenRestoresEverything() {
        QTemporaryDir dir;
        BriefController brief;
        fill(brief);
        const QString path = dir.filePath(QStringLiteral("b.adgen.json"));
        QVERIFY(brief.saveAs(path));
        QVERIFY(!brief.modified());
        QCOMPARE(brief.displayName(), QStringLiteral("b.adgen.json"));

        BriefController reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.sellingPoints()->points(), (QStringList{"500 ml", "steel", "保温"}));
        QCOMPARE(reopened.originalTitle(), QStringLiteral("Thermo bottle"));
        QCOMPARE(reopened.description(), QStringLiteral("Line one\nLine two"));
        QCOMPARE(reopened.product()->fileName(), QStringLiteral("rgba_box.png"));
        QCOMPARE(reopened.product()->productBox(), QRect(10, 5, 26, 21));
        QVERIFY(!reopened.modified());
        QCOMPARE(reopened.filePath(), path);
    }

    void saveAsAddsTheBriefSuffix() {
        QTemporaryDir dir;
        BriefController brief;
        QVERIFY(brief.saveAs(dir.filePath(QStringLiteral("bottle.json"))));
        QCOMPARE(brief.filePath(), dir.filePath(QStringLiteral("bottle.adgen.json")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bottle.adgen.json"))));
    }

    void saveWithoutAFileAsksForOne() {
        BriefController brief;
        brief.setDescription(QStringLiteral("x"));
        QVERIFY(!brief.save());
        QVERIFY(brief.modified());
    }

    void aMalformedFileLeavesTheCurrentBriefAlone() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.adgen.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"adgen-brief\", \"version\": 1, \"selling_points\": [1]}");
        file.close();

        BriefController brief;
        fill(brief);
        QVERIFY(!brief.open(bad));
        QVERIFY2(brief.error().contains(QStringLiteral("selling point 1 must be a string")), qPrintable(brief.error()));
        QCOMPARE(brief.sellingPoints()->points(), (QStringList{"500 ml", "steel", "保温"}));
        QCOMPARE(brief.originalTitle(), QStringLiteral("Thermo bottle"));
        QVERIFY(brief.modified());
        QVERIFY(brief.filePath().isEmpty());
    }

    void aBriefWhoseProductIsGoneOpensAndKeepsThePath() {
        QTemporaryDir dir;
        const QString product = dir.filePath(QStringLiteral("p.png"));
        QVERIFY(QFile::copy(fixture(QStringLiteral("rgba_box.png")), product));
        BriefController brief;
        QVERIFY(brief.loadProduct(product));
        brief.sellingPoints()->append(QStringLiteral("kept"));
        const QString path = dir.filePath(QStringLiteral("b.adgen.json"));
        QVERIFY(brief.saveAs(path));
        QVERIFY(QFile::remove(product));

        BriefController reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.sellingPoints()->points(), QStringList{QStringLiteral("kept")});
        QVERIFY(!reopened.product()->loaded());
        QVERIFY2(reopened.product()->error().contains(QStringLiteral("not found")), qPrintable(reopened.product()->error()));
        // Saving again must not forget where the product was.
        QVERIFY(reopened.save());
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(saved.readAll()).object();
        QCOMPARE(json.value("product").toObject().value("image").toString(), QStringLiteral("p.png"));
    }

    void aFailedSaveKeepsTheBriefModifiedAndExplains() {
        BriefController brief;
        brief.setDescription(QStringLiteral("x"));
        QVERIFY(!brief.saveAs(QStringLiteral("/nonexistent-dir/for/sure/b.adgen.json")));
        QVERIFY(brief.modified());
        QVERIFY2(brief.error().contains(QStringLiteral("Cannot write")), qPrintable(brief.error()));
        QVERIFY(brief.filePath().isEmpty());
    }

    void aBadProductKeepsTheBriefUnmodified() {
        BriefController brief;
        QVERIFY(!brief.loadProduct(fixture(QStringLiteral("rgb_opaque.png"))));
        QVERIFY(!brief.modified());
        QVERIFY(brief.product()->error().contains(QStringLiteral("no alpha channel")));
    }

    void newBriefClearsEverything() {
        BriefController brief;
        fill(brief);
        brief.newBrief();
        QCOMPARE(brief.sellingPoints()->points(), QStringList{});
        QVERIFY(brief.description().isEmpty());
        QVERIFY(!brief.product()->loaded());
        QVERIFY(!brief.modified());
        QCOMPARE(brief.displayName(), QStringLiteral("Untitled brief"));
    }

    void dialogsStartInTheBriefsFolderElseTheProductsFolder() {
        QTemporaryDir briefs;
        BriefController brief;
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QCOMPARE(brief.workingFolder(), QUrl::fromLocalFile(QStringLiteral(ADGEN_FIXTURES_DIR "/images")));
        QSignalSpy changed(&brief, &BriefController::workingFolderChanged);
        QVERIFY(brief.saveAs(briefs.filePath(QStringLiteral("b.adgen.json"))));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(brief.workingFolder(), QUrl::fromLocalFile(briefs.path()));
    }

    void pasteAddsTheClipboardList() {
        BriefController brief;
        QGuiApplication::clipboard()->setText(QStringLiteral("a、b；c"));
        QCOMPARE(brief.pasteSellingPoints(), 3);
        QCOMPARE(brief.sellingPoints()->points(), (QStringList{"a", "b", "c"}));
        QVERIFY(brief.modified());
    }

    void pastingAnEmptyClipboardSaysWhatToDo() {
        BriefController brief;
        QGuiApplication::clipboard()->setText(QString());
        QCOMPARE(brief.pasteSellingPoints(), 0);
        QVERIFY(brief.error().contains(QStringLiteral("no text")));
    }

    // Undo / redo.

    void undoAndRedoStepThroughEveryKindOfEdit() {
        BriefController brief;
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        brief.sellingPoints()->appendFromText(QStringLiteral("a, b, c"));
        brief.setOriginalTitle(QStringLiteral("T"));
        brief.setDescription(QStringLiteral("D"));
        QVERIFY(brief.sellingPoints()->setText(0, QStringLiteral("A")));
        QVERIFY(brief.sellingPoints()->move(0, 2));
        QVERIFY(brief.sellingPoints()->remove(0));
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("gray_alpha.png"))));
        const QString last = shown(brief);
        QCOMPARE(last, QStringLiteral("points=[c|A] title=T description=D product=gray_alpha.png"));

        const QStringList undone{
            QStringLiteral("Load product"),
            QStringLiteral("Remove selling point"),
            QStringLiteral("Move selling point"),
            QStringLiteral("Edit selling point"),
            QStringLiteral("Edit description"),
            QStringLiteral("Edit original title"),
            QStringLiteral("Add selling points"),
            QStringLiteral("Load product"),
        };
        const QStringList states{
            QStringLiteral("points=[c|A] title=T description=D product=rgba_box.png"),
            QStringLiteral("points=[b|c|A] title=T description=D product=rgba_box.png"),
            QStringLiteral("points=[A|b|c] title=T description=D product=rgba_box.png"),
            QStringLiteral("points=[a|b|c] title=T description=D product=rgba_box.png"),
            QStringLiteral("points=[a|b|c] title=T description= product=rgba_box.png"),
            QStringLiteral("points=[a|b|c] title= description= product=rgba_box.png"),
            QStringLiteral("points=[] title= description= product=rgba_box.png"),
            QStringLiteral("points=[] title= description= product="),
        };
        for (int i = 0; i < states.size(); ++i) {
            QCOMPARE(brief.undoText(), undone.at(i));
            QVERIFY(brief.undo());
            QCOMPARE(shown(brief), states.at(i));
            QCOMPARE(brief.redoText(), undone.at(i));
        }
        QVERIFY(!brief.canUndo());
        QVERIFY(!brief.undo());
        QVERIFY(!brief.product()->loaded());
        QVERIFY(!brief.modified());  // back to the new, empty brief

        for (int i = int(states.size()) - 2; i >= 0; --i) {
            QVERIFY(brief.redo());
            QCOMPARE(shown(brief), states.at(i));
        }
        QVERIFY(brief.redo());
        QCOMPARE(shown(brief), last);
        QVERIFY(!brief.canRedo());
        QVERIFY(brief.modified());
        // The product box comes back with the product, not just its name.
        QCOMPARE(brief.product()->productBox(), QRect(3, 0, 3, 10));
    }

    void aPastedListIsOneStep() {
        BriefController brief;
        brief.sellingPoints()->append(QStringLiteral("x"));
        QGuiApplication::clipboard()->setText(QStringLiteral("a、b；c"));
        QCOMPARE(brief.pasteSellingPoints(), 3);
        QCOMPARE(brief.undoText(), QStringLiteral("Paste selling points"));
        QVERIFY(brief.undo());
        QCOMPARE(brief.sellingPoints()->points(), QStringList{QStringLiteral("x")});
        QCOMPARE(brief.undoText(), QStringLiteral("Add selling point"));
    }

    void typingInAFieldIsOneStepUntilAPause() {
        BriefController brief;
        for (const QString& typed : {QStringLiteral("T"), QStringLiteral("Th"), QStringLiteral("The")}) brief.setOriginalTitle(typed);
        QTest::qWait(int(BriefHistory::kCoalesceMs) + 100);
        brief.setOriginalTitle(QStringLiteral("The b"));
        brief.setOriginalTitle(QStringLiteral("The bo"));
        QVERIFY(brief.undo());
        QCOMPARE(brief.originalTitle(), QStringLiteral("The"));
        QVERIFY(brief.undo());
        QCOMPARE(brief.originalTitle(), QString());
        QVERIFY(!brief.canUndo());
    }

    void typingInAnotherFieldIsAnotherStep() {
        BriefController brief;
        brief.setOriginalTitle(QStringLiteral("T"));
        brief.setDescription(QStringLiteral("D"));
        brief.setOriginalTitle(QStringLiteral("Tx"));
        QVERIFY(brief.undo());
        QCOMPARE(shown(brief), QStringLiteral("points=[] title=T description=D product="));
        QVERIFY(brief.undo());
        QCOMPARE(shown(brief), QStringLiteral("points=[] title=T description= product="));
    }

    void undoingToTheSavedStateIsUnmodifiedAndLeavesTheFileAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("b.adgen.json"));
        BriefController brief;
        fill(brief);
        QVERIFY(brief.saveAs(path));
        const QByteArray saved = contents(path);
        QVERIFY(brief.canUndo());  // saving is not an edit: what came before can still be undone

        QSignalSpy modified(&brief, &BriefController::modifiedChanged);
        brief.setOriginalTitle(QStringLiteral("Thermo bottle 2"));
        QVERIFY(brief.modified());
        QVERIFY(brief.undo());
        QVERIFY(!brief.modified());
        QCOMPARE(brief.originalTitle(), QStringLiteral("Thermo bottle"));
        QVERIFY(brief.undo());  // the description typed before saving
        QVERIFY(brief.modified());
        QVERIFY(brief.redo());
        QVERIFY(!brief.modified());
        QCOMPARE(modified.count(), 4);
        QCOMPARE(contents(path), saved);
    }

    void openingOrCreatingABriefClearsTheHistory() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("b.adgen.json"));
        BriefController brief;
        fill(brief);
        QVERIFY(brief.saveAs(path));
        brief.setDescription(QStringLiteral("changed"));
        QVERIFY(brief.undo());
        QVERIFY(brief.canRedo());

        QSignalSpy history(&brief, &BriefController::historyChanged);
        QVERIFY(brief.open(path));
        QVERIFY(!brief.canUndo());
        QVERIFY(!brief.canRedo());
        QVERIFY(brief.undoText().isEmpty());
        QVERIFY(history.count() >= 1);

        brief.setDescription(QStringLiteral("changed again"));
        brief.newBrief();
        QVERIFY(!brief.canUndo());
        QVERIFY(!brief.canRedo());
        QVERIFY(!brief.modified());
    }

    void aFailedOpenKeepsTheHistory() {
        BriefController brief;
        brief.setOriginalTitle(QStringLiteral("T"));
        QVERIFY(!brief.open(QStringLiteral("/nonexistent/b.adgen.json")));
        QVERIFY(brief.undo());
        QCOMPARE(brief.originalTitle(), QString());
    }

    void undoBringsBackAProductWhoseFileIsGone() {
        QTemporaryDir dir;
        const QString product = dir.filePath(QStringLiteral("p.png"));
        QVERIFY(QFile::copy(fixture(QStringLiteral("rgba_box.png")), product));
        BriefController brief;
        QVERIFY(brief.loadProduct(product));
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("gray_alpha.png"))));
        QVERIFY(QFile::remove(product));
        QVERIFY(brief.undo());
        QVERIFY(brief.product()->loaded());
        QCOMPARE(brief.product()->filePath(), product);
        QCOMPARE(brief.product()->productBox(), QRect(10, 5, 26, 21));
        QVERIFY(brief.product()->error().isEmpty());
    }

    void loadingTheSameProductAgainIsNoStep() {
        BriefController brief;
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(brief.undo());
        QVERIFY(!brief.canUndo());
    }

    void aRefusedEditIsNoStep() {
        BriefController brief;
        brief.sellingPoints()->append(QStringLiteral("a"));
        QVERIFY(!brief.sellingPoints()->append(QStringLiteral("a")));
        QVERIFY(!brief.loadProduct(fixture(QStringLiteral("rgb_opaque.png"))));
        QCOMPARE(brief.undoText(), QStringLiteral("Add selling point"));
        QVERIFY(brief.undo());
        QVERIFY(!brief.canUndo());
    }

    // Recent files.

    void openedAndSavedBriefsAndLoadedProductsAreRecent() {
        QTemporaryDir dir;
        const QString first = dir.filePath(QStringLiteral("first.adgen.json"));
        const QString second = dir.filePath(QStringLiteral("second.adgen.json"));
        BriefController brief;
        QVERIFY(brief.saveAs(first));
        QVERIFY(brief.saveAs(second));
        QVERIFY(brief.open(first));
        QVERIFY(!brief.open(dir.filePath(QStringLiteral("absent.adgen.json"))));
        QCOMPARE(brief.recentBriefs()->files(), (QStringList{first, second}));

        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(!brief.loadProduct(fixture(QStringLiteral("rgb_opaque.png"))));
        QCOMPARE(brief.recentProducts()->files(), QStringList{QFileInfo(fixture(QStringLiteral("rgba_box.png"))).absoluteFilePath()});

        // The next studio sees them.
        BriefController later;
        QCOMPARE(later.recentBriefs()->files(), (QStringList{first, second}));
    }

    // Pasting a product.

    void aPastedCutoutIsWrittenBesideTheBrief() {
        QTemporaryDir dir;
        BriefController brief;
        QVERIFY(brief.saveAs(dir.filePath(QStringLiteral("bottle.adgen.json"))));
        QGuiApplication::clipboard()->setImage(fixtureImage(QStringLiteral("rgba_box.png")));
        QVERIFY(brief.pasteProduct());
        QCOMPARE(brief.product()->filePath(), dir.filePath(QStringLiteral("bottle-pasted.png")));
        QCOMPARE(brief.product()->productBox(), QRect(10, 5, 26, 21));
        QCOMPARE(brief.product()->image().pixelColor(10, 5), QColor(200, 40, 40, 255));
        QVERIFY(brief.modified());
        QCOMPARE(brief.undoText(), QStringLiteral("Paste product image"));

        // A second paste never overwrites the first (the brief may be saved with it).
        QGuiApplication::clipboard()->setImage(fixtureImage(QStringLiteral("gray_alpha.png")));
        QVERIFY(brief.pasteProduct());
        QCOMPARE(brief.product()->filePath(), dir.filePath(QStringLiteral("bottle-pasted-2.png")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bottle-pasted.png"))));

        // Undo shows the first paste again and leaves both files where they are.
        QVERIFY(brief.undo());
        QCOMPARE(brief.product()->filePath(), dir.filePath(QStringLiteral("bottle-pasted.png")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bottle-pasted-2.png"))));

        // Saved and reopened, the brief refers to the pasted file.
        QVERIFY(brief.save());
        BriefController reopened;
        QVERIFY(reopened.open(dir.filePath(QStringLiteral("bottle.adgen.json"))));
        QCOMPARE(reopened.product()->fileName(), QStringLiteral("bottle-pasted.png"));
        QVERIFY(reopened.product()->loaded());
    }

    void aCutoutPastedIntoAnUnsavedBriefGoesToTheAppDataFolder() {
        BriefController brief;
        QGuiApplication::clipboard()->setImage(fixtureImage(QStringLiteral("rgba_box.png")));
        QVERIFY(brief.pasteProduct());
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/pasted");
        QVERIFY2(folder.startsWith(home_.path()), qPrintable(folder));
        QCOMPARE(QFileInfo(brief.product()->filePath()).absolutePath(), folder);
        QVERIFY2(brief.product()->fileName().startsWith(QStringLiteral("pasted-")), qPrintable(brief.product()->fileName()));
        QVERIFY(brief.product()->loaded());
    }

    void aPastedImageWithoutAlphaIsRefusedLikeSuchAFile() {
        ProductController fromFile;
        QVERIFY(!fromFile.load(fixture(QStringLiteral("rgb_opaque.png"))));

        QTemporaryDir dir;
        BriefController brief;
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(brief.saveAs(dir.filePath(QStringLiteral("bottle.adgen.json"))));
        const QImage opaque = fixtureImage(QStringLiteral("rgb_opaque.png"));
        QVERIFY(!opaque.hasAlphaChannel());
        QGuiApplication::clipboard()->setImage(opaque);
        QVERIFY(!brief.pasteProduct());

        const QString problem = brief.product()->error();
        QVERIFY2(problem.startsWith(QStringLiteral("Pasted image: The image has no alpha channel")), qPrintable(problem));
        // The same explanation as for the file, after the name of what was refused.
        QCOMPARE(problem.section(QStringLiteral(": "), 1, -1), fromFile.error().section(QStringLiteral(": "), 1, -1));
        QCOMPARE(brief.product()->errorFix(), fromFile.errorFix());
        QCOMPARE(brief.product()->fileName(), QStringLiteral("rgba_box.png"));
        QVERIFY(!brief.modified());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bottle-pasted.png"))));
    }

    void aPastedFullyOpaqueImageIsRefused() {
        BriefController brief;
        QImage opaque(8, 8, QImage::Format_ARGB32);
        opaque.fill(Qt::blue);
        QGuiApplication::clipboard()->setImage(opaque);
        QVERIFY(!brief.pasteProduct());
        QVERIFY2(brief.product()->error().contains(QStringLiteral("every pixel is opaque")), qPrintable(brief.product()->error()));
        QVERIFY(!brief.product()->loaded());
    }

    void aCopiedFileIsPastedAsThatFile() {
        BriefController brief;
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(fixture(QStringLiteral("gray_alpha.png")))});
        QGuiApplication::clipboard()->setMimeData(mime);
        QVERIFY(brief.pasteProduct());
        QCOMPARE(brief.product()->filePath(), QFileInfo(fixture(QStringLiteral("gray_alpha.png"))).absoluteFilePath());

        // A path copied as text works too; a copied file without alpha is refused as a file.
        QGuiApplication::clipboard()->setText(fixture(QStringLiteral("rgba_box.png")));
        QVERIFY(brief.pasteProduct());
        QCOMPARE(brief.product()->fileName(), QStringLiteral("rgba_box.png"));
        QGuiApplication::clipboard()->setText(QUrl::fromLocalFile(fixture(QStringLiteral("rgb_opaque.png"))).toString());
        QVERIFY(!brief.pasteProduct());
        QVERIFY(brief.product()->error().startsWith(QStringLiteral("rgb_opaque.png: The image has no alpha channel")));
        QCOMPARE(brief.product()->fileName(), QStringLiteral("rgba_box.png"));
    }

    void pastingWithoutAnImageSaysWhatToCopy() {
        BriefController brief;
        QVERIFY(brief.loadProduct(fixture(QStringLiteral("rgba_box.png"))));
        QGuiApplication::clipboard()->setText(QStringLiteral("not a picture"));
        QVERIFY(!brief.pasteProduct());
        QCOMPARE(brief.product()->error(), QStringLiteral("The clipboard holds no image."));
        QCOMPARE(brief.product()->fileName(), QStringLiteral("rgba_box.png"));
    }

private:
    QTemporaryDir home_;
};

QTEST_MAIN(TestBriefController)
#include "tst_brief_controller.moc"
