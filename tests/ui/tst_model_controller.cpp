// ModelController: loads the bundled demo model off the UI thread, reports what is loaded, and a
// failed load says why while the previous model stays loaded.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <thread>

#include "model_controller.h"
#include "model_fingerprint.h"

namespace {

const QString kDemoModel = QStringLiteral(ADGEN_DEMO_MODEL_DIR);

// Loads and waits for the end of the load (the result arrives as a queued call).
bool loadAndWait(ModelController& model, const QString& directory) {
    QSignalSpy finished(&model, &ModelController::loadFinished);
    model.load(directory);
    if (!model.loading()) return false;
    if (!finished.wait(60000)) return false;
    return finished.first().first().toBool();
}

}  // namespace

class TestModelController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsTheDemoModelInTheBackground() {
        ModelController model;
        QVERIFY(!model.ready());
        QCOMPARE(model.summary(), QStringLiteral("No model loaded"));
        QSignalSpy changed(&model, &ModelController::modelChanged);
        QSignalSpy progress(&model, &ModelController::progressChanged);
        QVERIFY(loadAndWait(model, kDemoModel));
        QVERIFY(!model.loading());
        QVERIFY(model.ready());
        QCOMPARE(changed.count(), 1);
        QVERIFY(progress.count() >= 2);  // the reset to 0, then the engine's per-tensor progress
        QCOMPARE(model.name(), QStringLiteral("adgen-demo"));
        QVERIFY(model.personalized());
        QVERIFY2(model.summary().contains(QStringLiteral("Uni-AdGen")), qPrintable(model.summary()));
        QVERIFY2(model.summary().contains(QStringLiteral("CPU")), qPrintable(model.summary()));
        // The engine's CPU threads: one per core unless asked otherwise.
        const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const QString threads = cores == 1 ? QStringLiteral(" · 1 thread") : QStringLiteral(" · %1 threads").arg(cores);
        QVERIFY2(model.summary().endsWith(threads), qPrintable(model.summary()));
        QCOMPARE(QDir(model.directory()), QDir(kDemoModel));
        QVERIFY(model.error().isEmpty());
    }

    void aFailedLoadSaysWhyAndKeepsThePreviousModel() {
        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        const QString loaded = model.directory();

        QTemporaryDir dir;
        QVERIFY(!loadAndWait(model, dir.filePath(QStringLiteral("nowhere"))));
        QVERIFY2(model.error().contains(QStringLiteral("nowhere")), qPrintable(model.error()));
        QVERIFY2(model.errorFix().contains(QStringLiteral("adgen-demo is still loaded")), qPrintable(model.errorFix()));
        QCOMPARE(model.directory(), loaded);
        QVERIFY(model.ready());

        QFile config(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{ not json");
        config.close();
        QVERIFY(!loadAndWait(model, dir.path()));
        QVERIFY2(model.error().contains(QStringLiteral("not valid JSON")), qPrintable(model.error()));
        QCOMPARE(model.directory(), loaded);

        model.clearError();
        QVERIFY(model.error().isEmpty());
        QVERIFY(loadAndWait(model, QUrl::fromLocalFile(kDemoModel).toString()));  // file: URLs from dialogs
        QVERIFY(model.error().isEmpty());
    }

    void loadsOnTheRequestedDeviceInTheRequestedDType() {
        ModelController model;
        QSignalSpy finished(&model, &ModelController::loadFinished);
        model.load(kDemoModel, QStringLiteral("cpu"), QStringLiteral("bf16"), 1);
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().toBool());
        QVERIFY2(model.summary().contains(QStringLiteral("CPU bfloat16")), qPrintable(model.summary()));
    }

    void anUnknownDeviceOrDTypeLoadsNothing() {
        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        QSignalSpy finished(&model, &ModelController::loadFinished);
        model.load(kDemoModel, QStringLiteral("tpu"), QStringLiteral("float32"));
        QCOMPARE(finished.count(), 1);  // at once: there is nothing to wait for
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!model.loading());
        QVERIFY2(model.error().contains(QStringLiteral("\"tpu\"")), qPrintable(model.error()));
        QVERIFY2(model.errorFix().contains(QStringLiteral("adgen-demo is still loaded")), qPrintable(model.errorFix()));
        model.load(kDemoModel, QStringLiteral("cpu"), QStringLiteral("int4"));
        QVERIFY2(model.error().contains(QStringLiteral("\"int4\"")), qPrintable(model.error()));
        QVERIFY(model.ready());
    }

    void theFingerprintIsComputedAfterEachLoadAndStableAcrossLoads() {
        ModelController model;
        QVERIFY(model.fingerprint().isEmpty());
        QVERIFY(loadAndWait(model, kDemoModel));
        QTRY_VERIFY_WITH_TIMEOUT(!model.fingerprint().isEmpty(), 30000);  // computed off the UI thread
        const QString first = model.fingerprint();
        QCOMPARE(first, computeModelFingerprint(kDemoModel));

        QSignalSpy changed(&model, &ModelController::fingerprintChanged);
        QVERIFY(loadAndWait(model, kDemoModel));
        QTRY_VERIFY_WITH_TIMEOUT(!model.fingerprint().isEmpty(), 30000);
        QCOMPARE(model.fingerprint(), first);
        QCOMPARE(changed.count(), 2);  // cleared while the reload's was computed, then set
    }

    void theFingerprintChangesWithTheWeights() {
        // A copy of the demo model with one weights byte changed in the first MiB still loads.
        QTemporaryDir dir;
        for (const QString& name : QDir(kDemoModel).entryList(QDir::Files))
            QVERIFY(QFile::copy(QDir(kDemoModel).filePath(name), dir.filePath(name)));
        QFile weights(dir.filePath(QStringLiteral("model.safetensors")));
        QVERIFY(weights.open(QIODevice::ReadWrite));
        quint64 headerSize = 0;
        QCOMPARE(weights.read(reinterpret_cast<char*>(&headerSize), 8), qint64(8));  // little-endian u64
        const qint64 dataStart = 8 + static_cast<qint64>(headerSize);
        const qint64 offset = dataStart + ((kFingerprintEdgeBytes - 64 - dataStart) / 4) * 4;  // a low mantissa byte
        QVERIFY(offset > dataStart && offset < kFingerprintEdgeBytes);
        QVERIFY(weights.seek(offset));
        char b = 0;
        QVERIFY(weights.getChar(&b));
        QVERIFY(weights.seek(offset));
        QVERIFY(weights.putChar(static_cast<char>(b ^ 0x01)));
        weights.close();

        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        QTRY_VERIFY_WITH_TIMEOUT(!model.fingerprint().isEmpty(), 30000);
        const QString original = model.fingerprint();
        QVERIFY(loadAndWait(model, dir.path()));
        QTRY_VERIFY_WITH_TIMEOUT(!model.fingerprint().isEmpty(), 30000);
        QVERIFY(model.fingerprint() != original);
    }
};

QTEST_GUILESS_MAIN(TestModelController)
#include "tst_model_controller.moc"
