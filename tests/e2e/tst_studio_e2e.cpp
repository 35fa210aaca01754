// End to end: a designer's day in the real adgen-studio under Xvfb, on the bundled demo model —
// open a sample product, pick a shopper from the library, generate variants (cancelling one of
// them mid-way) and read the results, with the UI thread's longest stall measured meanwhile.
#include <QDir>
#include <QtTest>

#include "studio_driver.h"

namespace {

const QString kSamples = QStringLiteral(ADGEN_SAMPLES_DIR);

QString screenshotPath(const QString& name) {
    QDir().mkpath(QStringLiteral(ADGEN_SCREENSHOT_DIR));
    return QStringLiteral(ADGEN_SCREENSHOT_DIR "/") + name;
}

bool generating(StudioDriver& studio) {
    return studio.property(QStringLiteral("generation"), QStringLiteral("running")).toBool();
}

}  // namespace

class StudioEndToEnd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void designerGeneratesVariantsForALibraryShopper();
};

void StudioEndToEnd::designerGeneratesVariantsForALibraryShopper() {
    StudioDriver studio;
    QVERIFY2(studio.start({kSamples + QStringLiteral("/products/bottle-02.adgen.json")}), qPrintable(studio.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(studio.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("studio-brief.png"))));

    // The shopper library starts with the sample shoppers; pick one and use it.
    QVERIFY(studio.click(QStringLiteral("shopperTab")));
    QTRY_VERIFY(studio.property(QStringLiteral("shopperList"), QStringLiteral("count")).toInt() >= 12);
    QVERIFY(studio.click(QStringLiteral("shopperRow1")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("clickList")));
    QTRY_VERIFY(studio.property(QStringLiteral("clickList"), QStringLiteral("count")).toInt() >= 10);
    const QString shopper = studio.text(QStringLiteral("shopperNameField"));
    QVERIFY(!shopper.isEmpty());
    QVERIFY(studio.click(QStringLiteral("useShopperButton")));
    QTRY_COMPARE(studio.property(QStringLiteral("generation"), QStringLiteral("shopperName")).toString(), shopper);
    QVERIFY(studio.text(QStringLiteral("shopperInUseLabel")).contains(shopper));

    // Three variants: one step up from the default two, with the spin box's arrow key.
    QVERIFY(studio.click(QStringLiteral("variantCountBox")));
    QVERIFY(studio.key(QStringLiteral("Up")));
    QTRY_COMPARE(studio.property(QStringLiteral("generation"), QStringLiteral("variantCount")).toInt(), 3);

    // Ctrl+Enter generates; the third variant is cancelled once its image is rendering.
    QVERIFY(studio.stallProbeStart());
    QVERIFY(studio.key(QStringLiteral("Ctrl+Return")));
    QTRY_VERIFY(generating(studio));
    QTRY_VERIFY_WITH_TIMEOUT(studio.text(QStringLiteral("variantState2")).startsWith(QStringLiteral("Rendering")), 120000);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("studio-generating.png"))));
    QVERIFY(studio.click(QStringLiteral("cancelVariant2")));
    QTRY_VERIFY_WITH_TIMEOUT(!generating(studio), 120000);
    const QJsonObject stalls = studio.stallProbeStop();
    qInfo("UI thread while generating: longest stall %.1f ms, %d over 16 ms, %d over 50 ms, %d ticks",
          stalls.value("longest_ms").toDouble(), stalls.value("over_16ms").toInt(), stalls.value("over_50ms").toInt(),
          stalls.value("ticks").toInt());
    QVERIFY(stalls.value("ticks").toInt() > 0);

    QCOMPARE(studio.text(QStringLiteral("variantState0")), QStringLiteral("Done"));
    QCOMPARE(studio.text(QStringLiteral("variantState1")), QStringLiteral("Done"));
    QCOMPARE(studio.text(QStringLiteral("variantState2")), QStringLiteral("Cancelled"));
    QVERIFY(!studio.text(QStringLiteral("variantTitle0")).isEmpty());
    QVERIFY(!studio.isVisible(QStringLiteral("cancelVariant0")));
    QVERIFY(studio.isVisible(QStringLiteral("historyUsedLabel")));
    const QString readout = studio.text(QStringLiteral("generationReadout"));
    QVERIFY2(readout.contains(QStringLiteral("first token")) && readout.contains(QStringLiteral("tokens/s")), qPrintable(readout));
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("studio-variants.png"))));

    // The product-fusion view of the same variants.
    QVERIFY(studio.click(QStringLiteral("fusionSwitch")));
    QTRY_VERIFY(studio.property(QStringLiteral("fusionSwitch"), QStringLiteral("checked")).toBool());
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("studio-variants-fusion.png"))));

    QCOMPARE(studio.quit(), 0);
}

QTEST_MAIN(StudioEndToEnd)
#include "tst_studio_e2e.moc"
