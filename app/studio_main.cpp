// adgen-studio: the designer's desktop application.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTranslator>

#include "adgen/runtime_info.h"
#include "openmp_wait_policy.h"
#include "adgen/version.h"
#include "brief_controller.h"
#include "export_controller.h"
#include "click_history_model.h"
#include "generation_history_store.h"
#include "generation_recorder.h"
#include "thumbnail_provider.h"
#include "generation_controller.h"
#include "inspector_server.h"
#include "model_controller.h"
#include "studio_settings.h"
#include "profile_store.h"
#include "review_controller.h"
#include "review_store.h"
#include "shopper_grid_controller.h"

Q_IMPORT_QML_PLUGIN(AdGen_StudioPlugin)

namespace {

QString runtimeSummary() {
    // The CPU threads are the model's (in its summary): this thread's own count says nothing
    // about the engine thread's.
    const adgen::RuntimeInfo info = adgen::runtimeInfo();
    const QString device = info.cudaAvailable ? QStringLiteral("CUDA") : QStringLiteral("CPU");
    const QString blas = info.blasIsOptimized ? QStringLiteral("optimised BLAS") : QStringLiteral("reference BLAS (slow)");
    return QStringLiteral("libtorch %1 · %2 · %3").arg(QString::fromStdString(info.torchVersion), device, blas);
}

}  // namespace

int main(int argc, char* argv[]) {
    ensurePassiveOpenMpWaiting(argv);
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("AdGen"));
    QGuiApplication::setApplicationName(QStringLiteral("AdGen Studio"));
    QGuiApplication::setApplicationVersion(QString::fromStdString(adgen::versionString()));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.adgen.Studio"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/io.adgen.Studio.svg")));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("adgen"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QGuiApplication::installTranslator(&translator);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Personalized ad image and copy generation."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption productOption(QStringLiteral("product"),
                                           QStringLiteral("Load the product cut-out FILE (a PNG with transparency)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption inspectorOption(QStringLiteral("inspector"),
                                             QStringLiteral("Accept test automation commands on local socket NAME."),
                                             QStringLiteral("NAME"));
    const QCommandLineOption modelOption(
        QStringLiteral("model"),
        QStringLiteral("Generate with the model in DIR for this run (default: the one chosen in Settings, at first the "
                       "bundled demo model, %1).").arg(QStringLiteral(ADGEN_DEMO_MODEL_DIR)),
        QStringLiteral("DIR"));
    parser.addOption(modelOption);
    parser.addOption(productOption);
    parser.addOption(inspectorOption);
    parser.addPositionalArgument(QStringLiteral("brief"), QStringLiteral("A .adgen.json brief to open."),
                                 QStringLiteral("[brief]"));
    parser.process(app);

    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    BriefController brief;
    brief.setObjectName(QStringLiteral("brief"));
    if (!parser.positionalArguments().isEmpty()) brief.open(parser.positionalArguments().constFirst());
    // A product on the command line goes into the opened brief (or a new one); if it cannot be
    // loaded, the window shows why.
    if (parser.isSet(productOption)) brief.loadProduct(parser.value(productOption));

    // Loads on the engine thread while the window comes up; the status bar shows the progress.
    ModelController model;
    model.setObjectName(QStringLiteral("model"));
    // The model, device and dtype saved in Settings; --model picks the directory for this run
    // only, so it is not saved.
    StudioSettings settings(&model, QStringLiteral(ADGEN_DEMO_MODEL_DIR));
    settings.setObjectName(QStringLiteral("settings"));
    if (!settings.notice().isEmpty()) qWarning("%s", qUtf8Printable(settings.notice()));
    settings.loadSavedModel(parser.isSet(modelOption) ? parser.value(modelOption) : QString());

    // The shopper library lives in the user's data folder; the first start fills it with the
    // sample shoppers. If it cannot be opened, the studio still works without profiles and the
    // shopper panel shows why.
    ProfileStore profiles;
    profiles.setObjectName(QStringLiteral("profiles"));
    if (profiles.open(ProfileStore::defaultDatabasePath())) profiles.seedFromSamples(QStringLiteral(ADGEN_SAMPLES_DIR));

    // Every generation is kept in the same file, each variant the moment it finishes.
    GenerationHistoryStore history;
    history.setObjectName(QStringLiteral("history"));
    history.open(ProfileStore::defaultDatabasePath());

    GenerationController generation(&brief, &model);
    generation.setObjectName(QStringLiteral("generation"));
    generation.setProfileStore(&profiles);
    generation.setHistoryStore(&history);
    generation.applyDefaults(settings.generationDefaults());
    QObject::connect(&settings, &StudioSettings::generationDefaultsChanged, &generation,
                     [&] { generation.applyDefaults(settings.generationDefaults()); });
    GenerationRecorder recorder(&generation, &history);
    ShopperGridController shopperGrid(&generation, &model, &profiles);
    shopperGrid.setObjectName(QStringLiteral("shopperGrid"));
    ExportController exporter(&brief, &generation);
    exporter.setObjectName(QStringLiteral("exporter"));
    // The reviewer's lane (issue 7): batches and verdicts in the same file, each verdict committed
    // when made.
    ReviewStore reviews;
    reviews.setObjectName(QStringLiteral("reviewStore"));
    reviews.open(ProfileStore::defaultDatabasePath());
    ReviewController review(&reviews, &history);
    review.setObjectName(QStringLiteral("review"));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));  // Qt 6.4 does not add it by default
    engine.addImageProvider(QString::fromLatin1(ClickHistoryModel::kImageProviderId),
                            new ThumbnailProvider([&profiles](qint64 id, int side) { return profiles.thumbnail(id, side); }));
    engine.addImageProvider(QStringLiteral("generations"),
                            new ThumbnailProvider([&history](qint64 id, int side) { return history.thumbnail(id, side); }));
    engine.addImageProvider(QString::fromLatin1(ReviewItemsModel::kImageProviderId),
                            new ThumbnailProvider([&reviews](qint64 id, int side) { return reviews.thumbnail(id, side); }));
    engine.addImageProvider(QString::fromLatin1(ReviewItemsModel::kRawImageProviderId),
                            new ThumbnailProvider([&reviews](qint64 id, int side) {
                                return reviews.thumbnail(id, side, ReviewStore::Picture::Raw);
                            }));
    engine.setInitialProperties({{QStringLiteral("brief"), QVariant::fromValue(&brief)},
                                 {QStringLiteral("modelController"), QVariant::fromValue(&model)},
                                 {QStringLiteral("generation"), QVariant::fromValue(&generation)},
                                 {QStringLiteral("profileStore"), QVariant::fromValue(&profiles)},
                                 {QStringLiteral("historyStore"), QVariant::fromValue(&history)},
                                 {QStringLiteral("exporter"), QVariant::fromValue(&exporter)},
                                 {QStringLiteral("studioSettings"), QVariant::fromValue(&settings)},
                                 {QStringLiteral("shopperGrid"), QVariant::fromValue(&shopperGrid)},
                                 {QStringLiteral("reviewController"), QVariant::fromValue(&review)},
                                 {QStringLiteral("runtimeSummary"), runtimeSummary()}});
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/AdGen/Studio/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;

    std::unique_ptr<InspectorServer> inspector;
    if (parser.isSet(inspectorOption)) {
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
        inspector = std::make_unique<InspectorServer>(window);
        inspector->addObject(&brief);
        inspector->addObject(&model);
        inspector->addObject(&generation);
        inspector->addObject(&profiles);
        inspector->addObject(&history);
        inspector->addObject(&exporter);
        inspector->addObject(&settings);
        inspector->addObject(&shopperGrid);
        inspector->addObject(&review);
        inspector->addObject(review.items());
        if (!inspector->listen(parser.value(inspectorOption))) {
            qCritical("Cannot listen for the inspector: %s", qPrintable(inspector->errorString()));
            return 1;
        }
    }
    return QGuiApplication::exec();
}
