#pragma once

#include <QString>
#include <QtGlobal>

// The generation settings a studio starts with (StudioSettings keeps them, GenerationController
// takes them). Temperatures and CFG are the model's own unless the designer chose otherwise:
// each model is trained with its own, and a fixed number that suits one model can ruin another.
struct GenerationDefaults {
    int variantCount = 2;
    bool randomSeeds = true;
    quint64 baseSeed = 1;          // with fixed seeds, variant i uses baseSeed + i
    int historyLength = -1;        // -1: the history length the model was trained with
    QString sampling = QStringLiteral("pss");  // "pss", "random" or "most-similar"
    bool factualCopy = false;
    bool useModelSampling = true;  // true: the temperatures and CFG below are ignored
    double titleTemperature = 1.0;
    double imageTemperature = 1.0;
    double cfgWeight = 5.0;

    // Temperatures and CFG that are ignored (the model's own are used) do not tell two apart.
    friend bool operator==(const GenerationDefaults& a, const GenerationDefaults& b) {
        return a.variantCount == b.variantCount && a.randomSeeds == b.randomSeeds && a.baseSeed == b.baseSeed &&
               a.historyLength == b.historyLength && a.sampling == b.sampling && a.factualCopy == b.factualCopy &&
               a.useModelSampling == b.useModelSampling &&
               (a.useModelSampling || (a.titleTemperature == b.titleTemperature &&
                                       a.imageTemperature == b.imageTemperature && a.cfgWeight == b.cfgWeight));
    }
    friend bool operator!=(const GenerationDefaults& a, const GenerationDefaults& b) { return !(a == b); }
};
