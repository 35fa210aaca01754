// ShopperProfilesModel: the profile list follows the library and the search query, updating rows
// in place (so a list keeps its place), and reports the library's errors.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "click_pictures.h"
#include "profile_store.h"
#include "shopper_profiles_model.h"

namespace {

ProfileClick click(const QString& title, int seed) {
    ProfileClick c;
    c.title = title;
    c.image = clickPicture(6, 5, seed);
    return c;
}

}  // namespace

class TestShopperProfilesModel : public QObject {
    Q_OBJECT

private:
    QStringList names() const {
        QStringList list;
        for (int row = 0; row < model_->rowCount(); ++row)
            list.append(model_->data(model_->index(row), ShopperProfilesModel::NameRole).toString());
        return list;
    }
    QVariant value(int row, int role) const { return model_->data(model_->index(row), role); }

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ProfileStore> store_;
    std::unique_ptr<ShopperProfilesModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
    qint64 alice_ = -1, bob_ = -1, chen_ = -1;

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        store_ = std::make_unique<ProfileStore>();
        QVERIFY(store_->open(dir_->filePath(QStringLiteral("studio.sqlite"))));
        alice_ = store_->createProfile(QStringLiteral("Alice"), QStringLiteral("Likes teal"));
        bob_ = store_->createProfile(QStringLiteral("Bob"));
        chen_ = store_->createProfile(QStringLiteral("Chen"));
        QVERIFY(store_->setClicks(bob_, {click(QStringLiteral("Hiking boots"), 1), click(QStringLiteral("Tent"), 2)}));
        QVERIFY(store_->setClicks(chen_, {click(QStringLiteral("保温杯"), 3)}));
        model_ = std::make_unique<ShopperProfilesModel>();
        tester_ = std::make_unique<QAbstractItemModelTester>(model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        model_->setStore(store_.get());
    }
    void cleanup() {
        tester_.reset();
        model_.reset();
        store_.reset();
        dir_.reset();
    }

    void listsTheProfilesByNameWithTheirClicks() {
        QCOMPARE(model_->rowCount(), 3);
        QCOMPARE(names(), (QStringList{"Alice", "Bob", "Chen"}));
        QCOMPARE(value(0, ShopperProfilesModel::IdRole).toLongLong(), alice_);
        QCOMPARE(value(0, ShopperProfilesModel::NotesRole).toString(), QStringLiteral("Likes teal"));
        QCOMPARE(value(0, ShopperProfilesModel::ClickCountRole).toInt(), 0);
        QCOMPARE(value(0, ShopperProfilesModel::ThumbnailClickIdRole).toLongLong(), -1);
        QCOMPARE(value(1, ShopperProfilesModel::ClickCountRole).toInt(), 2);
        QCOMPARE(value(1, ShopperProfilesModel::ThumbnailClickIdRole).toLongLong(), store_->clicks(bob_).first().id);
        QCOMPARE(model_->roleNames().value(ShopperProfilesModel::ThumbnailClickIdRole), QByteArray("thumbnailClickId"));
        QCOMPARE(model_->rowOf(chen_), 2);
        QCOMPARE(model_->idAt(1), bob_);
        QCOMPARE(model_->idAt(7), -1);
    }

    void theQueryFiltersByNameNotesAndClickTitles() {
        QSignalSpy reset(model_.get(), &QAbstractItemModel::modelReset);
        QSignalSpy count(model_.get(), &ShopperProfilesModel::countChanged);
        model_->setQuery(QStringLiteral("BOOTS"));
        QCOMPARE(names(), QStringList{QStringLiteral("Bob")});
        model_->setQuery(QStringLiteral("保温"));
        QCOMPARE(names(), QStringList{QStringLiteral("Chen")});
        model_->setQuery(QStringLiteral("teal"));
        QCOMPARE(names(), QStringList{QStringLiteral("Alice")});
        model_->setQuery(QString());
        QCOMPARE(names(), (QStringList{"Alice", "Bob", "Chen"}));
        QCOMPARE(reset.count(), 0);  // rows removed and inserted, never a reset
        QCOMPARE(count.count(), 2);  // 3 -> 1 row, then 1 -> 3
    }

    void aNewProfileIsInsertedAtItsPlace() {
        QSignalSpy inserted(model_.get(), &QAbstractItemModel::rowsInserted);
        const qint64 id = model_->createProfile(QStringLiteral("Bea"), QStringLiteral("new"));
        QVERIFY(id > 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(names(), (QStringList{"Alice", "Bea", "Bob", "Chen"}));
        QCOMPARE(model_->rowOf(id), 1);
        QCOMPARE(model_->property("count").toInt(), 4);
    }

    void aNewProfileOutsideTheQueryIsNotListed() {
        model_->setQuery(QStringLiteral("boots"));
        QVERIFY(model_->createProfile(QStringLiteral("Zed")) > 0);
        QCOMPARE(names(), QStringList{QStringLiteral("Bob")});
        QCOMPARE(store_->profileCount(), 4);
    }

    void removingAProfileRemovesItsRow() {
        QSignalSpy removed(model_.get(), &QAbstractItemModel::rowsRemoved);
        QVERIFY(model_->remove(bob_));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 1);
        QCOMPARE(names(), (QStringList{"Alice", "Chen"}));
        QVERIFY(!model_->remove(bob_));
        QVERIFY(model_->error().contains(QStringLiteral("no profile")));
        QVERIFY(!model_->errorFix().isEmpty());
    }

    void editsOfTheNotesAndClicksChangeTheRowInPlace() {
        QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(model_->setNotes(chen_, QStringLiteral("tea lover")));
        QCOMPARE(value(2, ShopperProfilesModel::NotesRole).toString(), QStringLiteral("tea lover"));
        QVERIFY(store_->setClicks(alice_, {click(QStringLiteral("Lamp"), 4)}));  // from elsewhere: followed too
        QCOMPARE(value(0, ShopperProfilesModel::ClickCountRole).toInt(), 1);
        QCOMPARE(value(0, ShopperProfilesModel::ThumbnailClickIdRole).toLongLong(), store_->clicks(alice_).first().id);
        QCOMPARE(changed.count(), 2);
    }

    void aRenameReordersTheList() {
        QVERIFY(model_->rename(alice_, QStringLiteral("Zoe")));
        QCOMPARE(names(), (QStringList{"Bob", "Chen", "Zoe"}));
        QCOMPARE(model_->rowOf(alice_), 2);
        QVERIFY(!model_->rename(alice_, QStringLiteral(" ")));
        QCOMPARE(model_->error(), QStringLiteral("A profile needs a name."));
        QVERIFY(model_->rename(alice_, QStringLiteral("Zoë")));
        QVERIFY(model_->error().isEmpty());  // a success clears the last error
    }

    void importsAddRowsAndReportFailures() {
        const QString folder = dir_->filePath(QStringLiteral("h"));
        writeClickPicture(folder, QStringLiteral("a.png"), clickPicture(4, 4, 1));
        const QString file = folder + QStringLiteral("/Dora.json");
        QFile history(file);
        QVERIFY(history.open(QIODevice::WriteOnly));
        history.write(R"([{"title": "Kettle", "image": "a.png"}])");
        history.close();
        const qint64 id = model_->importShopperHistory(file);
        QVERIFY(id > 0);
        QCOMPARE(names(), (QStringList{"Alice", "Bob", "Chen", "Dora"}));
        QCOMPARE(value(3, ShopperProfilesModel::ClickCountRole).toInt(), 1);

        QCOMPARE(model_->importPad1m(folder + QStringLiteral("/none.json")), -1);
        QVERIFY2(model_->error().contains(QStringLiteral("none.json")), qPrintable(model_->error()));
        QCOMPARE(model_->rowCount(), 4);
    }

    void withoutAStoreTheListIsEmptyAndActionsSaySo() {
        ShopperProfilesModel alone;
        QAbstractItemModelTester tester(&alone, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(alone.rowCount(), 0);
        QCOMPARE(alone.createProfile(QStringLiteral("x")), -1);
        QVERIFY(!alone.error().isEmpty());
        model_->setStore(nullptr);
        QCOMPARE(model_->rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestShopperProfilesModel)
#include "tst_shopper_profiles_model.moc"
