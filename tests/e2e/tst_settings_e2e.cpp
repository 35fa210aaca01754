// End to end: the Settings dialog of the real adgen-studio under Xvfb. A new generation default
// is applied and saved; a model directory that cannot be loaded is refused with the reason while
// the demo model keeps working, and it is not saved: the next start loads the demo model again.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "screenshot_path.h"
#include "studio_driver.h"

namespace {

QString modelProperty(StudioDriver& studio, const char* name) {
    return studio.property(QStringLiteral("model"), QString::fromLatin1(name)).toString();
}

}  // namespace

class SettingsEndToEnd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aModelThatFailsToLoadIsNeitherUsedNorSaved();
};

void SettingsEndToEnd::aModelThatFailsToLoadIsNeitherUsedNorSaved() {
    QTemporaryDir broken;
    QVERIFY(broken.isValid());
    QFile config(broken.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{ not json");
    config.close();

    StudioDriver studio;
    QVERIFY2(studio.start({}), qPrintable(studio.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(studio.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
    QCOMPARE(modelProperty(studio, "name"), QStringLiteral("adgen-demo"));
    const QString demoDirectory = modelProperty(studio, "directory");

    // Ctrl+, opens the dialog on the saved settings: the bundled model, the CPU.
    QVERIFY(studio.key(QStringLiteral("Ctrl+,")));
    QTRY_VERIFY(studio.property(QStringLiteral("settingsDialog"), QStringLiteral("opened")).toBool());
    QCOMPARE(studio.text(QStringLiteral("settingsModelDirectoryField")), demoDirectory);
    QVERIFY(studio.text(QStringLiteral("settingsModelSummary")).contains(QStringLiteral("adgen-demo")));
    QVERIFY(!studio.property(QStringLiteral("settingsApplyButton"), QStringLiteral("enabled")).toBool());

    // Without CUDA, the device list shows it, but it cannot be picked, and the dialog says why.
    if (!studio.property(QStringLiteral("settings"), QStringLiteral("cudaAvailable")).toBool()) {
        QVERIFY(studio.isVisible(QStringLiteral("settingsCudaReason")));
        QVERIFY(studio.click(QStringLiteral("settingsDeviceBox")));
        QTRY_VERIFY(studio.property(QStringLiteral("settingsDeviceBox"), QStringLiteral("down")).toBool());  // open
        QTest::qWait(300);  // the list opens with a transition
        QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("settings-dialog-devices.png"))));
        QVERIFY(!studio.clickText(QStringLiteral("CUDA (not available)")));  // disabled: nothing to click
        QVERIFY(studio.key(QStringLiteral("Escape")));  // closes the list, not the dialog
        QTRY_VERIFY(!studio.property(QStringLiteral("settingsDeviceBox"), QStringLiteral("down")).toBool());
        QCOMPARE(studio.property(QStringLiteral("settings"), QStringLiteral("device")).toString(), QStringLiteral("cpu"));
        QVERIFY(studio.property(QStringLiteral("settingsDialog"), QStringLiteral("opened")).toBool());
    }

    // Own temperatures and CFG start from the model's (the demo model's copy temperature is 0.6).
    QVERIFY(!studio.isVisible(QStringLiteral("settingsTitleTemperatureBox")));
    QVERIFY(studio.click(QStringLiteral("settingsUseModelSamplingBox")));
    QTRY_VERIFY(studio.isVisible(QStringLiteral("settingsTitleTemperatureBox")));
    QCOMPARE(studio.property(QStringLiteral("settingsTitleTemperatureBox"), QStringLiteral("value")).toInt(), 60);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("settings-dialog-own-sampling.png"))));
    QVERIFY(studio.click(QStringLiteral("settingsUseModelSamplingBox")));
    QTRY_VERIFY(!studio.property(QStringLiteral("settings"), QStringLiteral("modified")).toBool());

    // A generation default: three variants, applied without reloading the model.
    QVERIFY(studio.click(QStringLiteral("settingsVariantCountBox")));
    QVERIFY(studio.key(QStringLiteral("Up")));
    QTRY_COMPARE(studio.property(QStringLiteral("settings"), QStringLiteral("variantCount")).toInt(), 3);
    QVERIFY(studio.click(QStringLiteral("settingsApplyButton")));
    QTRY_COMPARE(studio.text(QStringLiteral("settingsStatusLabel")), QStringLiteral("Settings saved."));
    QCOMPARE(studio.property(QStringLiteral("generation"), QStringLiteral("variantCount")).toInt(), 3);
    QVERIFY(!studio.property(QStringLiteral("model"), QStringLiteral("loading")).toBool());

    // The broken model directory, typed over the current one, and Apply.
    QVERIFY(studio.click(QStringLiteral("settingsModelDirectoryField")));
    QVERIFY(studio.key(QStringLiteral("Ctrl+A")));
    QVERIFY(studio.type(QStringLiteral("settingsModelDirectoryField"), broken.path()));
    QCOMPARE(studio.text(QStringLiteral("settingsModelDirectoryField")), broken.path());
    QVERIFY(studio.click(QStringLiteral("settingsApplyButton")));
    QTRY_VERIFY_WITH_TIMEOUT(studio.isVisible(QStringLiteral("settingsModelError")), 60000);
    QTRY_VERIFY(!studio.property(QStringLiteral("settings"), QStringLiteral("applying")).toBool());

    // Why, in the dialog and in the window's banner; the demo model is still the one in use.
    const QString problem = studio.text(QStringLiteral("settingsModelErrorProblem"));
    QVERIFY2(problem.contains(broken.path()) && problem.contains(QStringLiteral("not valid JSON")), qPrintable(problem));
    QCOMPARE(studio.text(QStringLiteral("modelErrorProblem")), problem);
    QVERIFY2(studio.text(QStringLiteral("settingsStatusLabel")).startsWith(QStringLiteral("Nothing was saved")),
             qPrintable(studio.text(QStringLiteral("settingsStatusLabel"))));
    QVERIFY2(studio.text(QStringLiteral("modelLabel")).contains(QStringLiteral("adgen-demo")),
             qPrintable(studio.text(QStringLiteral("modelLabel"))));
    QCOMPARE(modelProperty(studio, "directory"), demoDirectory);
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("settings-dialog-failed-load.png"))));

    // Close drops the unapplied directory; the error stays in the window until dismissed.
    QVERIFY(studio.click(QStringLiteral("settingsCloseButton")));
    QTRY_VERIFY(!studio.property(QStringLiteral("settingsDialog"), QStringLiteral("visible")).toBool());
    QCOMPARE(studio.property(QStringLiteral("settings"), QStringLiteral("modelDirectory")).toString(), demoDirectory);
    QVERIFY(studio.isVisible(QStringLiteral("modelError")));
    QVERIFY(studio.screenshot(screenshotPath(QStringLiteral("settings-window-after-failed-load.png"))));
    QCOMPARE(studio.quit(), 0);

    // The next start, with the same settings file: the demo model, and the saved default.
    StudioDriver restarted;
    restarted.setDataHome(studio.dataHome());
    QVERIFY2(restarted.start({}), qPrintable(restarted.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(restarted.property(QStringLiteral("model"), QStringLiteral("ready")).toBool(), 60000);
    QCOMPARE(modelProperty(restarted, "name"), QStringLiteral("adgen-demo"));
    QCOMPARE(modelProperty(restarted, "directory"), demoDirectory);
    QVERIFY(modelProperty(restarted, "error").isEmpty());
    QCOMPARE(restarted.property(QStringLiteral("settings"), QStringLiteral("modelDirectory")).toString(), demoDirectory);
    QCOMPARE(restarted.property(QStringLiteral("generation"), QStringLiteral("variantCount")).toInt(), 3);
    QVERIFY(QFile::exists(studio.dataHome() + QStringLiteral("/config/AdGen/AdGen Studio.conf")));
    QCOMPARE(restarted.quit(), 0);
}

QTEST_MAIN(SettingsEndToEnd)
#include "tst_settings_e2e.moc"
