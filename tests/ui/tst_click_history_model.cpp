// ClickHistoryModel: editing one profile's clicks (add from files, paste, retitle, reorder,
// remove) stays in the model until save(), which writes the list in its order; adding is
// all-or-nothing and a failure says which line and file.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "click_history_model.h"
#include "click_pictures.h"
#include "profile_store.h"

namespace {

ProfileClick click(const QString& title, const QImage& image) {
    ProfileClick c;
    c.title = title;
    c.image = image;
    return c;
}

}  // namespace

class TestClickHistoryModel : public QObject {
    Q_OBJECT

private:
    QStringList titles() const {
        QStringList list;
        for (int row = 0; row < model_->rowCount(); ++row)
            list.append(model_->data(model_->index(row), ClickHistoryModel::TitleRole).toString());
        return list;
    }
    QVariant value(int row, int role) const { return model_->data(model_->index(row), role); }
    QString folder() const { return dir_->filePath(QStringLiteral("pictures")); }

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ProfileStore> store_;
    std::unique_ptr<ClickHistoryModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
    qint64 profile_ = -1;
    QImage red_, blue_, green_;

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        red_ = clickPicture(10, 8, 1);
        blue_ = clickPicture(7, 9, 2);
        green_ = clickPicture(5, 5, 3, false);
        writeClickPicture(folder(), QStringLiteral("red.png"), red_);
        writeClickPicture(folder(), QStringLiteral("blue bottle.png"), blue_);
        writeClickPicture(folder(), QStringLiteral("green.png"), green_);
        store_ = std::make_unique<ProfileStore>();
        QVERIFY(store_->open(dir_->filePath(QStringLiteral("studio.sqlite"))));
        profile_ = store_->createProfile(QStringLiteral("Alice"));
        QVERIFY(store_->setClicks(profile_, {click(QStringLiteral("Red bottle"), red_), click(QStringLiteral("蓝色 水杯"), blue_)}));
        model_ = std::make_unique<ClickHistoryModel>();
        tester_ = std::make_unique<QAbstractItemModelTester>(model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        model_->setStore(store_.get());
        model_->setProfileId(profile_);
    }
    void cleanup() {
        tester_.reset();
        model_.reset();
        store_.reset();
        dir_.reset();
    }

    void showsTheProfilesClicksInOrder() {
        QCOMPARE(model_->profileId(), profile_);
        QCOMPARE(titles(), (QStringList{"Red bottle", "蓝色 水杯"}));
        const QList<ProfileClick> stored = store_->clicks(profile_);
        QCOMPARE(value(1, ClickHistoryModel::ClickIdRole).toLongLong(), stored[1].id);
        QCOMPARE(value(1, ClickHistoryModel::ThumbnailSourceRole).toString(),
                 QStringLiteral("image://shopperclicks/%1").arg(stored[1].id));
        QCOMPARE(value(1, ClickHistoryModel::PositionRole).toInt(), 1);
        QVERIFY(!value(0, ClickHistoryModel::SimilarityRole).isValid());
        QCOMPARE(model_->imageAt(0), red_);
        QVERIFY(!model_->modified());
        QCOMPARE(model_->roleNames().value(ClickHistoryModel::ThumbnailSourceRole), QByteArray("thumbnailSource"));
    }

    void aFileAddsAPendingClickNamedAfterIt() {
        QSignalSpy modified(model_.get(), &ClickHistoryModel::modifiedChanged);
        const QString path = folder() + QStringLiteral("/blue bottle.png");
        QVERIFY(model_->addFromFile(QUrl::fromLocalFile(path).toString()));
        QCOMPARE(titles(), (QStringList{"Red bottle", "蓝色 水杯", "blue bottle"}));
        QCOMPARE(value(2, ClickHistoryModel::ClickIdRole).toLongLong(), -1);
        QCOMPARE(value(2, ClickHistoryModel::ThumbnailSourceRole).toString(), QUrl::fromLocalFile(path).toString());
        QCOMPARE(value(2, ClickHistoryModel::SourcePathRole).toString(), path);
        QCOMPARE(model_->imageAt(2), blue_);
        QVERIFY(model_->modified());
        QCOMPARE(modified.count(), 1);

        QVERIFY(model_->addFromFile(folder() + QStringLiteral("/green.png"), QStringLiteral("Green tent")));
        QCOMPARE(model_->titleAt(3), QStringLiteral("Green tent"));
    }

    void anUnreadableFileAddsNothingAndNamesIt() {
        const QString missing = folder() + QStringLiteral("/gone.png");
        QCOMPARE(model_->addFiles({folder() + QStringLiteral("/red.png"), missing}), -1);
        QCOMPARE(model_->rowCount(), 2);
        QCOMPARE(model_->error(), QStringLiteral("Image file not found: %1.").arg(missing));
        QVERIFY(!model_->modified());
        QCOMPARE(model_->addFiles({folder() + QStringLiteral("/red.png"), folder() + QStringLiteral("/green.png")}), 2);
        QVERIFY(model_->error().isEmpty());
        QCOMPARE(model_->rowCount(), 4);
    }

    void pastedLinesAddOneClickEach() {
        const QString text = QStringLiteral("Green tent\tgreen.png\n"
                                            "\n"
                                            "Brand | Red bottle 2 | red.png\n"
                                            "蓝色 水杯 大号 \"blue bottle.png\"\n");
        QSignalSpy inserted(model_.get(), &QAbstractItemModel::rowsInserted);
        QCOMPARE(model_->pasteText(text, folder()), 3);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(titles(), (QStringList{"Red bottle", "蓝色 水杯", "Green tent", "Brand | Red bottle 2", "蓝色 水杯 大号"}));
        QCOMPARE(model_->imageAt(2), green_.convertToFormat(QImage::Format_RGBA8888));
        QCOMPARE(model_->imageAt(4), blue_);
        QCOMPARE(value(3, ClickHistoryModel::SourcePathRole).toString(), folder() + QStringLiteral("/red.png"));
        QCOMPARE(value(4, ClickHistoryModel::PositionRole).toInt(), 4);
    }

    void pastedJsonKeepsItsSimilarities() {
        const QString json = QStringLiteral(R"([{"title": "Kettle", "image": "%1/red.png", "similarity": 0.7}])").arg(folder());
        QCOMPARE(model_->pasteText(json), 1);
        QCOMPARE(value(2, ClickHistoryModel::SimilarityRole).toDouble(), 0.7);
    }

    void aPasteWithAnUnreadablePictureAddsNothingAndNamesTheLine() {
        const QString text = QStringLiteral("Green tent | green.png\nLost | lost.jpg\n");
        QCOMPARE(model_->pasteText(text, folder()), -1);
        QCOMPARE(model_->rowCount(), 2);
        QVERIFY2(model_->error().startsWith(QStringLiteral("Line 2 of the pasted click history (\"Lost\", image %1/lost.jpg)")
                                                .arg(folder())),
                 qPrintable(model_->error()));
    }

    void aLineWithoutAPathIsRefusedWithTheAcceptedForms() {
        QCOMPARE(model_->pasteText(QStringLiteral("Green tent | green.png\njust a title\n"), folder()), -1);
        QVERIFY2(model_->error().contains(QStringLiteral("Line 2 of the pasted click history, \"just a title\", has no image path.")),
                 qPrintable(model_->error()));
        QVERIFY(model_->errorFix().contains(QStringLiteral("separated by a tab or \" | \"")));
        QCOMPARE(model_->pasteText(QStringLiteral("  \n"), folder()), -1);
        QCOMPARE(model_->rowCount(), 2);
    }

    void movesRetitlesAndRemovesUpdatePositions() {
        QVERIFY(model_->addFromFile(folder() + QStringLiteral("/green.png")));
        QSignalSpy moved(model_.get(), &QAbstractItemModel::rowsMoved);
        QVERIFY(model_->moveUp(2));
        QCOMPARE(titles(), (QStringList{"Red bottle", "green", "蓝色 水杯"}));
        QCOMPARE(value(1, ClickHistoryModel::PositionRole).toInt(), 1);
        QVERIFY(model_->moveDown(0));
        QCOMPARE(titles(), (QStringList{"green", "Red bottle", "蓝色 水杯"}));
        QVERIFY(!model_->moveUp(0));
        QVERIFY(!model_->moveDown(2));
        QCOMPARE(moved.count(), 2);
        QVERIFY(model_->move(0, 2));
        QCOMPARE(titles(), (QStringList{"Red bottle", "蓝色 水杯", "green"}));

        QVERIFY(model_->setTitle(2, QStringLiteral("  Green tent ")));
        QVERIFY(!model_->setTitle(2, QStringLiteral(" ")));
        QVERIFY(model_->setData(model_->index(0), QStringLiteral("Red bottle 500 ml"), Qt::EditRole));
        QCOMPARE(titles(), (QStringList{"Red bottle 500 ml", "蓝色 水杯", "Green tent"}));

        QVERIFY(model_->remove(0));
        QVERIFY(!model_->remove(5));
        QCOMPARE(titles(), (QStringList{"蓝色 水杯", "Green tent"}));
        QCOMPARE(value(0, ClickHistoryModel::PositionRole).toInt(), 0);
        QCOMPARE(value(1, ClickHistoryModel::PositionRole).toInt(), 1);
        QVERIFY(model_->modified());
        // Nothing reached the library yet.
        QCOMPARE(store_->clicks(profile_).size(), 2);
        QCOMPARE(store_->clicks(profile_).first().title, QStringLiteral("Red bottle"));
    }

    void saveWritesTheListInItsOrder() {
        QCOMPARE(model_->pasteText(QStringLiteral("Green tent | green.png"), folder()), 1);
        QVERIFY(model_->moveUp(2));
        QVERIFY(model_->remove(0));
        QVERIFY(model_->save());
        QVERIFY(!model_->modified());
        const QList<ProfileClick> stored = store_->clicks(profile_);
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored[0].title, QStringLiteral("Green tent"));
        QCOMPARE(stored[0].image, green_.convertToFormat(QImage::Format_RGBA8888));
        QCOMPARE(stored[0].sourcePath, folder() + QStringLiteral("/green.png"));
        QCOMPARE(stored[1].title, QStringLiteral("蓝色 水杯"));
        QCOMPARE(stored[1].image, blue_);
        // Read back: every click now has its library id.
        QCOMPARE(value(0, ClickHistoryModel::ClickIdRole).toLongLong(), stored[0].id);
        QCOMPARE(value(1, ClickHistoryModel::ClickIdRole).toLongLong(), stored[1].id);
        QCOMPARE(store_->profile(profile_)->clickCount, 2);
    }

    void revertDropsUnsavedEdits() {
        QVERIFY(model_->remove(0));
        QVERIFY(model_->discardChanges());
        QCOMPARE(titles(), (QStringList{"Red bottle", "蓝色 水杯"}));
        QVERIFY(!model_->modified());
    }

    void savingADeletedProfileFailsAndKeepsTheEdits() {
        QVERIFY(model_->setTitle(0, QStringLiteral("Edited")));
        QVERIFY(store_->deleteProfile(profile_));
        QVERIFY(!model_->save());
        QVERIFY2(model_->error().contains(QStringLiteral("no profile")), qPrintable(model_->error()));
        QVERIFY(model_->modified());
        QCOMPARE(model_->titleAt(0), QStringLiteral("Edited"));
    }

    void anotherProfileOrNoneCanBeShown() {
        const qint64 other = store_->createProfile(QStringLiteral("Bob"));
        QVERIFY(store_->setClicks(other, {click(QStringLiteral("Tent"), green_)}));
        QSignalSpy idChanged(model_.get(), &ClickHistoryModel::profileIdChanged);
        model_->setProfileId(other);
        QCOMPARE(titles(), QStringList{QStringLiteral("Tent")});
        QCOMPARE(idChanged.count(), 1);
        model_->setProfileId(-1);
        QCOMPARE(model_->rowCount(), 0);
        QVERIFY(!model_->save());
        QVERIFY(!model_->load(424242));
        QVERIFY(model_->error().contains(QStringLiteral("no profile 424242")));
        QCOMPARE(model_->profileId(), -1);
    }

    void changesMadeElsewhereAreShownWhenNotEditing() {
        QVERIFY(store_->setClicks(profile_, {click(QStringLiteral("From the list"), red_)}));
        QCOMPARE(titles(), QStringList{QStringLiteral("From the list")});
    }
};

QTEST_MAIN(TestClickHistoryModel)
#include "tst_click_history_model.moc"
