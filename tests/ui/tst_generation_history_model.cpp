// GenerationHistoryModel: the history list follows the store (newest first, rows updated in
// place while a generation is recorded), the search query and the starred filter, and reports
// the store's errors.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "click_pictures.h"
#include "generation_history_model.h"
#include "generation_history_store.h"

namespace {

GenerationRecipe recipe(const QString& product, const QString& shopper, int variants) {
    GenerationRecipe r;
    r.productPath = QStringLiteral("/briefs/product.png");
    r.originalTitle = product;
    r.shopperName = shopper;
    for (int v = 0; v < variants; ++v) r.variants.append({v + 1, quint64(v + 1), {}, QStringLiteral("running")});
    r.modelName = QStringLiteral("adgen-demo");
    r.created = QDateTime(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC);
    return r;
}

QImage picture(int seed) { return clickPicture(8, 8, seed, false); }

}  // namespace

class TestGenerationHistoryModel : public QObject {
    Q_OBJECT

private:
    QStringList products() const {
        QStringList list;
        for (int row = 0; row < model_->rowCount(); ++row)
            list.append(model_->data(model_->index(row), GenerationHistoryModel::ProductNameRole).toString());
        return list;
    }
    QVariant value(int row, int role) const { return model_->data(model_->index(row), role); }

    // A finished generation whose variants are all done with these copies.
    qint64 addFinished(const QString& product, const QString& shopper, const QStringList& titles) {
        GenerationRecipe r = recipe(product, shopper, int(titles.size()));
        const qint64 id = store_->startGeneration(r);
        for (int v = 0; v < titles.size(); ++v) {
            store_->saveVariant(id, v + 1, quint64(v + 1), titles[v], QStringLiteral("done"), picture(v), picture(v + 10));
            r.variants[v].title = titles[v];
            r.variants[v].state = QStringLiteral("done");
        }
        store_->finishGeneration(id, r);
        return id;
    }

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<GenerationHistoryStore> store_;
    std::unique_ptr<GenerationHistoryModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
    qint64 mug_ = -1, boots_ = -1;

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        store_ = std::make_unique<GenerationHistoryStore>();
        QVERIFY(store_->open(dir_->filePath(QStringLiteral("studio.sqlite"))));
        mug_ = addFinished(QStringLiteral("Coral mug"), QStringLiteral("Alice"),
                           {QStringLiteral("Morning coffee"), QStringLiteral("Warm hands")});
        boots_ = addFinished(QStringLiteral("Hiking boots"), QStringLiteral("Bob"), {QStringLiteral("轻便 防水")});
        model_ = std::make_unique<GenerationHistoryModel>();
        tester_ = std::make_unique<QAbstractItemModelTester>(model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        model_->setStore(store_.get());
    }
    void cleanup() {
        tester_.reset();
        model_.reset();
        store_.reset();
        dir_.reset();
    }

    void listsTheGenerationsNewestFirstWithTheirRoles() {
        QCOMPARE(model_->rowCount(), 2);
        QCOMPARE(products(), (QStringList{QStringLiteral("Hiking boots"), QStringLiteral("Coral mug")}));
        QCOMPARE(value(1, GenerationHistoryModel::GenerationIdRole).toLongLong(), mug_);
        QCOMPARE(value(1, GenerationHistoryModel::CreatedRole).toDateTime(), QDateTime(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC));
        QCOMPARE(value(1, GenerationHistoryModel::ShopperNameRole).toString(), QStringLiteral("Alice"));
        QCOMPARE(value(1, GenerationHistoryModel::ModelNameRole).toString(), QStringLiteral("adgen-demo"));
        QCOMPARE(value(1, GenerationHistoryModel::VariantCountRole).toInt(), 2);
        QCOMPARE(value(1, GenerationHistoryModel::FinishedCountRole).toInt(), 2);
        QCOMPARE(value(1, GenerationHistoryModel::StarredRole).toBool(), false);
        QCOMPARE(value(1, GenerationHistoryModel::StateRole).toString(), QStringLiteral("finished"));
        QCOMPARE(value(1, GenerationHistoryModel::TitlesRole).toStringList(),
                 (QStringList{QStringLiteral("Morning coffee"), QStringLiteral("Warm hands")}));
        const qint64 thumbnailId = value(1, GenerationHistoryModel::FirstVariantIdRole).toLongLong();
        QVERIFY(thumbnailId > 0);
        QCOMPARE(store_->thumbnail(thumbnailId).convertToFormat(QImage::Format_ARGB32),
                 picture(10).convertToFormat(QImage::Format_ARGB32));  // variant 1's fusion picture
        QCOMPARE(value(0, Qt::DisplayRole).toString(), QStringLiteral("Hiking boots"));
        QCOMPARE(model_->roleNames().value(GenerationHistoryModel::FirstVariantIdRole), QByteArray("firstVariantId"));
        QCOMPARE(model_->roleNames().value(GenerationHistoryModel::GenerationIdRole), QByteArray("generationId"));
        QCOMPARE(model_->rowOf(mug_), 1);
        QCOMPARE(model_->idAt(0), boots_);
        QCOMPARE(model_->idAt(5), -1);
    }

    void aGenerationBeingRecordedIsInsertedAtTheTopAndUpdatedInPlace() {
        QSignalSpy reset(model_.get(), &QAbstractItemModel::modelReset);
        QSignalSpy inserted(model_.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy count(model_.get(), &GenerationHistoryModel::countChanged);
        GenerationRecipe r = recipe(QStringLiteral("Desk lamp"), {}, 2);
        const qint64 id = store_->startGeneration(r);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(count.count(), 1);
        QCOMPARE(value(0, GenerationHistoryModel::StateRole).toString(), QStringLiteral("running"));
        QCOMPARE(value(0, GenerationHistoryModel::FinishedCountRole).toInt(), 0);
        QCOMPARE(value(0, GenerationHistoryModel::FirstVariantIdRole).toLongLong(), -1);

        QVERIFY(store_->saveVariant(id, 2, 2, QStringLiteral("Soft light"), QStringLiteral("done"), picture(3), picture(4)));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(value(0, GenerationHistoryModel::FinishedCountRole).toInt(), 1);
        QVERIFY(value(0, GenerationHistoryModel::FirstVariantIdRole).toLongLong() > 0);
        QCOMPARE(value(0, GenerationHistoryModel::TitlesRole).toStringList(), QStringList{QStringLiteral("Soft light")});

        r.variants[0].title = QStringLiteral("Half");
        r.variants[0].state = QStringLiteral("cancelled");
        r.variants[1].title = QStringLiteral("Soft light");
        r.variants[1].state = QStringLiteral("done");
        QVERIFY(store_->finishGeneration(id, r));
        QCOMPARE(value(0, GenerationHistoryModel::StateRole).toString(), QStringLiteral("finished"));
        QCOMPARE(value(0, GenerationHistoryModel::TitlesRole).toStringList(),
                 (QStringList{QStringLiteral("Half"), QStringLiteral("Soft light")}));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model_->rowCount(), 3);
    }

    void theQueryAndTheStarredFilterNarrowTheList() {
        QSignalSpy queryChanged(model_.get(), &GenerationHistoryModel::queryChanged);
        model_->setQuery(QStringLiteral("COFFEE"));
        QCOMPARE(queryChanged.count(), 1);
        QCOMPARE(products(), QStringList{QStringLiteral("Coral mug")});
        model_->setQuery(QStringLiteral("bob"));
        QCOMPARE(products(), QStringList{QStringLiteral("Hiking boots")});
        model_->setQuery(QStringLiteral("防水"));
        QCOMPARE(products(), QStringList{QStringLiteral("Hiking boots")});
        model_->setQuery({});
        QCOMPARE(model_->rowCount(), 2);

        QSignalSpy starredOnlyChanged(model_.get(), &GenerationHistoryModel::starredOnlyChanged);
        model_->setStarredOnly(true);
        QCOMPARE(starredOnlyChanged.count(), 1);
        QCOMPARE(model_->rowCount(), 0);
        QVERIFY(model_->star(mug_, true));
        QCOMPARE(products(), QStringList{QStringLiteral("Coral mug")});
        QCOMPARE(value(0, GenerationHistoryModel::StarredRole).toBool(), true);
        QVERIFY(model_->star(mug_, false));  // unstarred: it leaves the starred list
        QCOMPARE(model_->rowCount(), 0);
        model_->setStarredOnly(false);
        QCOMPARE(model_->rowCount(), 2);
    }

    void starringUpdatesTheRowInPlace() {
        QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(model_->star(boots_, true));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(value(0, GenerationHistoryModel::StarredRole).toBool(), true);
        QVERIFY(store_->generation(boots_)->starred);
    }

    void removeDeletesTheGenerationAndItsRow() {
        QSignalSpy removed(model_.get(), &QAbstractItemModel::rowsRemoved);
        QVERIFY(model_->remove(boots_));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(products(), QStringList{QStringLiteral("Coral mug")});
        QVERIFY(!store_->generation(boots_));
        QVERIFY(model_->error().isEmpty());
    }

    void failuresOfTheStoreAreReported() {
        QSignalSpy error(model_.get(), &GenerationHistoryModel::errorChanged);
        QVERIFY(!model_->remove(4242));
        QCOMPARE(error.count(), 1);
        QVERIFY2(model_->error().contains(QStringLiteral("no generation 4242")), qPrintable(model_->error()));
        QVERIFY(!model_->errorFix().isEmpty());
        QVERIFY(model_->star(mug_, true));  // the next success clears it
        QVERIFY(model_->error().isEmpty());

        GenerationHistoryModel noStore;
        QVERIFY(!noStore.star(mug_, true));
        QVERIFY(!noStore.error().isEmpty());
    }

    void theListEmptiesWhenTheStoreCloses() {
        store_->close();
        QCOMPARE(model_->rowCount(), 0);
        store_.reset();
        QCOMPARE(model_->rowCount(), 0);
        QCOMPARE(model_->store(), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestGenerationHistoryModel)
#include "tst_generation_history_model.moc"
