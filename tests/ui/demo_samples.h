#pragma once

// What the tests that generate with the bundled demo model share: the sample shoppers' clicks
// (read the way the studio imports a history file) and waiting for a generation to end.
#include <QSignalSpy>
#include <QString>

#include "adgen/shopper_history.h"
#include "generation_controller.h"
#include "profile_click.h"
#include "shopper_clicks.h"

inline const QString kDemoModel = QStringLiteral(ADGEN_DEMO_MODEL_DIR);
inline const QString kSamples = QStringLiteral(ADGEN_SAMPLES_DIR);

// A sample shopper's clicks (resources/samples/shoppers/<id>.json), empty when unreadable.
inline QList<ProfileClick> sampleShopper(const QString& id) {
    const QString path = kSamples + QStringLiteral("/shoppers/") + id + QStringLiteral(".json");
    return loadClickImages(adgen::loadShopperHistory(path.toStdString()), path);
}

// Waits for the generation started last to end (done, cancelled or failed).
inline bool waitFor(GenerationController& generation, int timeoutMs = 120000) {
    QSignalSpy finished(&generation, &GenerationController::finished);
    return finished.wait(timeoutMs);
}
