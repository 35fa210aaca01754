#pragma once

#include <QObject>
#include <QPointer>

#include "generation_recipe.h"

class GenerationController;
class GenerationHistoryStore;

// Keeps every generation of a controller in the history as it happens: the generation's row when
// it starts, each variant the moment it finishes (copy, seed and both pictures, in its own
// transaction), and the final recipe when it ends, with the copy that cancelled and failed
// variants had written. Killing the studio mid-generation loses only the variants that had not
// finished; the store marks such a generation interrupted when it is next opened.
//
// A failed write does not stop the generation: the store's `error` says what went wrong.
class GenerationRecorder final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationRecorder)
    Q_PROPERTY(bool recording READ recording NOTIFY recordingChanged)
    Q_PROPERTY(qint64 generationId READ generationId NOTIFY recordingChanged)

public:
    GenerationRecorder(GenerationController* controller, GenerationHistoryStore* store, QObject* parent = nullptr);
    ~GenerationRecorder() override;

    // A generation is being recorded.
    bool recording() const { return recording_; }
    // The history id of the generation being recorded, else of the last one recorded; -1 before any.
    qint64 generationId() const { return generationId_; }

Q_SIGNALS:
    void recordingChanged();
    // Variant `number` (1-based) of generation `generationId` is in the history, pictures and all.
    void variantSaved(qint64 generationId, int number);
    // The generation ended and its final recipe is in the history.
    void generationRecorded(qint64 generationId);

private:
    void onRunningChanged();
    void onHistoryUsedChanged();
    void onVariantFinished(int variant);
    void onFinished();
    void onVariantsAboutToReset();
    void finishRecording(const GenerationRecipe& recipe);

    QPointer<GenerationController> controller_;
    QPointer<GenerationHistoryStore> store_;
    bool recording_ = false;
    qint64 generationId_ = -1;
    // The generation's recipe as last seen (start, history picked, variants saved): what is
    // recorded when a new generation replaces this one before it ended.
    GenerationRecipe lastKnown_;
};
