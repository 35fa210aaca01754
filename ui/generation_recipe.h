#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

// Everything it takes to make a generation again, and to say how it was made: the brief, the
// shopper and the clicks the history sampling used, every sampling setting, the seeds, the model
// and the app. Exports embed it (PNG iTXt, JPEG sidecar), the history keeps it, dropping an
// exported PNG restores the brief and settings from it. docs/formats.md, "Generation recipes".
struct GenerationRecipe {
    static constexpr const char* kFormat = "adgen-recipe";
    static constexpr int kVersion = 1;

    struct HistoryItem {
        int index = 0;       // position in the shopper's click list
        QString title;
        QString sourcePath;  // the picture's file when known (the profile keeps the pixels)
    };
    struct Variant {
        int number = 1;      // 1-based
        quint64 seed = 0;
        QString title;       // the copy; empty until the variant is done
        QString state;       // done, cancelled, failed, running
    };

    // Brief.
    QString productPath;
    QStringList sellingPoints;
    QString originalTitle;
    QString description;
    // Shopper.
    QString shopperName;
    qint64 profileId = -1;
    int shopperClickCount = 0;
    QList<HistoryItem> historyUsed;
    int historyLength = -1;  // -1: the model's own
    QString sampling = QStringLiteral("pss");
    quint64 samplingSeed = 42;
    // Generation settings.
    double titleTemperature = 1.0;
    double imageTemperature = 1.0;
    double cfgWeight = 5.0;
    bool factualCopy = false;
    QList<Variant> variants;
    // Model and app.
    QString modelName;
    QString modelDirectory;
    QString modelFingerprint;  // see ModelController::fingerprint
    QString device;
    QString dtype;
    QString appVersion;
    QDateTime created;  // UTC

    QJsonObject toJson() const;
    // Reads a recipe; on a problem returns nothing and says what is wrong in `error`.
    static std::optional<GenerationRecipe> fromJson(const QJsonObject& json, QString* error = nullptr);
};
