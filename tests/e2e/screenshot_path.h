#pragma once

// Where an e2e test writes a screenshot: ADGEN_SCREENSHOT_DIR (build/…/screenshots, set by
// tests/e2e/CMakeLists.txt), created on first use.

#include <QDir>
#include <QString>

inline QString screenshotPath(const QString& name) {
    QDir().mkpath(QStringLiteral(ADGEN_SCREENSHOT_DIR));
    return QStringLiteral(ADGEN_SCREENSHOT_DIR "/") + name;
}
