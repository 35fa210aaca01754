#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
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
}  // namespace

class TestBriefController : public QObject {
    Q_OBJECT

private Q_SLOTS:
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
};

QTEST_MAIN(TestBriefController)
#include "tst_brief_controller.moc"
