// End to end: the reviewer's lane (issue 7) in the real adgen-studio under Xvfb — generate two
// variants on the demo model, open review mode (Ctrl+R), make a batch of the last generation,
// review it with the keyboard only, kill the studio (SIGKILL) right after a verdict key, start it
// again on the same data and find every verdict made before the kill.
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "screenshot_path.h"
#include "studio_driver.h"

namespace {

const QString kSamples = QStringLiteral(ADGEN_SAMPLES_DIR);

// The decisions of one row of the open batch, as the review controller reads them from the store.
QJsonObject decisionsAt(StudioDriver& studio, int row) {
    return studio.invoke(QStringLiteral("review"), QStringLiteral("rowData"), {row}).toObject()
        .value(QStringLiteral("decisions")).toObject();
}

}  // namespace

class ReviewEndToEnd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keyboardReviewSurvivesAKill();
};

void ReviewEndToEnd::keyboardReviewSurvivesAKill() {
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString brief = kSamples + QStringLiteral("/products/bottle-02.adgen.json");
    qint64 batchId = -1;
    {
        StudioDriver studio;
        studio.setDataHome(home.path());
        QVERIFY2(studio.start({brief}), qPrintable(studio.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(studio.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
        QCOMPARE(studio.property(QStringLiteral("generation"), QStringLiteral("variantCount")).toInt(), 2);

        // Two variants.
        QVERIFY(studio.key(QStringLiteral("Ctrl+Return")));
        QTRY_VERIFY(studio.property(QStringLiteral("generation"), QStringLiteral("running")).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!studio.property(QStringLiteral("generation"), QStringLiteral("running")).toBool(), 180000);

        // Review mode, a batch of the last generation, the reviewer's name.
        QVERIFY(studio.key(QStringLiteral("Ctrl+R")));
        QTRY_VERIFY(studio.isVisible(QStringLiteral("reviewPage")));
        QVERIFY(!studio.isVisible(QStringLiteral("generationPanel")));
        QVERIFY(studio.click(QStringLiteral("newBatchButton")));
        QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("itemCount")).toInt(), 2);
        batchId = studio.property(QStringLiteral("review"), QStringLiteral("batchId")).toVariant().toLongLong();
        QVERIFY(batchId >= 0);
        QVERIFY(studio.click(QStringLiteral("reviewerField")));
        QVERIFY(studio.type(QStringLiteral("reviewerField"), QStringLiteral("mei")));
        QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("reviewer")).toString(), QStringLiteral("mei"));
        QVERIFY(studio.key(QStringLiteral("Return")));  // leaves the field: keys review again
        QTRY_VERIFY(studio.property(QStringLiteral("review"), QStringLiteral("prechecksReady")).toBool());
        QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-start.png"))));

        // Keyboard only from here. Ad 1: accept all.
        QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 0);
        QVERIFY(studio.key(QStringLiteral("A")));
        QTRY_COMPARE(decisionsAt(studio, 0).size(), 6);
        for (const QJsonValue& d : decisionsAt(studio, 0)) QCOMPARE(d.toString(), QStringLiteral("pass"));
        QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-accepted.png"))));

        // Ad 2: size mismatch toggled twice (pass, then reject), factuality pass, readability unsure.
        QVERIFY(studio.key(QStringLiteral("J")));
        QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 1);
        QVERIFY(studio.key(QStringLiteral("1")));
        QVERIFY(studio.key(QStringLiteral("1")));
        QTRY_COMPARE(decisionsAt(studio, 1).value(QStringLiteral("size-mismatch")).toString(), QStringLiteral("reject"));
        QVERIFY(studio.key(QStringLiteral("5")));
        QTRY_COMPARE(decisionsAt(studio, 1).value(QStringLiteral("factuality")).toString(), QStringLiteral("pass"));
        QVERIFY(studio.key(QStringLiteral("6")));
        QVERIFY(studio.key(QStringLiteral("U")));  // the active criterion (readability): pass -> unsure
        QTRY_COMPARE(decisionsAt(studio, 1).value(QStringLiteral("readability")).toString(), QStringLiteral("unsure"));
        // Back to ad 1 and forward again with the arrow keys: nothing changes.
        QVERIFY(studio.key(QStringLiteral("Up")));
        QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 0);
        QVERIFY(studio.key(QStringLiteral("Down")));
        QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 1);
        QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("judgedCount")).toInt(), 2);
        QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-rejected.png"))));
        QVERIFY(studio.key(QStringLiteral("F1")));
        QTRY_VERIFY(studio.property(QStringLiteral("reviewHelpOverlay"), QStringLiteral("opened")).toBool());
        QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-help.png"))));
        QVERIFY(studio.key(QStringLiteral("Escape")));
        QTRY_VERIFY(!studio.property(QStringLiteral("reviewHelpOverlay"), QStringLiteral("opened")).toBool());

        // R: shape hallucination rejected with a reason typed into the note field, Enter saves it.
        QVERIFY(studio.key(QStringLiteral("2")));
        QVERIFY(studio.key(QStringLiteral("R")));
        QTRY_COMPARE(decisionsAt(studio, 1).value(QStringLiteral("shape-hallucination")).toString(), QStringLiteral("reject"));
        QTRY_VERIFY(studio.property(QStringLiteral("reviewNoteField"), QStringLiteral("activeFocus")).toBool());
        QVERIFY(studio.type(QStringLiteral("reviewNoteField"), QStringLiteral("cap melted into the hand")));
        QVERIFY(studio.key(QStringLiteral("Return")));
        QTRY_COMPARE(studio.invoke(QStringLiteral("review"), QStringLiteral("rowData"), {1}).toObject()
                         .value(QStringLiteral("notes")).toObject().value(QStringLiteral("shape-hallucination")).toString(),
                     QStringLiteral("cap melted into the hand"));
        QTRY_VERIFY(!studio.property(QStringLiteral("reviewNoteField"), QStringLiteral("activeFocus")).toBool());

        // The last verdict key, then the kill: no time for anything after the key was handled.
        QVERIFY(studio.key(QStringLiteral("3")));  // space mismatch: pass
        studio.kill();
    }

    // Started again on the same data: every verdict is there.
    StudioDriver studio;
    studio.setDataHome(home.path());
    QVERIFY2(studio.start({brief}), qPrintable(studio.lastError()));
    QVERIFY(studio.key(QStringLiteral("Ctrl+R")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("reviewPage")));
    // The reviewer and the batch open last time come back.
    QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("reviewer")).toString(), QStringLiteral("mei"));
    QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("batchId")).toVariant().toLongLong(), batchId);
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("itemCount")).toInt(), 2);
    const QJsonObject first = decisionsAt(studio, 0);
    QCOMPARE(first.size(), 6);
    for (const QJsonValue& d : first) QCOMPARE(d.toString(), QStringLiteral("pass"));
    const QJsonObject second = decisionsAt(studio, 1);
    QCOMPARE(second.value(QStringLiteral("size-mismatch")).toString(), QStringLiteral("reject"));
    QCOMPARE(second.value(QStringLiteral("factuality")).toString(), QStringLiteral("pass"));
    QCOMPARE(second.value(QStringLiteral("readability")).toString(), QStringLiteral("unsure"));
    QCOMPARE(second.value(QStringLiteral("space-mismatch")).toString(), QStringLiteral("pass"));
    QCOMPARE(second.value(QStringLiteral("shape-hallucination")).toString(), QStringLiteral("reject"));
    QCOMPARE(second.size(), 5);
    QCOMPARE(studio.invoke(QStringLiteral("review"), QStringLiteral("rowData"), {1}).toObject()
                 .value(QStringLiteral("notes")).toObject().value(QStringLiteral("shape-hallucination")).toString(),
             QStringLiteral("cap melted into the hand"));
    QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("judgedCount")).toInt(), 2);
    QCOMPARE(studio.property(QStringLiteral("review"), QStringLiteral("availableRate")).toDouble(), 0.5);
    QVERIFY(studio.key(QStringLiteral("J")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 1);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-after-restart.png"))));

    // Bulk apply (with the mouse): both ads ticked, visual perception unsure on both at once.
    QVERIFY(studio.click(QStringLiteral("reviewSelect0")));
    QVERIFY(studio.click(QStringLiteral("reviewSelect1")));
    QTRY_COMPARE(studio.text(QStringLiteral("reviewSelectionLabel")), QStringLiteral("2 ad(s) ticked"));
    QVERIFY(studio.setProperty(QStringLiteral("bulkCriterionBox"), QStringLiteral("currentIndex"), 3));
    QVERIFY(studio.click(QStringLiteral("bulk_unsure")));
    QTRY_COMPARE(decisionsAt(studio, 0).value(QStringLiteral("visual-perception")).toString(), QStringLiteral("unsure"));
    QCOMPARE(decisionsAt(studio, 1).value(QStringLiteral("visual-perception")).toString(), QStringLiteral("unsure"));
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-bulk.png"))));
    // Esc: back to the studio.
    QVERIFY(studio.key(QStringLiteral("Escape")));
    QTRY_VERIFY(!studio.isVisible(QStringLiteral("reviewPage")));
    QVERIFY(studio.isVisible(QStringLiteral("generationPanel")));
    QCOMPARE(studio.quit(), 0);
}

QTEST_MAIN(ReviewEndToEnd)
#include "tst_review_e2e.moc"
