// ProfileStore: the shopper profile library in SQLite. Profiles and their ordered clicks survive
// reopening with pixel-equal pictures; every write is all-or-nothing; imports (PAd1M, history
// files, the bundled samples) say what went wrong and leave the library as it was.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <algorithm>
#include <thread>

#include "click_pictures.h"
#include "profile_store.h"
#include "shopper_clicks.h"

namespace {

const QString kSamplesDir = QStringLiteral(ADGEN_SAMPLES_DIR);

ProfileClick click(const QString& title, const QImage& image, std::optional<double> similarity = std::nullopt,
                   const QString& sourcePath = {}) {
    ProfileClick c;
    c.title = title;
    c.image = image;
    c.sourcePath = sourcePath;
    c.similarity = similarity;
    return c;
}

QStringList titlesOf(const QList<ProfileClick>& clicks) {
    QStringList titles;
    for (const ProfileClick& c : clicks) titles.append(c.title);
    return titles;
}

QStringList namesOf(const QList<ProfileSummary>& profiles) {
    QStringList names;
    for (const ProfileSummary& p : profiles) names.append(p.name);
    return names;
}

// Runs one SQL statement on its own connection (not the store's) and returns the first column
// of the first row: what another program would see in the file.
QVariant rawQuery(const QString& databasePath, const QString& sql) {
    QVariant result;
    const QString name = QStringLiteral("tst-profile-store-raw");
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

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QJsonObject pad1mRecord(const QJsonArray& historyTitles, const QJsonArray& historyImages, const QString& product) {
    QJsonArray similarity;
    for (qsizetype i = 0; i < historyTitles.size(); ++i) similarity.append(0.5);
    return QJsonObject{{"f_path", ""},
                       {"f_path_trans", "missing-cutout.png"},  // not read by the import
                       {"sku_title_cn", product},
                       {"word_list", "保温, 轻便"},
                       {"gt_title_cn", "a<title_split>b"},
                       {"max_ratio", 0.6},
                       {"history_titles", historyTitles},
                       {"history_images", historyImages},
                       {"text_similarity", similarity}};
}

}  // namespace

class TestProfileStore : public QObject {
    Q_OBJECT

private:
    QString databasePath() const { return dir_->filePath(QStringLiteral("library/studio.sqlite")); }

    std::unique_ptr<ProfileStore> openStore() {
        auto store = std::make_unique<ProfileStore>();
        if (!store->open(databasePath())) qWarning("%s", qPrintable(store->error()));
        return store;
    }

    std::unique_ptr<QTemporaryDir> dir_;

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
    }
    void cleanup() { dir_.reset(); }

    void profilesAndClicksSurviveReopeningWithPixelEqualPictures() {
        const QList<ProfileClick> written = {
            click(QStringLiteral("Insulated bottle 500 ml"), clickPicture(40, 30, 1), 0.82, QStringLiteral("/shop/bottle.png")),
            click(QStringLiteral("云朵 保温杯 珊瑚色"), clickPicture(17, 23, 2, false)),
            click(QStringLiteral("Hiking boots EU 42"), clickPicture(64, 64, 3)),
        };
        qint64 id = -1;
        {
            auto store = openStore();
            QVERIFY(store->isOpen());
            id = store->createProfile(QStringLiteral("  Alice "), QStringLiteral("likes teal"));
            QVERIFY(id > 0);
            QVERIFY2(store->setClicks(id, written), qPrintable(store->error()));
        }
        ProfileStore reopened;
        QVERIFY(reopened.open(databasePath()));
        const QList<ProfileSummary> profiles = reopened.profiles();
        QCOMPARE(profiles.size(), 1);
        QCOMPARE(profiles[0].id, id);
        QCOMPARE(profiles[0].name, QStringLiteral("Alice"));  // trimmed
        QCOMPARE(profiles[0].notes, QStringLiteral("likes teal"));
        QCOMPARE(profiles[0].clickCount, 3);
        QVERIFY(profiles[0].created.isValid());
        QVERIFY(profiles[0].modified >= profiles[0].created);

        const QList<ProfileClick> read = reopened.clicks(id);
        QCOMPARE(titlesOf(read), titlesOf(written));
        for (int i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].image.format(), QImage::Format_RGBA8888);
            QCOMPARE(read[i].image, written[i].image.convertToFormat(QImage::Format_RGBA8888));
            QCOMPARE(read[i].sourcePath, written[i].sourcePath);
            QCOMPARE(read[i].similarity, written[i].similarity);
            QVERIFY(read[i].id > 0);
        }
        QCOMPARE(profiles[0].thumbnailClickId, read[0].id);
        QCOMPARE(reopened.thumbnail(read[1].id), read[1].image);
    }

    void theLibraryIsInWalMode() {
        auto store = openStore();
        QVERIFY(store->isOpen());
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT version FROM schema_versions WHERE component = 'profiles'")).toInt(),
                 ProfileStore::kSchemaVersion);
    }

    void largePicturesAreStoredAtMost512PixelsLong() {
        auto store = openStore();
        const qint64 id = store->createProfile(QStringLiteral("p"));
        QVERIFY(store->setClicks(id, {click(QStringLiteral("wide"), clickPicture(1024, 600, 4))}));
        const QList<ProfileClick> read = store->clicks(id);
        QCOMPARE(read[0].image.size(), QSize(512, 300));
        QCOMPARE(store->thumbnail(read[0].id, 64).size(), QSize(64, 37));
    }

    void searchFindsNameNotesAndClickTitlesIgnoringCase() {
        auto store = openStore();
        const qint64 alice = store->createProfile(QStringLiteral("Alice"), QStringLiteral("Likes TEAL bottles"));
        const qint64 bob = store->createProfile(QStringLiteral("bob"));
        const qint64 chen = store->createProfile(QStringLiteral("陈"));
        QVERIFY(store->setClicks(bob, {click(QStringLiteral("Hiking Boots ÉTÉ"), clickPicture(4, 4, 1))}));
        QVERIFY(store->setClicks(chen, {click(QStringLiteral("保温杯 蓝色"), clickPicture(4, 4, 2))}));
        Q_UNUSED(alice);

        QCOMPARE(namesOf(store->search(QStringLiteral("teal"))), QStringList{QStringLiteral("Alice")});
        QCOMPARE(namesOf(store->search(QStringLiteral("  BOOTS "))), QStringList{QStringLiteral("bob")});
        QCOMPARE(namesOf(store->search(QStringLiteral("été"))), QStringList{QStringLiteral("bob")});  // not only ASCII
        QCOMPARE(namesOf(store->search(QStringLiteral("保温"))), QStringList{QStringLiteral("陈")});
        QCOMPARE(namesOf(store->search(QStringLiteral("B"))), (QStringList{"Alice", "bob"}));  // "bottles", "bob"
        QCOMPARE(namesOf(store->search(QString())), (QStringList{"Alice", "bob", "陈"}));  // by name, any case
        QVERIFY(store->search(QStringLiteral("%")).isEmpty());  // no SQL wildcards
        QVERIFY(store->search(QStringLiteral("zzz")).isEmpty());
    }

    void deletingAProfileDeletesItsClicks() {
        auto store = openStore();
        const qint64 gone = store->createProfile(QStringLiteral("gone"));
        const qint64 kept = store->createProfile(QStringLiteral("kept"));
        QVERIFY(store->setClicks(gone, {click(QStringLiteral("a"), clickPicture(4, 4, 1)), click(QStringLiteral("b"), clickPicture(4, 4, 2))}));
        QVERIFY(store->setClicks(kept, {click(QStringLiteral("c"), clickPicture(4, 4, 3))}));
        const qint64 goneClick = store->clicks(gone).first().id;
        QSignalSpy changed(store.get(), &ProfileStore::changed);

        QVERIFY(store->deleteProfile(gone));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(namesOf(store->profiles()), QStringList{QStringLiteral("kept")});
        const QString countGone = QStringLiteral("SELECT COUNT(*) FROM profile_clicks WHERE profile_id = %1").arg(gone);
        QCOMPARE(rawQuery(databasePath(), countGone).toInt(), 0);
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM profile_clicks")).toInt(), 1);
        QVERIFY(store->thumbnail(goneClick).isNull());
        QVERIFY(store->clicks(gone).isEmpty());

        QVERIFY(!store->deleteProfile(gone));
        QVERIFY(store->error().contains(QStringLiteral("no profile")));
    }

    void renameAndNotesAreSavedAndBlankNamesRefused() {
        auto store = openStore();
        const qint64 id = store->createProfile(QStringLiteral("old"));
        QSignalSpy profileChanged(store.get(), &ProfileStore::profileChanged);
        QVERIFY(store->renameProfile(id, QStringLiteral("new name")));
        QVERIFY(store->setNotes(id, QStringLiteral("prefers 【】 brackets")));
        QCOMPARE(profileChanged.count(), 2);
        QCOMPARE(profileChanged.first().first().toLongLong(), id);
        QCOMPARE(store->profile(id)->name, QStringLiteral("new name"));
        QCOMPARE(store->profile(id)->notes, QStringLiteral("prefers 【】 brackets"));

        QVERIFY(!store->renameProfile(id, QStringLiteral("   ")));
        QCOMPARE(store->error(), QStringLiteral("A profile needs a name."));
        QCOMPARE(store->profile(id)->name, QStringLiteral("new name"));
        QCOMPARE(store->createProfile(QString()), -1);
        QCOMPARE(store->profileCount(), 1);
    }

    void clicksWithoutTitleOrPictureAreRefusedAndTheOldOnesKept() {
        auto store = openStore();
        const qint64 id = store->createProfile(QStringLiteral("p"));
        QVERIFY(store->setClicks(id, {click(QStringLiteral("first"), clickPicture(4, 4, 1))}));
        QVERIFY(!store->setClicks(id, {click(QStringLiteral("ok"), clickPicture(4, 4, 1)), click(QStringLiteral(" "), clickPicture(4, 4, 2))}));
        QCOMPARE(store->error(), QStringLiteral("Click 2 has no title."));
        QVERIFY(!store->setClicks(id, {click(QStringLiteral("no picture"), QImage())}));
        QVERIFY(store->error().contains(QStringLiteral("\"no picture\", has no picture")));
        QCOMPARE(titlesOf(store->clicks(id)), QStringList{QStringLiteral("first")});
        QVERIFY(!store->setClicks(9999, {click(QStringLiteral("x"), clickPicture(4, 4, 1))}));
        QVERIFY(store->error().contains(QStringLiteral("no profile 9999")));
    }

    void pad1mImportMakesOneProfilePerDistinctHistory() {
        const QString folder = dir_->filePath(QStringLiteral("pad1m"));
        const QImage a = clickPicture(20, 10, 1), b = clickPicture(12, 12, 2), c = clickPicture(9, 7, 3, false);
        writeClickPicture(folder, QStringLiteral("images/a.png"), a);
        writeClickPicture(folder, QStringLiteral("images/b.png"), b);
        writeClickPicture(folder, QStringLiteral("images/c.png"), c);
        const QJsonArray records = {
            pad1mRecord({"运动耳机", "无线耳机 降噪"}, {"images/a.png", "images/b.png"}, "蓝牙耳机"),
            pad1mRecord({"运动耳机", "无线耳机 降噪"}, {"images/a.png", "images/b.png"}, "保温杯"),  // the same shopper
            pad1mRecord({}, {}, "no history"),
            pad1mRecord({"tent", "boots", "bottle"}, {"images/c.png", "images/a.png", "images/c.png"}, "lamp"),
        };
        const QString file = folder + QStringLiteral("/tiny-val.json");
        writeText(file, QJsonDocument(records).toJson());

        auto store = openStore();
        QSignalSpy changed(store.get(), &ProfileStore::changed);
        QCOMPARE(store->importPad1m(QUrl::fromLocalFile(file).toString()), 2);
        QVERIFY(store->error().isEmpty());
        QCOMPARE(changed.count(), 1);
        const QList<ProfileSummary> profiles = store->profiles();
        QCOMPARE(namesOf(profiles), (QStringList{"tiny-val #0", "tiny-val #3"}));
        QCOMPARE(profiles[0].clickCount, 2);
        QCOMPARE(profiles[1].clickCount, 3);
        QVERIFY(profiles[0].notes.contains(file));
        QVERIFY(profiles[0].notes.contains(QStringLiteral("record 0")));
        QVERIFY(profiles[0].notes.contains(QStringLiteral("2 records have this click history")));

        const QList<ProfileClick> first = store->clicks(profiles[0].id);
        QCOMPARE(titlesOf(first), (QStringList{"运动耳机", "无线耳机 降噪"}));
        QCOMPARE(first[0].image, a);
        QCOMPARE(first[1].image, b);
        QCOMPARE(first[1].sourcePath, folder + QStringLiteral("/images/b.png"));
        QVERIFY(!first[0].similarity.has_value());  // measured against another product: not kept
        const QList<ProfileClick> second = store->clicks(profiles[1].id);
        QCOMPARE(titlesOf(second), (QStringList{"tent", "boots", "bottle"}));
        QCOMPARE(second[0].image, c);
        QCOMPARE(second[1].image, a);
    }

    void malformedImportsLeaveTheLibraryUnchanged() {
        auto store = openStore();
        const qint64 kept = store->createProfile(QStringLiteral("kept"));
        QVERIFY(store->setClicks(kept, {click(QStringLiteral("c"), clickPicture(4, 4, 3))}));
        const QString folder = dir_->filePath(QStringLiteral("bad"));
        QDir().mkpath(folder);

        const QString broken = folder + QStringLiteral("/broken.json");
        writeText(broken, "[{\"f_path_trans\": ");
        QSignalSpy changed(store.get(), &ProfileStore::changed);
        QCOMPARE(store->importPad1m(broken), -1);
        QVERIFY2(store->error().contains(QStringLiteral("broken.json is not valid JSON")), qPrintable(store->error()));
        QVERIFY(!store->errorFix().isEmpty());

        // The second shopper's picture is missing: the first one is not added either.
        writeClickPicture(folder, QStringLiteral("a.png"), clickPicture(4, 4, 1));
        const QString missing = folder + QStringLiteral("/missing.json");
        writeText(missing, QJsonDocument(QJsonArray{pad1mRecord({"a"}, {"a.png"}, "p"),
                                                    pad1mRecord({"b", "c"}, {"a.png", "nowhere.png"}, "p")})
                               .toJson());
        QCOMPARE(store->importPad1m(missing), -1);
        QVERIFY2(store->error().startsWith(QStringLiteral("Record 1 of %1, history image 2 (\"c\", %2/nowhere.png)")
                                               .arg(missing, folder)),
                 qPrintable(store->error()));

        const QString misaligned = folder + QStringLiteral("/history.json");
        writeText(misaligned, R"({"history_titles": ["a", "b"], "history_images": ["a.png"]})");
        QCOMPARE(store->importShopperHistory(misaligned), -1);
        QVERIFY2(store->error().contains(QStringLiteral("not lists of the same length")), qPrintable(store->error()));

        QCOMPARE(changed.count(), 0);
        QCOMPARE(namesOf(store->profiles()), QStringList{QStringLiteral("kept")});
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM profile_clicks")).toInt(), 1);
    }

    void pad1mFileWithoutHistoriesImportsNothingAndSaysWhy() {
        const QString file = dir_->filePath(QStringLiteral("empty.json"));
        writeText(file, QJsonDocument(QJsonArray{pad1mRecord({}, {}, "p")}).toJson());
        auto store = openStore();
        QCOMPARE(store->importPad1m(file), 0);
        QVERIFY(store->error().contains(QStringLiteral("has no click histories")));
        QCOMPARE(store->profileCount(), 0);
    }

    void historyFileBecomesAProfileNamedAfterIt() {
        const QString folder = dir_->filePath(QStringLiteral("h"));
        const QImage picture = clickPicture(8, 6, 5);
        writeClickPicture(folder, QStringLiteral("clicks/red.png"), picture);
        const QString file = folder + QStringLiteral("/shopper-red.json");
        writeText(file, R"([{"title": "Red bottle", "image": "clicks/red.png", "similarity": 0.25},
                            {"title": "红色 水杯", "image": "clicks/red.png"}])");
        auto store = openStore();
        const qint64 id = store->importShopperHistory(file);
        QVERIFY2(id > 0, qPrintable(store->error()));
        QCOMPARE(store->profile(id)->name, QStringLiteral("shopper-red"));
        QCOMPARE(store->profile(id)->notes, QStringLiteral("Imported from %1.").arg(file));
        const QList<ProfileClick> clicks = store->clicks(id);
        QCOMPARE(titlesOf(clicks), (QStringList{"Red bottle", "红色 水杯"}));
        QCOMPARE(clicks[0].similarity, std::optional<double>(0.25));
        QCOMPARE(clicks[1].image, picture);

        const qint64 named = store->importShopperHistory(file, QStringLiteral("Rita"));
        QCOMPARE(store->profile(named)->name, QStringLiteral("Rita"));

        // A picture that cannot be read names the click, its title and the file.
        writeText(file, R"([{"title": "Red bottle", "image": "clicks/red.png"}, {"title": "Lost", "image": "lost.jpg"}])");
        QCOMPARE(store->importShopperHistory(file), -1);
        QVERIFY2(store->error().startsWith(QStringLiteral("Click 2 of %1 (\"Lost\", image %2/lost.jpg): Image file not found")
                                               .arg(file, folder)),
                 qPrintable(store->error()));
        QCOMPARE(store->profileCount(), 2);
    }

    void samplesSeedANewLibraryOnce() {
        QFile list(kSamplesDir + QStringLiteral("/samples.json"));
        QVERIFY(list.open(QIODevice::ReadOnly));
        const QJsonArray shoppers = QJsonDocument::fromJson(list.readAll()).object().value(QStringLiteral("shoppers")).toArray();
        QVERIFY(shoppers.size() >= 2);

        auto store = openStore();
        QCOMPARE(store->seedFromSamples(kSamplesDir), int(shoppers.size()));
        QVERIFY(store->error().isEmpty());
        const QList<ProfileSummary> profiles = store->profiles();
        QCOMPARE(profiles.size(), shoppers.size());
        for (const QJsonValue& value : shoppers) {
            const QJsonObject shopper = value.toObject();
            const auto found = std::find_if(profiles.begin(), profiles.end(), [&](const ProfileSummary& p) {
                return p.name == shopper.value(QStringLiteral("id")).toString();
            });
            QVERIFY(found != profiles.end());
            QCOMPARE(found->notes, shopper.value(QStringLiteral("taste")).toString());
            QCOMPARE(found->clickCount, shopper.value(QStringLiteral("clicks")).toInt());
        }
        // shopper-001's first click, as resources/samples/shoppers/shopper-001.json lists it.
        const ProfileSummary first = profiles.first();
        QCOMPARE(first.name, QStringLiteral("shopper-001"));
        const QList<ProfileClick> clicks = store->clicks(first.id);
        QCOMPARE(clicks.first().title,
                 QStringLiteral("【Voice Control】 Hi-Fi Sound, Long Battery Life Grey Aluminium Smart Speaker HB-3461 40W Harbor"));
        QCOMPARE(clicks.first().image.size(), QSize(256, 256));
        QCOMPARE(clicks.first().sourcePath, kSamplesDir + QStringLiteral("/shoppers/images/shopper-001-click01.png"));
        QCOMPARE(clicks.first().image, loadClickImage(clicks.first().sourcePath));

        QCOMPARE(store->seedFromSamples(kSamplesDir), 0);  // already seeded
        for (const ProfileSummary& p : profiles) QVERIFY(store->deleteProfile(p.id));
        QCOMPARE(store->seedFromSamples(kSamplesDir), 0);  // the user deleted them: they stay deleted
        QCOMPARE(store->profileCount(), 0);
    }

    void samplesDoNotSeedALibraryThatHasProfiles() {
        auto store = openStore();
        QVERIFY(store->createProfile(QStringLiteral("mine")) > 0);
        QCOMPARE(store->seedFromSamples(kSamplesDir), 0);
        QCOMPARE(namesOf(store->profiles()), QStringList{QStringLiteral("mine")});
    }

    void missingSamplesFolderIsAnErrorAndCanBeRetried() {
        auto store = openStore();
        const QString nowhere = dir_->filePath(QStringLiteral("no-samples"));
        QCOMPARE(store->seedFromSamples(nowhere), -1);
        QVERIFY2(store->error().contains(nowhere + QStringLiteral("/samples.json cannot be read")), qPrintable(store->error()));
        QCOMPARE(store->seedFromSamples(kSamplesDir), 12);
    }

    void aLibraryFromANewerStudioIsRefused() {
        openStore().reset();
        rawQuery(databasePath(), QStringLiteral("UPDATE schema_versions SET version = 99 WHERE component = 'profiles'"));
        ProfileStore store;
        QVERIFY(!store.open(databasePath()));
        QVERIFY(!store.isOpen());
        QVERIFY2(store.error().contains(QStringLiteral("newer AdGen Studio")), qPrintable(store.error()));
        QCOMPARE(store.createProfile(QStringLiteral("x")), -1);
        QCOMPARE(store.error(), QStringLiteral("No profile library is open."));
    }

    void aFileThatIsNotADatabaseIsRefused() {
        const QString path = dir_->filePath(QStringLiteral("notes.sqlite"));
        writeText(path, QByteArray(4096, 'x'));
        ProfileStore store;
        QVERIFY(!store.open(path));
        QVERIFY2(store.error().contains(path), qPrintable(store.error()));
        QVERIFY(!store.errorFix().isEmpty());
    }

    void thumbnailsCanBeReadFromAnotherThread() {
        auto store = openStore();
        const qint64 id = store->createProfile(QStringLiteral("p"));
        const QImage picture = clickPicture(30, 20, 6);
        QVERIFY(store->setClicks(id, {click(QStringLiteral("a"), picture)}));
        const qint64 clickId = store->clicks(id).first().id;
        QImage fromThread;
        std::thread reader([&] { fromThread = store->thumbnail(clickId); });
        reader.join();
        QCOMPARE(fromThread, picture);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profile_store.moc"
