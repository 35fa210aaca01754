#include "generation_recorder.h"

#include "generation_controller.h"
#include "generation_history_store.h"
#include "variants_model.h"

GenerationRecorder::GenerationRecorder(GenerationController* controller, GenerationHistoryStore* store, QObject* parent)
    : QObject(parent), controller_(controller), store_(store) {
    // The controller announces a generation after it has set it up (recipe and variants ready)
    // and ends it with runningChanged, then finished: the variants have their final state by then.
    connect(controller, &GenerationController::runningChanged, this, &GenerationRecorder::onRunningChanged);
    connect(controller, &GenerationController::historyUsedChanged, this, &GenerationRecorder::onHistoryUsedChanged);
    connect(controller, &GenerationController::variantFinished, this, &GenerationRecorder::onVariantFinished);
    connect(controller, &GenerationController::finished, this, &GenerationRecorder::onFinished);
    // generate() during a generation starts the next one without ending this one (its late
    // events are dropped): the variants model is reset first, while it still shows this one.
    connect(controller->variants(), &QAbstractItemModel::modelAboutToBeReset, this,
            &GenerationRecorder::onVariantsAboutToReset);
}

// A generation still recording stays running in the file; the store marks it interrupted when
// it is opened next, with the variants saved so far.
GenerationRecorder::~GenerationRecorder() = default;

void GenerationRecorder::onRunningChanged() {
    if (!controller_ || !controller_->running() || recording_) return;
    if (!store_) return;
    lastKnown_ = controller_->recipe();
    const qint64 id = store_->startGeneration(lastKnown_);
    if (id < 0) {
        qWarning("The generation is not kept in the history: %s", qPrintable(store_->error()));
        return;
    }
    generationId_ = id;
    recording_ = true;
    Q_EMIT recordingChanged();
}

void GenerationRecorder::onHistoryUsedChanged() {
    if (recording_ && controller_) lastKnown_ = controller_->recipe();
}

void GenerationRecorder::onVariantFinished(int variant) {
    if (!recording_ || !controller_ || !store_) return;
    const VariantsModel* variants = controller_->variants();
    lastKnown_ = controller_->recipe();
    const int number = variant + 1;
    // The recipe goes with the variant: an interrupted generation keeps the history used and
    // this variant's state.
    if (!store_->saveVariant(generationId_, number, variants->seed(variant), variants->title(variant), QStringLiteral("done"),
                             variants->image(variant), variants->fusionImage(variant), &lastKnown_)) {
        qWarning("Variant %d is not kept in the history: %s", number, qPrintable(store_->error()));
        return;
    }
    Q_EMIT variantSaved(generationId_, number);
}

void GenerationRecorder::onFinished() {
    if (recording_ && controller_) finishRecording(controller_->recipe());
}

void GenerationRecorder::onVariantsAboutToReset() {
    if (!recording_ || !controller_) return;
    // The model still shows the replaced generation; what did not finish was cancelled with it.
    GenerationRecipe recipe = lastKnown_;
    const VariantsModel* variants = controller_->variants();
    for (int v = 0; v < recipe.variants.size() && v < variants->rowCount(); ++v) {
        GenerationRecipe::Variant& variant = recipe.variants[v];
        variant.title = variants->title(v);
        switch (variants->state(v)) {
            case VariantsModel::State::Done: variant.state = QStringLiteral("done"); break;
            case VariantsModel::State::Failed: variant.state = QStringLiteral("failed"); break;
            default: variant.state = QStringLiteral("cancelled"); break;
        }
    }
    finishRecording(recipe);
}

void GenerationRecorder::finishRecording(const GenerationRecipe& recipe) {
    recording_ = false;
    const bool saved = store_ && store_->finishGeneration(generationId_, recipe);
    if (!saved && store_) qWarning("The end of generation %lld is not kept in the history: %s", generationId_, qPrintable(store_->error()));
    Q_EMIT recordingChanged();
    if (saved) Q_EMIT generationRecorded(generationId_);
}
