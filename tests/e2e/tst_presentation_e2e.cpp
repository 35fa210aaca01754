// End to end: presentation mode and the review statistics dialog in the real adgen-studio under
// Xvfb, on the bundled demo model — generate two variants, present them full screen (F5), step
// (Right), the personalization grid (G), leave (Esc); open Statistics…; screenshots of each.
// The two ads are reviewed first in the review lane, so the badges show the verdicts.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "screenshot_path.h"
#include "studio_driver.h"

namespace {

const QString kSamples = QStringLiteral(ADGEN_SAMPLES_DIR);

bool generating(StudioDriver& studio) {
    return studio.property(QStringLiteral("generation"), QStringLiteral("running")).toBool();
}

}  // namespace

class PresentationEndToEnd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presentTheVariantsAndShowTheStatistics();
};

void PresentationEndToEnd::presentTheVariantsAndShowTheStatistics() {
    QTemporaryDir dataHome;
    StudioDriver studio;
    studio.setDataHome(dataHome.path());
    QVERIFY2(studio.start({kSamples + QStringLiteral("/products/mug-11.adgen.json")}), qPrintable(studio.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(studio.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
    QVERIFY(studio.setProperty(QStringLiteral("generation"), QStringLiteral("variantCount"), 2));
    QVERIFY(studio.key(QStringLiteral("Ctrl+Return")));
    QTRY_VERIFY(generating(studio));
    QTRY_VERIFY_WITH_TIMEOUT(!generating(studio), 180000);
    QCOMPARE(studio.text(QStringLiteral("variantState0")), QStringLiteral("Done"));
    const QString secondTitle = studio.text(QStringLiteral("variantTitle1"));

    // Reviewed in the review lane (issue 7): ad 1 accepted, ad 2 rejected for its size.
    QVERIFY(studio.key(QStringLiteral("Ctrl+R")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("reviewPage")));
    QVERIFY(studio.click(QStringLiteral("newBatchButton")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("itemCount")).toInt(), 2);
    QVERIFY(studio.click(QStringLiteral("reviewerField")));
    QVERIFY(studio.type(QStringLiteral("reviewerField"), QStringLiteral("mei")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("reviewer")).toString(), QStringLiteral("mei"));
    QVERIFY(studio.key(QStringLiteral("Return")));
    QVERIFY(studio.key(QStringLiteral("A")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("acceptedCount")).toInt(), 1);
    QVERIFY(studio.key(QStringLiteral("J")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("currentRow")).toInt(), 1);
    QVERIFY(studio.key(QStringLiteral("1")));
    QVERIFY(studio.key(QStringLiteral("1")));
    QTRY_COMPARE(studio.property(QStringLiteral("review"), QStringLiteral("rejectedCount")).toInt(), 1);
    QVERIFY(studio.key(QStringLiteral("Ctrl+R")));
    QTRY_VERIFY(!studio.isVisible(QStringLiteral("reviewPage")));

    // A personalization grid for G: the same product and seed for three sample shoppers.
    QVERIFY(studio.click(QStringLiteral("shopperGridTab")));
    for (const char* box : {"gridShopper0", "gridShopper1", "gridShopper2"}) QVERIFY(studio.click(QString::fromLatin1(box)));
    QVERIFY(studio.click(QStringLiteral("generateShopperGridButton")));
    QTRY_VERIFY(studio.property(QStringLiteral("shopperGrid"), QStringLiteral("running")).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(!studio.property(QStringLiteral("shopperGrid"), QStringLiteral("running")).toBool(), 180000);
    QCOMPARE(studio.property(QStringLiteral("shopperGrid"), QStringLiteral("finishedCount")).toInt(), 3);

    // F5: full screen, the variants big, not reviewed.
    QVERIFY(studio.key(QStringLiteral("F5")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("presentationView")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("presentationTitle0")));
    QCOMPARE(studio.property(QStringLiteral("presentationView"), QStringLiteral("count")).toInt(), 2);
    // The verdicts of the current reviewer, matched through the history generation's batch.
    QTRY_COMPARE(studio.property(QStringLiteral("presentationBadge0"), QStringLiteral("state")).toString(),
                 QStringLiteral("accepted"));
    QCOMPARE(studio.property(QStringLiteral("presentationBadge1"), QStringLiteral("state")).toString(),
             QStringLiteral("rejected"));
    QCOMPARE(studio.text(QStringLiteral("presentationBadgeText1")), QStringLiteral("\u2717 Rejected: Size mismatch"));
    QTest::qWait(500);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("presentation-variants.png"))));

    // Two side by side on this wide window; 1: one at a time, Right steps to the second.
    QCOMPARE(studio.property(QStringLiteral("presentationView"), QStringLiteral("perPage")).toInt(), 2);
    QVERIFY(studio.key(QStringLiteral("1")));
    QTRY_COMPARE(studio.property(QStringLiteral("presentationView"), QStringLiteral("perPage")).toInt(), 1);
    QVERIFY(studio.key(QStringLiteral("Right")));
    QTRY_COMPARE(studio.property(QStringLiteral("presentationView"), QStringLiteral("currentIndex")).toInt(), 1);
    QCOMPARE(studio.text(QStringLiteral("presentationTitle1")), secondTitle);
    QTest::qWait(400);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("presentation-right.png"))));

    // G: the personalization grid.
    QVERIFY(studio.key(QStringLiteral("G")));
    QTRY_VERIFY(studio.property(QStringLiteral("presentationView"), QStringLiteral("showGrid")).toBool());
    QTRY_VERIFY(studio.isVisible(QStringLiteral("presentationGrid")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("presentationGridShopper2")));
    QVERIFY(!studio.text(QStringLiteral("presentationGridShopper0")).isEmpty());
    QTest::qWait(400);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("presentation-grid.png"))));

    // Esc leaves.
    QVERIFY(studio.key(QStringLiteral("Escape")));
    QTRY_VERIFY(!studio.isVisible(QStringLiteral("presentationView")));
    QTest::qWait(400);

    // Statistics…: mei accepted one of the two.
    QVERIFY(studio.click(QStringLiteral("statsButton")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("statsOverall")));
    QTRY_COMPARE(studio.text(QStringLiteral("statsOverall")), QStringLiteral("Available rate: 50.0 % (1/2)"));
    QTest::qWait(400);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("review-statistics.png"))));
    QVERIFY(studio.key(QStringLiteral("Escape")));
    QCOMPARE(studio.quit(), 0);
}

QTEST_GUILESS_MAIN(PresentationEndToEnd)
#include "tst_presentation_e2e.moc"
