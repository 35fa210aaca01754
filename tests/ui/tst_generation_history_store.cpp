// GenerationHistoryStore: every generation kept in the studio's SQLite file. A generation and its
// variants survive reopening with the recipe unchanged and pixel-equal pictures; generations cut
// short are marked interrupted and keep the variants saved before; starring, searching and
// deleting work on the file; thumbnails can be read from another thread.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

#include "click_pictures.h"
#include "generation_history_store.h"
#include "profile_store.h"

namespace {

// A recipe as the controller writes it when a generation starts: every variant running.
GenerationRecipe startedRecipe(const QString& product, const QString& shopper, const QList<quint64>& seeds) {
    GenerationRecipe r;
    r.productPath = QStringLiteral("/briefs/") + product + QStringLiteral(".png");
    r.sellingPoints = {QStringLiteral("Lightweight"), QStringLiteral("大容量")};
    r.originalTitle = product;
    r.shopperName = shopper;
    r.profileId = shopper.isEmpty() ? -1 : 3;
    r.historyLength = 5;
    r.sampling = QStringLiteral("pss");
    r.titleTemperature = 0.6;
    r.imageTemperature = 0.5;
    r.cfgWeight = 3;
    for (int v = 0; v < seeds.size(); ++v) r.variants.append({v + 1, seeds[v], {}, QStringLiteral("running")});
    r.modelName = QStringLiteral("adgen-demo");
    r.device = QStringLiteral("cpu");
    r.dtype = QStringLiteral("float32");
    r.appVersion = QStringLiteral("0.1.0");
    r.created = QDateTime(QDate(2026, 12, 6), QTime(10, 0, 0, 5), Qt::UTC);
    return r;
}

// The same recipe once the generation ended with these copies and states.
GenerationRecipe endedRecipe(GenerationRecipe r, const QStringList& titles, const QStringList& states) {
    for (int v = 0; v < r.variants.size(); ++v) {
        r.variants[v].title = titles.value(v);
        r.variants[v].state = states.value(v);
    }
    r.historyUsed = {{4, QStringLiteral("Coral mug"), QStringLiteral("/clicks/4.png")}};
    return r;
}

// Opaque like the generated images, and every pixel different.
QImage generated(int seed, int side = 48) { return clickPicture(side, side, seed, false).convertToFormat(QImage::Format_RGB32); }
QImage fusion(int seed, int side = 48) { return clickPicture(side, side, seed + 100, true); }

bool samePixels(const QImage& a, const QImage& b) {
    return !a.isNull() && a.convertToFormat(QImage::Format_ARGB32) == b.convertToFormat(QImage::Format_ARGB32);
}

// One statement on a connection of its own: what another program would read in the file.
QVariant rawQuery(const QString& databasePath, const QString& sql) {
    QVariant result;
    const QString name = QStringLiteral("tst-history-store-raw");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next()) result = query.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QStringList productsOf(const QList<GenerationSummary>& list) {
    QStringList names;
    for (const GenerationSummary& s : list) names.append(s.productName);
    return names;
}

}  // namespace

class TestGenerationHistoryStore : public QObject {
    Q_OBJECT

private:
    QString databasePath() const { return dir_->filePath(QStringLiteral("data/studio.sqlite")); }

    std::unique_ptr<GenerationHistoryStore> openStore() {
        auto store = std::make_unique<GenerationHistoryStore>();
        if (!store->open(databasePath())) qWarning("%s", qPrintable(store->error()));
        return store;
    }

    // A finished generation of two done variants; returns its id.
    qint64 addFinished(GenerationHistoryStore& store, const QString& product, const QString& shopper,
                       const QStringList& titles) {
        const GenerationRecipe started = startedRecipe(product, shopper, {1, 2});
        const qint64 id = store.startGeneration(started);
        for (int v = 0; v < 2; ++v)
            store.saveVariant(id, v + 1, v + 1, titles.value(v), QStringLiteral("done"), generated(v), fusion(v));
        store.finishGeneration(id, endedRecipe(started, titles, {QStringLiteral("done"), QStringLiteral("done")}));
        return id;
    }

    std::unique_ptr<QTemporaryDir> dir_;

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
    }
    void cleanup() { dir_.reset(); }

    void aGenerationSurvivesReopeningWithItsRecipeAndPixelEqualPictures() {
        const quint64 bigSeed = 18446744073709551615ULL;  // does not fit SQLite's integers
        const GenerationRecipe started = startedRecipe(QStringLiteral("Nimbus bottle"), QStringLiteral("shopper-001"),
                                                       {bigSeed, 12});
        const GenerationRecipe ended = endedRecipe(started, {QStringLiteral("保温杯 轻便"), QStringLiteral("Half a")},
                                                   {QStringLiteral("done"), QStringLiteral("cancelled")});
        qint64 id = -1;
        {
            auto store = openStore();
            QVERIFY(store->isOpen());
            QSignalSpy changed(store.get(), &GenerationHistoryStore::changed);
            id = store->startGeneration(started);
            QVERIFY(id > 0);
            QVERIFY2(store->saveVariant(id, 1, bigSeed, QStringLiteral("保温杯 轻便"), QStringLiteral("done"), generated(1),
                                        fusion(1)),
                     qPrintable(store->error()));
            QVERIFY(store->finishGeneration(id, ended));
            QCOMPARE(changed.count(), 3);
            QVERIFY(store->error().isEmpty());
        }
        auto store = openStore();
        QCOMPARE(store->interruptedAtOpen(), 0);
        const auto saved = store->load(id);
        QVERIFY2(saved, qPrintable(store->error()));
        QCOMPARE(saved->recipe.toJson(), ended.toJson());
        QCOMPARE(saved->summary.state, QStringLiteral("finished"));
        QCOMPARE(saved->summary.productName, QStringLiteral("Nimbus bottle"));
        QCOMPARE(saved->summary.shopperName, QStringLiteral("shopper-001"));
        QCOMPARE(saved->summary.modelName, QStringLiteral("adgen-demo"));
        QCOMPARE(saved->summary.created, started.created);
        QCOMPARE(saved->summary.variantCount, 2);
        QCOMPARE(saved->summary.finishedCount, 1);
        QVERIFY(!saved->summary.starred);
        QCOMPARE(saved->summary.titles, (QStringList{QStringLiteral("保温杯 轻便"), QStringLiteral("Half a")}));

        QCOMPARE(saved->variants.size(), size_t(2));
        const SavedVariant& done = saved->variants[0];
        QCOMPARE(done.number, 1);
        QCOMPARE(done.seed, bigSeed);
        QCOMPARE(done.state, QStringLiteral("done"));
        QCOMPARE(done.title, QStringLiteral("保温杯 轻便"));
        QVERIFY(samePixels(done.image, generated(1)));
        QVERIFY(samePixels(done.fusionImage, fusion(1)));  // alpha kept
        QCOMPARE(saved->summary.firstVariantId, done.id);
        // The cancelled variant got its row when the generation ended: its copy, no pictures.
        const SavedVariant& cancelled = saved->variants[1];
        QCOMPARE(cancelled.number, 2);
        QCOMPARE(cancelled.seed, quint64(12));
        QCOMPARE(cancelled.state, QStringLiteral("cancelled"));
        QCOMPARE(cancelled.title, QStringLiteral("Half a"));
        QVERIFY(cancelled.image.isNull());
        QVERIFY(cancelled.fusionImage.isNull());
    }

    void theFileIsInWalModeAndSharedWithTheProfileLibrary() {
        ProfileStore profiles;
        QVERIFY(profiles.open(databasePath()));
        QVERIFY(profiles.createProfile(QStringLiteral("Alice")) > 0);
        auto store = openStore();
        QVERIFY(store->isOpen());
        QVERIFY(addFinished(*store, QStringLiteral("Mug"), QStringLiteral("Alice"), {QStringLiteral("a"), QStringLiteral("b")}) > 0);
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT version FROM schema_versions WHERE component = 'generations'")).toInt(),
                 GenerationHistoryStore::kSchemaVersion);
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT version FROM schema_versions WHERE component = 'profiles'")).toInt(),
                 ProfileStore::kSchemaVersion);
        QCOMPARE(profiles.profileCount(), 1);  // each keeps its own tables
        QCOMPARE(store->generationCount(), 1);
    }

    void aGenerationCutShortIsInterruptedOnOpenAndKeepsItsSavedVariants() {
        const GenerationRecipe started = startedRecipe(QStringLiteral("Lamp"), QStringLiteral("Bob"), {5, 6, 7});
        qint64 id = -1;
        qint64 other = -1;
        {
            auto store = openStore();
            other = addFinished(*store, QStringLiteral("Mug"), {}, {QStringLiteral("a"), QStringLiteral("b")});
            id = store->startGeneration(started);
            GenerationRecipe soFar = started;
            soFar.historyUsed = {{2, QStringLiteral("Desk lamp"), {}}};
            soFar.variants[1].title = QStringLiteral("Warm light");
            soFar.variants[1].state = QStringLiteral("done");
            QVERIFY(store->saveVariant(id, 2, 6, QStringLiteral("Warm light"), QStringLiteral("done"), generated(6), fusion(6), &soFar));
            QCOMPARE(store->generation(id)->state, QStringLiteral("running"));
            // The studio is killed here: no finishGeneration.
        }
        auto store = openStore();
        QCOMPARE(store->interruptedAtOpen(), 1);
        const auto summary = store->generation(id);
        QVERIFY(summary);
        QCOMPARE(summary->state, QStringLiteral("interrupted"));
        QCOMPARE(summary->variantCount, 3);
        QCOMPARE(summary->finishedCount, 1);
        QCOMPARE(store->generation(other)->state, QStringLiteral("finished"));  // finished ones untouched
        const auto saved = store->load(id);
        QVERIFY(saved);
        QCOMPARE(saved->variants.size(), size_t(1));
        QCOMPARE(saved->variants[0].number, 2);
        QCOMPARE(saved->variants[0].title, QStringLiteral("Warm light"));
        QVERIFY(samePixels(saved->variants[0].image, generated(6)));
        QVERIFY(samePixels(saved->variants[0].fusionImage, fusion(6)));
        // The recipe saved with the variant: the history used is known.
        QCOMPARE(saved->recipe.historyUsed.size(), 1);
        QCOMPARE(saved->recipe.historyUsed[0].title, QStringLiteral("Desk lamp"));
        QCOMPARE(saved->recipe.variants[1].state, QStringLiteral("done"));

        store.reset();
        QCOMPARE(openStore()->interruptedAtOpen(), 0);  // once is enough
    }

    void savingAVariantAgainReplacesItAndKeepsItsId() {
        auto store = openStore();
        const qint64 id = store->startGeneration(startedRecipe(QStringLiteral("Mug"), {}, {1}));
        QVERIFY(store->saveVariant(id, 1, 1, QStringLiteral("first"), QStringLiteral("running"), {}, {}));
        const qint64 variantId = rawQuery(databasePath(), QStringLiteral("SELECT id FROM generation_variants")).toLongLong();
        QVERIFY(store->saveVariant(id, 1, 1, QStringLiteral("final"), QStringLiteral("done"), generated(1), fusion(1)));
        const auto saved = store->load(id);
        QCOMPARE(saved->variants.size(), size_t(1));
        QCOMPARE(saved->variants[0].id, variantId);
        QCOMPARE(saved->variants[0].title, QStringLiteral("final"));
        QVERIFY(samePixels(saved->variants[0].image, generated(1)));
    }

    void searchFindsProductShopperAndCopyNewestFirst() {
        auto store = openStore();
        const qint64 mug = addFinished(*store, QStringLiteral("Coral Mug"), QStringLiteral("Alice"),
                                       {QStringLiteral("Morning coffee"), QStringLiteral("Warm hands")});
        const qint64 boots = addFinished(*store, QStringLiteral("Hiking boots"), QStringLiteral("Bob"),
                                         {QStringLiteral("Trail ready"), QStringLiteral("轻便 防水")});
        const qint64 bottle = addFinished(*store, QStringLiteral("Nimbus bottle"), {}, {QStringLiteral("Keeps coffee hot"), {}});
        QCOMPARE(productsOf(store->generations()),
                 (QStringList{QStringLiteral("Nimbus bottle"), QStringLiteral("Hiking boots"), QStringLiteral("Coral Mug")}));
        QCOMPARE(store->generations().first().titles, QStringList{QStringLiteral("Keeps coffee hot")});  // blank copy left out
        QCOMPARE(productsOf(store->search(QStringLiteral("  mug "))), QStringList{QStringLiteral("Coral Mug")});
        QCOMPARE(productsOf(store->search(QStringLiteral("BOB"))), QStringList{QStringLiteral("Hiking boots")});
        QCOMPARE(productsOf(store->search(QStringLiteral("防水"))), QStringList{QStringLiteral("Hiking boots")});
        QCOMPARE(productsOf(store->search(QStringLiteral("Coffee"))),
                 (QStringList{QStringLiteral("Nimbus bottle"), QStringLiteral("Coral Mug")}));
        QCOMPARE(store->search(QStringLiteral("%")).size(), 0);  // not a wildcard
        QCOMPARE(store->search({}).size(), 3);
        Q_UNUSED(mug);
        Q_UNUSED(bottle);

        QVERIFY(store->setStarred(boots, true));
        QCOMPARE(productsOf(store->search({}, true)), QStringList{QStringLiteral("Hiking boots")});
        QCOMPARE(store->search(QStringLiteral("coffee"), true).size(), 0);
        QVERIFY(store->generation(boots)->starred);
        QVERIFY(store->setStarred(boots, false));
        QVERIFY(store->search({}, true).isEmpty());
        QVERIFY(!store->setStarred(9999, true));
        QVERIFY2(store->error().contains(QStringLiteral("no generation 9999")), qPrintable(store->error()));
    }

    void deletingAGenerationDeletesItsVariants() {
        auto store = openStore();
        const qint64 keep = addFinished(*store, QStringLiteral("Mug"), {}, {QStringLiteral("a"), QStringLiteral("b")});
        const qint64 gone = addFinished(*store, QStringLiteral("Lamp"), {}, {QStringLiteral("c"), QStringLiteral("d")});
        const qint64 goneVariant = store->generation(gone)->firstVariantId;
        QVERIFY(!store->thumbnail(goneVariant).isNull());
        QSignalSpy changed(store.get(), &GenerationHistoryStore::changed);
        QVERIFY(store->deleteGeneration(gone));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!store->generation(gone));
        QVERIFY(store->thumbnail(goneVariant).isNull());
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM generation_variants WHERE generation_id = %1").arg(gone)).toInt(), 0);
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM generation_variants")).toInt(), 2);
        QVERIFY(store->generation(keep));
        QVERIFY(!store->load(gone));
        QVERIFY2(store->error().contains(QStringLiteral("no generation")), qPrintable(store->error()));
        QVERIFY(!store->deleteGeneration(gone));
        QVERIFY(!store->errorFix().isEmpty());
    }

    void aRunningGenerationCannotBeDeleted() {
        auto store = openStore();
        const qint64 id = store->startGeneration(startedRecipe(QStringLiteral("Mug"), {}, {1}));
        QVERIFY(!store->deleteGeneration(id));
        QVERIFY2(store->errorFix().contains(QStringLiteral("Cancel")), qPrintable(store->errorFix()));
        QVERIFY(store->generation(id));
        QVERIFY(store->finishGeneration(id, endedRecipe(startedRecipe(QStringLiteral("Mug"), {}, {1}), {QStringLiteral("x")},
                                                        {QStringLiteral("done")})));
        QVERIFY(store->deleteGeneration(id));
        QVERIFY(store->error().isEmpty());
    }

    void thumbnailsAreScaledAndCanBeReadFromAnotherThread() {
        auto store = openStore();
        const qint64 id = addFinished(*store, QStringLiteral("Mug"), {}, {QStringLiteral("a"), QStringLiteral("b")});
        const qint64 variantId = store->generation(id)->firstVariantId;
        QVERIFY(samePixels(store->thumbnail(variantId), fusion(0)));
        QVERIFY(samePixels(store->thumbnail(variantId, 0, GenerationHistoryStore::Picture::Raw), generated(0)));
        QCOMPARE(store->thumbnail(variantId, 16).size(), QSize(16, 16));
        QImage fromThread;
        std::thread reader([&] { fromThread = store->thumbnail(variantId, 24, GenerationHistoryStore::Picture::Raw); });
        reader.join();
        QCOMPARE(fromThread.size(), QSize(24, 24));
        QVERIFY(samePixels(fromThread, store->thumbnail(variantId, 24, GenerationHistoryStore::Picture::Raw)));
        QVERIFY(store->thumbnail(424242).isNull());
    }

    void writesToAnUnknownGenerationOrWithAnUnknownStateAreRefused() {
        auto store = openStore();
        QVERIFY(!store->saveVariant(77, 1, 1, QStringLiteral("x"), QStringLiteral("done"), generated(1), {}));
        QVERIFY2(store->error().contains(QStringLiteral("no generation 77")), qPrintable(store->error()));
        const qint64 id = store->startGeneration(startedRecipe(QStringLiteral("Mug"), {}, {1}));
        QVERIFY(store->error().isEmpty());  // success clears the error
        QVERIFY(!store->saveVariant(id, 1, 1, QStringLiteral("x"), QStringLiteral("great"), {}, {}));
        QVERIFY2(store->error().contains(QStringLiteral("great")), qPrintable(store->error()));
        QVERIFY(!store->saveVariant(id, 0, 1, QStringLiteral("x"), QStringLiteral("done"), {}, {}));
        QVERIFY(!store->finishGeneration(78, startedRecipe(QStringLiteral("Mug"), {}, {1})));
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM generation_variants")).toInt(), 0);

        GenerationHistoryStore closed;
        QVERIFY(closed.startGeneration(startedRecipe(QStringLiteral("Mug"), {}, {1})) < 0);
        QVERIFY2(closed.error().contains(QStringLiteral("No generation history is open")), qPrintable(closed.error()));
        QVERIFY(closed.generations().isEmpty());
    }

    void aHistoryWrittenByANewerStudioIsRefused() {
        openStore().reset();
        rawQuery(databasePath(), QStringLiteral("UPDATE schema_versions SET version = 99 WHERE component = 'generations'"));
        GenerationHistoryStore store;
        QVERIFY(!store.open(databasePath()));
        QVERIFY(!store.isOpen());
        QVERIFY2(store.error().contains(QStringLiteral("newer AdGen Studio")), qPrintable(store.error()));
        QVERIFY2(store.errorFix().contains(QStringLiteral("Update")), qPrintable(store.errorFix()));
    }

    void aFileThatIsNotADatabaseIsRefused() {
        QFile file(databasePath());
        QDir().mkpath(QFileInfo(databasePath()).absolutePath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        GenerationHistoryStore store;
        QVERIFY(!store.open(databasePath()));
        QVERIFY2(store.error().contains(QStringLiteral("not a studio database")), qPrintable(store.error()));
    }
};

QTEST_GUILESS_MAIN(TestGenerationHistoryStore)
#include "tst_generation_history_store.moc"
