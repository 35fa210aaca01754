// A studio cut short, for tst_generation_recorder: generates two variants of a sample brief with
// the demo model, recorded into the history file given as the argument, and prints
// "saved <generation id> <variant number>" once the first variant is in the file. Then it stands
// still, as a studio mid-generation would, until the test kills it (SIGKILL): so the kill always
// lands before the generation ends, however fast the second variant follows.
#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <cstdlib>

#include "brief_controller.h"
#include "generation_controller.h"
#include "generation_history_store.h"
#include "generation_recorder.h"
#include "model_controller.h"

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: history_writer_child <studio database>\n");
        return 2;
    }
    GenerationHistoryStore store;
    if (!store.open(QString::fromLocal8Bit(argv[1]))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error()));
        return 1;
    }
    ModelController model;
    BriefController brief;
    if (!brief.open(QStringLiteral(ADGEN_SAMPLES_DIR "/products/bottle-02.adgen.json"))) {
        std::fprintf(stderr, "%s\n", qPrintable(brief.error()));
        return 1;
    }
    GenerationController generation(&brief, &model);
    GenerationRecorder recorder(&generation, &store);
    generation.setVariantCount(2);
    generation.setRandomSeeds(false);
    generation.setBaseSeed(QStringLiteral("5"));

    QObject::connect(&recorder, &GenerationRecorder::variantSaved, [](qint64 generationId, int number) {
        std::printf("saved %lld %d\n", static_cast<long long>(generationId), number);
        std::fflush(stdout);
        // A studio in the middle of its generation; the test kills it within the minute.
        for (int s = 0; s < 120; ++s) QThread::sleep(1);
        std::exit(3);
    });
    QObject::connect(&generation, &GenerationController::finished, [&] {
        std::fprintf(stderr, "the generation ended before a variant was saved: %s\n", qPrintable(generation.error()));
        std::exit(1);
    });
    QObject::connect(&model, &ModelController::loadFinished, [&] {
        if (!generation.generate()) {
            std::fprintf(stderr, "%s\n", qPrintable(generation.error()));
            std::exit(1);
        }
    });
    model.load(QStringLiteral(ADGEN_DEMO_MODEL_DIR));
    return app.exec();
}
